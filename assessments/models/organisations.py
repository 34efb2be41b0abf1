"""Organisations, their members with roles, and invitations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.validators import validate_domain_list, validate_visible_name


class Organisation(models.Model):
    name = models.CharField(
        _("name"), max_length=200, validators=[validate_visible_name]
    )
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    revenue_team_size = models.PositiveIntegerField(
        _("revenue team size"),
        null=True,
        blank=True,
        help_text=_("People in marketing, lead management and sales together."),
    )
    monthly_lead_volume = models.PositiveIntegerField(
        _("monthly lead volume"),
        null=True,
        blank=True,
        help_text=_("New leads in a typical month."),
    )
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="clients",
        limit_choices_to={"is_staff": True},
        verbose_name=_("consultants"),
        help_text=_("Staff users who advise this organisation and see its data."),
    )
    anonymous_rounds = models.BooleanField(
        _("new rounds are anonymous"),
        default=False,
        help_text=_(
            "A round takes this when it opens and keeps it: in an anonymous round "
            "nobody sees another person's answers or point."
        ),
    )
    anonymity_threshold = models.PositiveSmallIntegerField(
        _("smallest group shown"),
        default=3,
        help_text=_(
            "In an anonymous round a role's result is shown only when at least this "
            "many people of the role answered (2 or more)."
        ),
    )
    # Set by staff only: a domain decides how everyone with such an address logs in,
    # so the site's operators check that the organisation owns it (docs/security.md).
    sso_domains = models.CharField(
        _("single sign-on domains"),
        max_length=500,
        blank=True,
        validators=[validate_domain_list],
        help_text=_(
            "E-mail domains whose people may sign in with single sign-on, separated "
            "by commas (example.com, example.org)."
        ),
    )
    sso_only = models.BooleanField(
        _("single sign-on only"),
        default=False,
        help_text=_(
            "People with an address of these domains cannot log in with a password "
            "or reset one: they use single sign-on."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymity_threshold__gte=2),
                name="organisation_anonymity_threshold_at_least_2",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_additional_data(self) -> dict:
        # Read by django-auditlog: lets an organisation's admins see its changes.
        return {"organisation_id": self.pk}


class Role(models.TextChoices):
    MARKETING = "marketing", _("Marketing")
    SALES = "sales", _("Sales")
    LEAD_MANAGEMENT = "lead_management", _("Lead management")
    LEADERSHIP = "leadership", _("Leadership")
    OTHER = "other", _("Other")


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.OTHER
    )
    is_admin = models.BooleanField(
        _("organisation admin"),
        default=False,
        help_text=_("Admins invite colleagues, manage members and close rounds."),
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        ordering = ["organisation", "joined_at"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                name="membership_unique_user_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"

    def get_additional_data(self) -> dict:
        # Read by django-auditlog: lets an organisation's admins see its changes.
        return {"organisation_id": self.organisation_id}


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    email = models.EmailField(
        _("email"),
        max_length=150,
        blank=True,
        help_text=_("When set, only the account of this confirmed address may accept."),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.OTHER
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("used by"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return _("Invitation to %(organisation)s") % {"organisation": self.organisation}

    def get_additional_data(self) -> dict:
        # Read by django-auditlog: lets an organisation's admins see its changes.
        return {"organisation_id": self.organisation_id}
