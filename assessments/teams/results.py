"""Teams: members, invitations, closing a round, and the round's combined result."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from assessments import scoring
from assessments.answering import answer_scoring
from assessments.answering import numbers as numbers_service
from assessments.models import (
    Answer,
    Membership,
    Response,
    Role,
    Round,
)
from assessments.questionnaire.data import QuestionnaireData, questionnaire_data
from assessments.scoring import Numbers


@dataclass(frozen=True)
class RespondentResult:
    response: Response
    result: scoring.Result


@dataclass(frozen=True)
class GroupResult:
    role: str
    count: int
    result: scoring.Result
    statements: tuple[scoring.Statement, ...]
    diagnostics: Mapping[str, bool] = field(default_factory=dict)
    # How many members each stage 1-4 has, by their own diagnostics.
    stage_spread: Mapping[int, int] = field(default_factory=dict)
    # Statements the members rate two or more steps apart.
    splits: tuple[str, ...] = ()


@dataclass(frozen=True)
class RoundResult:
    """Everything the round page shows, from the round's submitted responses."""

    data: QuestionnaireData
    respondents: tuple[RespondentResult, ...]
    team: GroupResult | None
    roles: tuple[GroupResult, ...]
    gap: scoring.PerceptionGap | None
    # Assessment v2: how the respondents voted on each diagnostic, and their figures.
    votes: dict[str, tuple[int, int]] = field(default_factory=dict)
    numbers: Numbers | None = None
    # Submitted responses, also where `respondents` lists fewer (anonymous rounds).
    submitted: int = 0

    @property
    def has_team_view(self) -> bool:
        # The team's count, not the respondents listed: an anonymous round lists
        # none but the reader's own.
        return self.team is not None and self.team.count > 1


def combine_group(
    role: str, inputs: list[dict], scale: tuple, numbers: Numbers | None = None
) -> GroupResult:
    """One group's (the team's or a role's) result from its members' scoring inputs:
    median ratings, majority diagnostics, the stage at most what half the members
    reach. A function of the responses alone, so it can be stored."""
    relationship = scoring.team_statements([i["relationship"] for i in inputs])
    maturity = scoring.team_statements([i["maturity"] for i in inputs])
    answers = [i["diagnostics"] for i in inputs]
    diagnostics = scoring.team_diagnostics(answers)
    result = scoring.score(
        relationship=relationship,
        maturity=maturity,
        diagnostics=diagnostics,
        revenue_team_size=scale[0],
        monthly_lead_volume=scale[1],
        maturity_scale=inputs[0]["maturity_scale"],
        numbers=numbers,
        stage=scoring.team_stage(answers),
    )
    return GroupResult(
        role=role,
        count=len(inputs),
        result=result,
        statements=tuple(relationship + maturity),
        diagnostics=diagnostics,
        stage_spread=scoring.stage_spread(answers),
        splits=scoring.split_statements(relationship + maturity),
    )


def round_result(*, round: Round) -> RoundResult:
    """Combine the round's submitted responses: team, roles, respondents and the gap.

    Runs a fixed number of queries whatever the number of respondents.
    """
    data = questionnaire_data(round.questionnaire)
    responses = list(
        Response.objects.filter(round=round, status=Response.Status.SUBMITTED)
        .select_related("respondent")
        .order_by("submitted_at", "pk")
    )
    answers: dict[int, dict[str, int]] = {r.pk: {} for r in responses}
    for response_id, code, value in Answer.objects.filter(
        response__in=responses
    ).values_list("response_id", "question__code", "choice__value"):
        answers[response_id][code] = value
    numbers = numbers_service.numbers_by_response(r.pk for r in responses)
    return round_result_from(
        data=data, responses=responses, answers=answers, numbers=numbers
    )


def round_result_from(
    *,
    data: QuestionnaireData,
    responses: Sequence[Response],
    answers: Mapping[int, Mapping[str, int]],
    numbers: Mapping[int, Numbers] | None = None,
) -> RoundResult:
    """`round_result` from responses, answers and figures already loaded: no queries.

    `responses` are the round's submitted responses in submission order; `answers`
    maps each response id to its {code: value}; `numbers` each response id to the
    figures it gave (responses without any are left out).
    """
    inputs = {
        r.pk: answer_scoring.scoring_inputs(data, answers[r.pk]) for r in responses
    }
    respondents = tuple(
        RespondentResult(
            response=r,
            result=scoring.score(
                **inputs[r.pk],
                revenue_team_size=r.revenue_team_size,
                monthly_lead_volume=r.monthly_lead_volume,
            ),
        )
        for r in responses
    )
    # The team is judged at the size the organisation had at the latest submission.
    scale = (
        (responses[-1].revenue_team_size, responses[-1].monthly_lead_volume)
        if responses
        else (None, None)
    )
    numbers = numbers or {}
    team_numbers = numbers_service.team_numbers(
        numbers[r.pk] for r in responses if r.pk in numbers
    )
    team = (
        combine_group("team", list(inputs.values()), scale, team_numbers)
        if responses
        else None
    )
    roles = tuple(
        combine_group(role, [inputs[r.pk] for r in responses if r.role == role], scale)
        for role in Role.values
        if any(r.role == role for r in responses)
    )
    by_role = {group.role: group for group in roles}
    gap = None
    if Role.MARKETING in by_role and Role.SALES in by_role:
        marketing, sales = by_role[Role.MARKETING], by_role[Role.SALES]
        gap = scoring.perception_gap(
            first=marketing.result,
            second=sales.result,
            first_statements=marketing.statements,
            second_statements=sales.statements,
        )
    return RoundResult(
        data=data,
        respondents=respondents,
        team=team,
        roles=roles,
        gap=gap,
        votes=scoring.diagnostic_votes([i["diagnostics"] for i in inputs.values()]),
        numbers=team_numbers,
        submitted=len(responses),
    )


def roles_are_anonymous(combined: RoundResult, *, roles: tuple[str, ...]) -> bool:
    """True when each of the roles has several respondents, so that a role's mean rating
    of a statement does not reveal one person's answer."""
    counts = {group.role: group.count for group in combined.roles}
    return all(counts.get(role, 0) > 1 for role in roles)


def visible_roles(combined: RoundResult, *, viewer: Membership) -> frozenset[str]:
    """Roles whose point and respondents' rows the viewer may see.

    Admins see every role. Other members see a role only while it has several
    respondents, as for statement ratings, or when they are its one respondent.
    """
    if viewer.is_admin:
        return frozenset(group.role for group in combined.roles)
    own_roles = {
        item.response.role
        for item in combined.respondents
        if item.response.respondent_id == viewer.user_id
    }
    return frozenset(
        group.role
        for group in combined.roles
        if group.count > 1 or group.role in own_roles
    )
