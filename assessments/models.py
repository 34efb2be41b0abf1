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
    asks_numbers = models.BooleanField(
        _("asks for the team's numbers"),
        default=False,
        help_text=_(
            "Adds the optional step “Your numbers” (funnel, speed to first contact, "
            "pipeline, known sources) before the stage diagnostics."
        ),
    )
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

    class RatingScale(models.TextChoices):
        AGREEMENT = "agreement", _("Agreement, 1 strongly disagree to 5 strongly agree")
        DEFINITION_USE = (
            "definition_use",
            _("Definition and use, 1 not in place to 5 used and reviewed against data"),
        )

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.CASCADE,
        related_name="parts",
        verbose_name=_("questionnaire"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    intro_de = models.TextField(_("introduction (German)"), blank=True)
    rating_scale = models.CharField(
        _("rating scale"),
        max_length=20,
        choices=RatingScale.choices,
        default=RatingScale.AGREEMENT,
        help_text=_(
            "What the ratings 1-5 of this part mean; the definition-and-use scale "
            "lets the result tell written-down practices from lived ones."
        ),
    )
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

    class LeadStage(models.TextChoices):
        """The six stages of lead management a statement covers."""

        GENERATION = "generation", _("Lead generation")
        QUALIFICATION = "qualification", _("Lead qualification")
        NURTURING = "nurturing", _("Lead nurturing")
        DISTRIBUTION = "distribution", _("Lead distribution")
        PURSUIT = "pursuit", _("Lead pursuit")
        TRACKING = "tracking", _("Lead tracking and reporting")

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
    text_de = models.TextField(_("text (German)"), blank=True)
    help_text_de = models.TextField(_("help text (German)"), blank=True)
    action_de = models.TextField(_("action (German)"), blank=True)
    phase = models.PositiveSmallIntegerField(
        _("phase"),
        choices=Phase.choices,
        null=True,
        blank=True,
        help_text=_(
            "Maturity phase the statement evidences (lead management part only)."
        ),
    )
    lm_stage = models.CharField(
        _("lead management stage"),
        max_length=20,
        choices=LeadStage.choices,
        blank=True,
        help_text=_(
            "Which of the six stages of lead management the statement covers "
            "(lead management part only)."
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
    label_de = models.CharField(_("label (German)"), max_length=100, blank=True)
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
    consultants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="clients",
        limit_choices_to={"is_staff": True},
        verbose_name=_("consultants"),
        help_text=_("Staff users who advise this organisation and see its data."),
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


class Action(models.Model):
    """One step of an organisation's action plan, adopted from an upgrade path or
    added freely by an admin."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    class Source(models.TextChoices):
        STATEMENT = "statement", _("Statement")
        REQUIREMENT = "requirement", _("Next-stage requirement")
        FREE = "free", _("Added by an admin")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("organisation"),
    )
    round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("round"),
        help_text=_("The assessment whose upgrade path the action was adopted from."),
    )
    year = models.PositiveSmallIntegerField(
        _("year adopted"),
        help_text=_("The assessment year the action follows up."),
    )
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.FREE
    )
    source_code = models.CharField(
        _("source code"),
        max_length=40,
        blank=True,
        help_text=_("Code of the statement or requirement the action came from."),
    )
    owner = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organisation", "due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="action_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(source="free", source_code="")
                | (~Q(source="free") & ~Q(source_code="")),
                name="action_source_has_code",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)


class Reminder(models.Model):
    """A reminder email item that went out, so a repeated run does not send it again."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Time for this year's assessment")
        ACTION = "action", _("Action due")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("organisation"),
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("action"),
    )
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "recipient"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["recipient", "kind", "sent_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.sent_on})"


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
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        ordering = ["round"]
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


class Profile(models.Model):
    """Per-user settings that outlive a session: the language the site and its
    emails use for this person."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lmm_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)
