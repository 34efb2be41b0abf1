"""Read-only links to a report, for people without an account."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.organisations import Organisation
from assessments.models.responses import Response, Round


class ShareLink(models.Model):
    """A link that opens one report (a result, a team page or the history) as a PDF,
    without an account, until it expires or is revoked. Only a hash of its secret is
    stored."""

    class Kind(models.TextChoices):
        RESPONSE = "response", _("Result")
        ROUND = "round", _("Team result")
        HISTORY = "history", _("History")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="share_links",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("report"), max_length=10, choices=Kind.choices)
    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="share_links",
        verbose_name=_("round"),
    )
    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="share_links",
        verbose_name=_("response"),
    )
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="share_links",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("last opened at"), null=True, blank=True)
    open_count = models.PositiveIntegerField(_("times opened"), default=0)

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = _("share link")
        verbose_name_plural = _("share links")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="response", response__isnull=False, round__isnull=True)
                | Q(kind="round", round__isnull=False, response__isnull=True)
                | Q(kind="history", round__isnull=True, response__isnull=True),
                name="share_link_target_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.organisation}"
