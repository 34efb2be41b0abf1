"""The questionnaire: versions, parts, questions and their choices."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
        """The six lead-process areas (Carroll's six stages of lead management) a
        statement covers; "stage" on the pages means only the four stages."""

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
        _("lead-process area"),
        max_length=20,
        choices=LeadStage.choices,
        blank=True,
        help_text=_(
            "Which of the six lead-process areas the statement covers "
            "(lead management part only)."
        ),
    )
    same_as = models.SlugField(
        _("same question as"),
        max_length=40,
        blank=True,
        # Read with its version's questions, never looked up by itself.
        db_index=False,
        help_text=_(
            "Code of the question in the previous version that asks exactly the same "
            "on the same scale; empty when the question is new or changed. Years are "
            "compared statement by statement only through this mapping."
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
