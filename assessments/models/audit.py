"""Events of the audit trail that are not a model change: log-ins, exports, views."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.organisations import Organisation


class AuditEvent(models.Model):
    class Kind(models.TextChoices):
        LOG_IN = "log_in", _("Log-in")
        LOG_IN_FAILED = "log_in_failed", _("Failed log-in")
        SSO_LOG_IN = "sso_log_in", _("Single sign-on log-in")
        SSO_LOG_IN_FAILED = "sso_log_in_failed", _("Failed single sign-on log-in")
        LOG_OUT = "log_out", _("Log-out")
        EXPORT = "export", _("Export")
        CONSULTANT_VIEW = "consultant_view", _("Consultant view")
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")
        API_TOKEN_USE = "api_token_use", _("API token use")
        SHARE_LINK_OPEN = "share_link_open", _("Share link opened")

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("organisation"),
    )
    target = models.CharField(
        _("what"),
        max_length=200,
        blank=True,
        help_text=_("The page or file, or the log-in name typed."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["organisation", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
