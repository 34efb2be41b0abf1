"""Stored team results: one row per round with a submitted response, kept in step with
the round's submissions, so that portfolios and benchmarks read rows, not answers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from django.db.models import Count, F, Max, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from assessments import scoring
from assessments.answering import answer_scoring
from assessments.models import (
    RESULT_FIELDS,
    SCALE_FIELDS,
    Answer,
    Organisation,
    Response,
    Role,
    Round,
    TeamResult,
)
from assessments.organisations import generation
from assessments.questionnaire.data import questionnaire_data
from assessments.teams.results import combine_group

SUBMITTED = Q(responses__status=Response.Status.SUBMITTED)
# Bump when a stored field is added: older rows count as stale and are computed again.
VERSION = 1
NEVER = datetime(1970, 1, 1, tzinfo=UTC)
# What a refresh writes: the submissions' signature and the result.
STORED_FIELDS = (
    "respondents",
    "last_submitted_at",
    *RESULT_FIELDS,
    *SCALE_FIELDS,
    "distance",
    "gap_x",
    "gap_y",
    "marketing_respondents",
    "sales_respondents",
    "version",
)


def rounds_with_submissions(rounds: QuerySet[Round]) -> QuerySet[Round]:
    """The rounds with at least one submitted response, annotated with the signature
    of their submissions and joined with their stored team result."""
    return (
        rounds.annotate(
            submitted_count=Count("responses", filter=SUBMITTED),
            submitted_last=Max("responses__submitted_at", filter=SUBMITTED),
        )
        .filter(submitted_count__gt=0)
        .select_related("organisation", "questionnaire", "team_result")
    )


def _is_fresh(round_: Round) -> bool:
    stored = getattr(round_, "team_result", None)
    return (
        stored is not None
        and stored.respondents == round_.submitted_count
        and stored.last_submitted_at == round_.submitted_last
        and stored.version == VERSION
    )


def team_score(inputs: list[dict], scale: tuple) -> scoring.Result:
    """The team's result from each respondent's scoring inputs, as on the team page."""
    return combine_group("team", inputs, scale).result


def _gap(responses: list[Response], inputs: list[dict], scale: tuple) -> dict:
    """The marketing-sales gap on each axis and each role's count."""
    by_role = {
        role: [i for r, i in zip(responses, inputs, strict=True) if r.role == role]
        for role in (Role.MARKETING, Role.SALES)
    }
    fields = {
        "marketing_respondents": len(by_role[Role.MARKETING]),
        "sales_respondents": len(by_role[Role.SALES]),
        "gap_x": None,
        "gap_y": None,
    }
    if by_role[Role.MARKETING] and by_role[Role.SALES]:
        marketing = team_score(by_role[Role.MARKETING], scale)
        sales = team_score(by_role[Role.SALES], scale)
        fields["gap_x"] = abs(marketing.x - sales.x)
        fields["gap_y"] = abs(marketing.y - sales.y)
    return fields


def _compute(rounds: list[Round]) -> list[TeamResult]:
    responses = list(
        Response.objects.filter(
            round__in=rounds, status=Response.Status.SUBMITTED
        ).order_by("submitted_at", "pk")
    )
    answers: dict[int, dict[str, int]] = {r.pk: {} for r in responses}
    for response_id, code, value in Answer.objects.filter(
        response__in=responses
    ).values_list("response_id", "question__code", "choice__value"):
        answers[response_id][code] = value
    by_round: dict[int, list[Response]] = {}
    for response in responses:
        by_round.setdefault(response.round_id, []).append(response)
    results = []
    for round_ in rounds:
        submitted = by_round[round_.pk]
        data = questionnaire_data(round_.questionnaire)
        inputs = [answer_scoring.scoring_inputs(data, answers[r.pk]) for r in submitted]
        latest = submitted[-1]
        scale = (latest.revenue_team_size, latest.monthly_lead_volume)
        result = team_score(inputs, scale)
        results.append(
            TeamResult(
                round=round_,
                respondents=round_.submitted_count,
                last_submitted_at=round_.submitted_last,
                distance=result.verdict.distance,
                version=VERSION,
                **_gap(submitted, inputs, scale),
                **answer_scoring.stored_result(result, scale_from=latest),
            )
        )
    return results


def team_results_refresh(rounds: Iterable[Round]) -> list[Round]:
    """Attach an up-to-date `team_result` to each round of `rounds_with_submissions`,
    computing and storing the stale ones together: a fixed number of queries."""
    rounds = list(rounds)
    stale = [r for r in rounds if not _is_fresh(r)]
    if stale:
        computed = _compute(stale)
        TeamResult.objects.bulk_create(
            computed,
            update_conflicts=True,
            unique_fields=["round"],
            update_fields=STORED_FIELDS,
        )
        for round_, team_result in zip(stale, computed, strict=True):
            round_.team_result = team_result
        generation.changed()
        latest_mark({round_.organisation_id for round_ in stale})
    return rounds


def latest_mark(organisation_ids) -> None:
    """Flag each of these organisations' newest stored team result as its latest
    (and no other): called wherever rows are stored or deleted."""
    rows = TeamResult.objects.filter(
        round__organisation__in=organisation_ids
    ).values_list("round_id", "round__organisation_id", "round__year", "is_latest")
    newest: dict[int, tuple[int, int]] = {}
    flagged = set()
    for round_id, organisation_id, year, is_latest in rows:
        if organisation_id not in newest or year > newest[organisation_id][0]:
            newest[organisation_id] = (year, round_id)
        if is_latest:
            flagged.add(round_id)
    latest = {round_id for _year, round_id in newest.values()}
    if flagged - latest:
        TeamResult.objects.filter(round_id__in=flagged - latest).update(is_latest=False)
    if latest - flagged:
        TeamResult.objects.filter(round_id__in=latest - flagged).update(is_latest=True)


def team_results_for(rounds: QuerySet[Round]) -> list[Round]:
    """The rounds among `rounds` with a submitted response, each with its team result."""
    return team_results_refresh(rounds_with_submissions(rounds))


def refresh_stale_results(organisations) -> None:
    """Store the team results that are missing or out of date (rounds imported or
    answered while no worker ran): one query that normally finds none."""
    stale = (
        rounds_with_submissions(Round.objects.filter(organisation__in=organisations))
        .filter(
            Q(team_result__isnull=True)
            | ~Q(team_result__respondents=F("submitted_count"))
            | ~Q(team_result__last_submitted_at=F("submitted_last"))
            | ~Q(team_result__version=VERSION)
        )
        .values_list("pk", flat=True)
    )
    stale_ids = list(stale)
    if stale_ids:
        team_results_for(Round.objects.filter(pk__in=stale_ids))


def results_may_be_stale() -> bool:
    """Whether some submission is newer than every stored team result, or a row was
    stored by older code: two index look-ups, whatever the number of rounds.
    (A submission deleted outside `privacy.deletion` is not seen.)"""
    newest_stored = TeamResult.objects.order_by("-last_submitted_at").values(
        "last_submitted_at"
    )[:1]
    # Without any stored row, every submission is newer; an OR with that case
    # would keep the database from reading the index.
    since = Coalesce(Subquery(newest_stored), Value(NEVER))
    return (
        Response.objects.filter(
            status=Response.Status.SUBMITTED, submitted_at__gt=since
        ).exists()
        or TeamResult.objects.filter(version__lt=VERSION).exists()
    )


def refresh_if_stale() -> None:
    """Store the team results that are missing or out of date, for every
    organisation, so the check finds nothing next time."""
    if results_may_be_stale():
        refresh_stale_results(Organisation.objects.values("pk"))
