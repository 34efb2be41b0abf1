"""The action plan of an organisation and the reminders sent about it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assessments.models.organisations import Membership, Organisation
from assessments.models.responses import Round


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

    def get_additional_data(self) -> dict:
        # Read by django-auditlog: lets an organisation's admins see its changes.
        return {"organisation_id": self.organisation_id}

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
        # One row per reminder and day: the claim that makes overlapping runs of
        # send_reminders send each once (plans/reminders.py). NULLs are distinct in
        # a unique index, so reminders without an action have a constraint of
        # their own.
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "organisation", "action", "sent_on"],
                condition=models.Q(action__isnull=False),
                name="reminder_once_a_day_per_action",
            ),
            models.UniqueConstraint(
                fields=["kind", "recipient", "organisation", "sent_on"],
                condition=models.Q(action__isnull=True),
                name="reminder_once_a_day_without_action",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.sent_on})"
