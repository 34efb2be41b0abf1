"""Rounds of an organisation, the responses to them, their answers and numbers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.organisations import Organisation, Role
from assessments.models.questionnaire import Choice, Question, Questionnaire


class RoundQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(organisation__memberships__user=user)

    def for_consultant(self, user):
        return self.filter(organisation__consultants=user)


class Round(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="rounds",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="rounds",
        verbose_name=_("questionnaire"),
        help_text=_("The version every response of this round is answered with."),
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=False,
        help_text=_(
            "Set when the round opens and never changed: nobody sees another "
            "person's answers or point, and a role only from enough respondents."
        ),
    )
    is_closed = models.BooleanField(_("closed"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "-year"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="round_unique_year_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="round_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    def get_additional_data(self) -> dict:
        # Read by django-auditlog: lets an organisation's admins see its changes.
        return {"organisation_id": self.organisation_id}


# What a result is stored as, on a response at submission and on a round's team
# result, and the organisation's size it was judged at (the scale check).
RESULT_FIELDS = ("x", "y", "relationship_level", "maturity_level", "stage", "verdict")
SCALE_FIELDS = ("revenue_team_size", "monthly_lead_volume")


class Verdict(models.TextChoices):
    ON_PATH = "on_path", _("On the ideal path")
    ABOVE_PATH = "above_path", _("Above the path: defined on paper, not lived")
    BELOW_PATH = "below_path", _("Below the path: lacking definition")


class Response(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    round = models.ForeignKey(
        Round,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("round"),
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("respondent"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    last_step = models.PositiveSmallIntegerField(
        _("last step saved"), default=0, help_text=_("Where the respondent resumes.")
    )
    confirmed_steps = models.JSONField(
        _("confirmed steps"),
        default=list,
        blank=True,
        help_text=_(
            "Keys of the steps saved complete in this round; all are needed to submit."
        ),
    )
    seeded_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seeded from"),
        help_text=_(
            "Last year's response whose answers are offered as a starting point."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    # Computed once, at submission, from answers that can no longer change.
    x = models.FloatField(_("x (relationship)"), null=True, blank=True)
    y = models.FloatField(_("y (lead management)"), null=True, blank=True)
    relationship_level = models.PositiveSmallIntegerField(
        _("relationship level"), null=True, blank=True
    )
    maturity_level = models.PositiveSmallIntegerField(
        _("maturity level"), null=True, blank=True
    )
    stage = models.PositiveSmallIntegerField(_("stage"), null=True, blank=True)
    verdict = models.CharField(
        _("verdict"), max_length=12, choices=Verdict.choices, blank=True, default=""
    )
    revenue_team_size = models.PositiveIntegerField(
        _("revenue team size at submission"), null=True, blank=True
    )
    monthly_lead_volume = models.PositiveIntegerField(
        _("monthly lead volume at submission"), null=True, blank=True
    )

    class Meta:
        ordering = ["round", "created_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "respondent"],
                name="response_unique_respondent_per_round",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(submitted_at__isnull=False, stage__isnull=False),
                name="response_submitted_has_result",
            ),
        ]
        # The newest submission anywhere, read by the portfolio's freshness check.
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="response_submitted")
        ]

    def __str__(self) -> str:
        return f"{self.respondent} – {self.round}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    response = models.ForeignKey(
        Response,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("response"),
        # The unique (response, question) index starts with it and serves every
        # lookup by response; a second index only slowed down writing answers.
        db_index=False,
    )
    question = models.ForeignKey(
        Question,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("question"),
    )
    choice = models.ForeignKey(
        Choice,
        on_delete=models.PROTECT,
        related_name="answers",
        verbose_name=_("choice"),
    )
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        ordering = ["response", "question__part__position", "question__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                name="answer_unique_question_per_response",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code} = {self.choice.value}"


class ResponseNumbers(models.Model):
    """The optional figures a respondent gives: a typical month's funnel and more."""

    response = models.OneToOneField(
        Response,
        on_delete=models.CASCADE,
        related_name="numbers",
        verbose_name=_("response"),
    )
    inquiries = models.PositiveIntegerField(
        _("inquiries per month"), null=True, blank=True
    )
    mqls = models.PositiveIntegerField(
        _("marketing qualified leads (MQL) per month"), null=True, blank=True
    )
    sals = models.PositiveIntegerField(
        _("sales accepted leads (SAL) per month"), null=True, blank=True
    )
    sqls = models.PositiveIntegerField(
        _("sales qualified leads (SQL) per month"), null=True, blank=True
    )
    won_deals = models.PositiveIntegerField(
        _("won deals per month"), null=True, blank=True
    )
    hours_to_first_contact = models.PositiveIntegerField(
        _("median hours to first contact"), null=True, blank=True
    )
    pipeline_created = models.PositiveBigIntegerField(
        _("pipeline created per month"), null=True, blank=True
    )
    known_source_share = models.PositiveSmallIntegerField(
        _("share of won deals with a known source (%)"), null=True, blank=True
    )

    class Meta:
        ordering = ["response"]
        verbose_name = _("numbers of a response")
        verbose_name_plural = _("numbers of responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(known_source_share__isnull=True)
                | Q(known_source_share__lte=100),
                name="numbers_share_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(sals__isnull=True)
                | Q(mqls__isnull=True)
                | Q(sals__lte=models.F("mqls")),
                name="numbers_sals_not_above_mqls",
            ),
        ]

    def __str__(self) -> str:
        return _("Numbers of %(response)s") % {"response": self.response}
