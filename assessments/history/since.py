"""What changed since the previous year: a respondent's own result against their
earlier one, and a team's against the team's, with the statements that moved."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessments import scoring
from assessments.answering import answer_scoring
from assessments.answering.answer_scoring import response_answer_values
from assessments.history import change
from assessments.models import Membership, Response, Round
from assessments.questionnaire.data import QuestionnaireData, questionnaire_data
from assessments.teams import results as team_results
from assessments.teams import round_store


@dataclass(frozen=True)
class Since:
    """The change since an earlier year, or only that earlier year's absence."""

    year: int | None
    change: change.Change | None
    before_data: QuestionnaireData | None = None
    after_data: QuestionnaireData | None = None
    is_team: bool = False
    is_private: bool = False
    after_year: int | None = None


def _statements(inputs: Mapping[str, object]) -> list[scoring.Statement]:
    return [*inputs["relationship"], *inputs["maturity"]]


AXIS_PARTS = {
    "relationship": "relationship",
    "maturity": "maturity",
    "stage": "diagnostic",
}


def version_terms(before: QuestionnaireData, after: QuestionnaireData) -> dict:
    """How two years' questionnaires compare: their versions, the declared mapping of
    the later one's questions to the earlier one's, and the axes that compare."""
    versions = (before.questionnaire.version, after.questionnaire.version)
    mapping = change.version_mapping(
        {code: q.same_as for code, q in after.questions.items()}, before.questions
    )
    comparable = change.comparable_axes(
        mapping,
        {
            axis: [q.code for q in after.part_questions(kind)]
            for axis, kind in AXIS_PARTS.items()
        },
    )
    return {"versions": versions, "mapping": mapping, "comparable": comparable}


def response_since(
    *, response: Response, data: QuestionnaireData, result: scoring.Result
) -> Since:
    """A submitted response against the same respondent's latest earlier submitted
    response in the same organisation."""
    previous = (
        Response.objects.filter(
            respondent_id=response.respondent_id,
            round__organisation_id=response.round.organisation_id,
            round__year__lt=response.round.year,
            status=Response.Status.SUBMITTED,
        )
        .select_related("round__questionnaire")
        .order_by("-round__year")
        .first()
    )
    if previous is None:
        return Since(year=None, change=None)
    before_data = questionnaire_data(previous.round.questionnaire)
    before_inputs = answer_scoring.scoring_inputs(
        before_data, response_answer_values(previous)
    )
    after_inputs = answer_scoring.scoring_inputs(data, response_answer_values(response))
    before = scoring.score(
        **before_inputs,
        revenue_team_size=previous.revenue_team_size,
        monthly_lead_volume=previous.monthly_lead_volume,
    )
    return Since(
        year=previous.round.year,
        change=change.compare(
            before=before,
            after=result,
            before_statements=_statements(before_inputs),
            after_statements=_statements(after_inputs),
            before_diagnostics=before_inputs["diagnostics"],
            after_diagnostics=after_inputs["diagnostics"],
            **version_terms(before_data, data),
        ),
        before_data=before_data,
        after_data=data,
        after_year=response.round.year,
    )


def _one_persons(combined: team_results.RoundResult, *, viewer: Membership) -> bool:
    return (
        not viewer.is_admin
        and len(combined.respondents) == 1
        and combined.respondents[0].response.respondent_id != viewer.user_id
    )


def round_since(
    *, round: Round, combined: team_results.RoundResult, viewer: Membership
) -> Since:
    """A round's team result against the team result of the latest earlier round with
    a submitted response. Private (admins only) while either year is one person's."""
    if combined.team is None:
        return Since(year=None, change=None, is_team=True)
    previous = (
        Round.objects.filter(
            organisation_id=round.organisation_id,
            year__lt=round.year,
            responses__status=Response.Status.SUBMITTED,
        )
        .select_related("questionnaire")
        .order_by("-year")
        .first()
    )
    if previous is None:
        return Since(year=None, change=None, is_team=True)
    earlier = round_store.round_result_stored(round=previous)
    before, after = earlier.team, combined.team
    return Since(
        year=previous.year,
        change=change.compare(
            before=before.result,
            after=after.result,
            before_statements=before.statements,
            after_statements=after.statements,
            before_diagnostics=before.diagnostics,
            after_diagnostics=after.diagnostics,
            **version_terms(earlier.data, combined.data),
        ),
        before_data=earlier.data,
        after_data=combined.data,
        after_year=round.year,
        is_team=True,
        is_private=_one_persons(earlier, viewer=viewer)
        or _one_persons(combined, viewer=viewer),
    )
