"""The data model, a module per feature; every model is importable from here."""

from assessments.models.api import ApiToken
from assessments.models.audit import AuditEvent
from assessments.models.consultants import Advice, TeamResult
from assessments.models.jobs import Job
from assessments.models.organisations import Invitation, Membership, Organisation, Role
from assessments.models.plans import Action, Reminder
from assessments.models.profiles import Profile
from assessments.models.questionnaire import Choice, Part, Question, Questionnaire
from assessments.models.responses import (
    RESULT_FIELDS,
    SCALE_FIELDS,
    Answer,
    Response,
    ResponseNumbers,
    Round,
    RoundQuerySet,
    Verdict,
)
from assessments.models.sharing import ShareLink
from assessments.models.webhooks import Webhook, WebhookDelivery, WebhookEvent

__all__ = [
    "RESULT_FIELDS",
    "SCALE_FIELDS",
    "Questionnaire",
    "Part",
    "Question",
    "Choice",
    "Organisation",
    "Role",
    "Membership",
    "Invitation",
    "RoundQuerySet",
    "Round",
    "Verdict",
    "Response",
    "Answer",
    "ResponseNumbers",
    "Action",
    "Reminder",
    "TeamResult",
    "Advice",
    "Profile",
    "ApiToken",
    "ShareLink",
    "Webhook",
    "WebhookDelivery",
    "WebhookEvent",
    "Job",
    "AuditEvent",
]
