"""The writes, by feature, kept importable under their old name.

The services live in the feature modules below; `services.X` still works because
views, other services and tests across the project import it this way.
"""

from assessments.answer_scoring import (
    missing_codes,
    required_codes,
    response_result,
    result_for,
    scoring_inputs,
    validate_answers,
)
from assessments.organisations import organisation_create, round_get_or_create
from assessments.questionnaire_versions import (
    AGREEMENT_VALUES,
    YES_NO_VALUES,
    questionnaire_new_version,
    questionnaire_problems,
    questionnaire_publish,
)
from assessments.responses import (
    MESSAGE_ROUND_CLOSED,
    MESSAGE_SUBMITTED,
    MESSAGE_UNCONFIRMED_STEPS,
    ensure_editable,
    mark_step,
    response_get_or_create,
    response_save_and_submit,
    response_save_answers,
    response_submit,
)

__all__ = [
    "AGREEMENT_VALUES",
    "MESSAGE_ROUND_CLOSED",
    "MESSAGE_SUBMITTED",
    "MESSAGE_UNCONFIRMED_STEPS",
    "YES_NO_VALUES",
    "ensure_editable",
    "mark_step",
    "missing_codes",
    "organisation_create",
    "questionnaire_new_version",
    "questionnaire_problems",
    "questionnaire_publish",
    "required_codes",
    "response_get_or_create",
    "response_result",
    "response_save_and_submit",
    "response_save_answers",
    "response_submit",
    "result_for",
    "round_get_or_create",
    "scoring_inputs",
    "validate_answers",
]
