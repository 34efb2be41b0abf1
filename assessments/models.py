from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.validators import validate_visible_name


class Questionnaire(models.Model):
    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("A published version is frozen: edit a new version instead."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")

    def __str__(self) -> str:
        return _("%(title)s (version %(version)s)") % {
            "title": self.title,
            "version": self.version,
        }


class Part(models.Model):
    class Kind(models.TextChoices):
        RELATIONSHIP = "relationship", _("Marketing–sales relationship")
        MATURITY = "maturity", _("Lead management maturity")
        DIAGNOSTIC = "diagnostic", _("Stage diagnostics")

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("questionnaire"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["questionnaire", "position"]
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "kind"], name="part_unique_kind_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.questionnaire.version})"


class Question(models.Model):
    class Phase(models.IntegerChoices):
        TERMINOLOGY = 2, _("Defined lead management terminology")
        PROCESS = 3, _("Defined lead management process")
        DEPARTMENT = 4, _("Dedicated lead management department")

    part = models.ForeignKey(
        Part, on_delete=models.CASCADE, related_name="questions", verbose_name=_("part")
    )
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Stable identifier used by imports, exports and scoring."),
    )
    text = models.TextField(_("text"))
    help_text = models.TextField(_("help text"), blank=True)
    action = models.TextField(
        _("action"),
        blank=True,
        help_text=_("What to do when this item is weak; shown on the upgrade path."),
    )
    phase = models.PositiveSmallIntegerField(
        _("phase"),
        choices=Phase.choices,
        null=True,
        blank=True,
        help_text=_(
            "Maturity phase the statement evidences (lead management part only)."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["part__position", "position"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(
                fields=["part", "code"], name="question_unique_code_per_part"
            ),
            models.CheckConstraint(
                condition=Q(phase__isnull=True) | Q(phase__gte=2, phase__lte=4),
                name="question_phase_2_to_4",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Choice(models.Model):
    question = models.ForeignKey(
        Question,
        on_delete=models.CASCADE,
        related_name="choices",
        verbose_name=_("question"),
    )
    value = models.SmallIntegerField(_("value"))
    label = models.CharField(_("label"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["question", "position"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "value"], name="choice_unique_value_per_question"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0, value__lte=5), name="choice_value_0_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} – {self.label}"


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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


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


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
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


class RoundQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(organisation__memberships__user=user)


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
