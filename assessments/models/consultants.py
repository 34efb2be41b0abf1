"""What consultants keep: stored team results and their advice to clients."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.models.responses import Round, Verdict


class TeamResult(models.Model):
    """A round's combined team result, stored so that portfolios and benchmarks read
    one row per round instead of scoring every answer again."""

    round = models.OneToOneField(
        Round,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="team_result",
        verbose_name=_("round"),
    )
    # The signature of the submitted responses the row was computed from: a new or
    # deleted submission changes it, and the row is computed again.
    respondents = models.PositiveIntegerField(_("respondents"))
    last_submitted_at = models.DateTimeField(_("last submission"))
    x = models.FloatField(_("x (relationship)"))
    y = models.FloatField(_("y (lead management)"))
    relationship_level = models.PositiveSmallIntegerField(_("relationship level"))
    maturity_level = models.PositiveSmallIntegerField(_("maturity level"))
    stage = models.PositiveSmallIntegerField(_("stage"))
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    distance = models.FloatField(_("distance from the ideal path"))
    revenue_team_size = models.PositiveIntegerField(
        _("revenue team size"), null=True, blank=True
    )
    monthly_lead_volume = models.PositiveIntegerField(
        _("monthly lead volume"), null=True, blank=True
    )
    # The marketing-sales perception gap (distance on each axis) and each role's
    # respondents, so an anonymous round's list can hide a gap of too few people.
    gap_x = models.FloatField(_("perception gap x"), null=True, blank=True)
    gap_y = models.FloatField(_("perception gap y"), null=True, blank=True)
    marketing_respondents = models.PositiveIntegerField(
        _("marketing respondents"), default=0
    )
    sales_respondents = models.PositiveIntegerField(_("sales respondents"), default=0)
    # Rows stored before a field was added are computed again (stored_results).
    version = models.PositiveSmallIntegerField(_("version"), default=0)
    # The organisation's newest year with a result: the portfolio lists these rows
    # and reads no other year (kept by `stored_results.latest_mark`).
    is_latest = models.BooleanField(_("latest of its organisation"), default=False)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        ordering = ["round"]
        indexes = [
            models.Index(
                fields=["round"],
                condition=models.Q(is_latest=True),
                name="teamresult_latest",
            ),
            models.Index(fields=["last_submitted_at"], name="teamresult_submitted"),
            # Rows stored by older code, found without reading every row.
            models.Index(fields=["version"], name="teamresult_version"),
        ]
        verbose_name = _("team result")
        verbose_name_plural = _("team results")

    def __str__(self) -> str:
        return _("Team result of %(round)s") % {"round": self.round}


class Advice(models.Model):
    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        MEDIUM = 2, _("Medium")
        LOW = 3, _("Low")

    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="advice",
        verbose_name=_("round"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("consultant"),
    )
    # Kept with the text, so the advice still says who gave it after the account goes.
    author_name = models.CharField(_("consultant's name"), max_length=200)
    text = models.TextField(_("recommendation"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, null=True, blank=True
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["round", "created_at"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return _("Recommendation for %(round)s") % {"round": self.round}
