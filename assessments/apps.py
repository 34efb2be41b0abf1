from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        # Registers the deploy check on DJANGO_PROXY_COUNT, what a log-in
        # records for the second factor, and the changes lists of clients follow.
        from assessments.accounts import checks, two_factor  # noqa: F401
        from assessments.audit import events  # noqa: F401
        from assessments.organisations import generation  # noqa: F401
