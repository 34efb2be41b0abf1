"""The reads, by feature, kept importable under their old name.

The selectors live in the feature modules below; `selectors.X` still works because
views, services and tests across the project import it this way.
"""

from assessments.access import (
    ConsultantViewer,
    consults,
    membership_get_for_user,
    organisations_for_staff,
    response_get_for_user,
    round_get_for_reader,
    round_get_for_user,
)
from assessments.answer_scoring import response_answer_values
from assessments.organisations import (
    HomeCard,
    home_cards,
    memberships_for_user,
    organisation_members,
    organisation_pending_invitations,
)
from assessments.questionnaire_data import (
    QUESTIONNAIRE_CACHE_TIMEOUT,
    QUESTIONNAIRE_CACHE_VERSION,
    QuestionnaireData,
    questionnaire_current,
    questionnaire_data,
)
from assessments.responses import submitted_responses
from assessments.seeding import Seed, response_answers_and_seeds, response_seed_source
from assessments.steps import (
    NUMBERS_STEP,
    OWNERSHIP_INTRO,
    RELATIONSHIP_STEP_SIZE,
    Step,
    first_open_step,
    response_resume_step,
    response_steps,
)

__all__ = [
    "NUMBERS_STEP",
    "OWNERSHIP_INTRO",
    "QUESTIONNAIRE_CACHE_TIMEOUT",
    "QUESTIONNAIRE_CACHE_VERSION",
    "RELATIONSHIP_STEP_SIZE",
    "ConsultantViewer",
    "HomeCard",
    "QuestionnaireData",
    "Seed",
    "Step",
    "consults",
    "first_open_step",
    "home_cards",
    "membership_get_for_user",
    "memberships_for_user",
    "organisation_members",
    "organisation_pending_invitations",
    "organisations_for_staff",
    "questionnaire_current",
    "questionnaire_data",
    "response_answer_values",
    "response_answers_and_seeds",
    "response_get_for_user",
    "response_resume_step",
    "response_seed_source",
    "response_steps",
    "round_get_for_reader",
    "round_get_for_user",
    "submitted_responses",
]
