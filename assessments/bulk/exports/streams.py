"""Export rows produced as they are written: memory and queries flat in the row count.

Each export reads a few streams, one query each, in the same order: the responses
(or rounds, then their responses) and every answer of them, sorted by the response
they belong to. The streams are walked side by side, like a merge join, so one
response's (or one round's) rows are in memory at a time and the number of queries
is fixed: two for responses, three for rounds, whatever their number. On
PostgreSQL `.iterator()` reads through server-side cursors; on SQLite it fetches in
batches from one query.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby
from operator import attrgetter, itemgetter

from django.db.models import QuerySet

from assessments import scoring
from assessments.answering import answer_scoring
from assessments.answering import numbers as numbers_service
from assessments.bulk.exports.rows import response_row, round_row
from assessments.models import Answer, Response, Round
from assessments.questionnaire.data import questionnaire_data
from assessments.teams import results as team_results

# Rows fetched from the database at a time (server-side cursor or fetchmany).
FETCH_SIZE = 2000


def _under(relation: str, ordering) -> list[str]:
    """`ordering` of a queryset, for a query reaching that model through `relation`."""
    fields = []
    for field in ordering:
        descending = field.startswith("-")
        name = field.lstrip("-")
        fields.append(("-" if descending else "") + f"{relation}__{name}")
    return fields


def _answers_in_order(responses: QuerySet[Response], ordering: list[str]):
    """(response id, question code, choice value) of these responses, grouped by
    response in the responses' `ordering`."""
    rows = (
        Answer.objects.filter(response__in=responses.order_by().values("pk"))
        .order_by(*_under("response", ordering))
        .values_list("response_id", "question__code", "choice__value")
        .iterator(chunk_size=FETCH_SIZE)
    )
    return groupby(rows, key=itemgetter(0))


class _Answers:
    """Walks the answer stream beside the response stream it was sorted like."""

    def __init__(self, groups):
        self._groups = groups
        self._current = next(groups, None)

    def of(self, response_id: int) -> dict[str, int]:
        # Every response before this one has taken its answers already, so they
        # are next, or the response has none.
        if self._current is None or self._current[0] != response_id:
            return {}
        answers = {code: value for _id, code, value in self._current[1]}
        self._current = next(self._groups, None)
        return answers


def response_rows(responses: QuerySet[Response]) -> Iterator[dict]:
    """One export row per response, with its checks, actions and numbers; give
    responses ordered and with their round, organisation, questionnaire and
    respondent loaded."""
    # The primary key settles ties, so both streams agree on the order.
    ordering = [*responses.query.order_by, "pk"]
    # Nobody exports one person's answers from an anonymous round.
    responses = responses.filter(round__is_anonymous=False)
    answers = _Answers(_answers_in_order(responses, ordering))
    for response in (
        responses.select_related("numbers")
        .order_by(*ordering)
        .iterator(chunk_size=FETCH_SIZE)
    ):
        numbers = numbers_service.loaded_numbers(response)
        result = scoring.score(
            **answer_scoring.scoring_inputs(
                questionnaire_data(response.round.questionnaire),
                answers.of(response.pk),
            ),
            revenue_team_size=response.revenue_team_size,
            monthly_lead_volume=response.monthly_lead_volume,
            numbers=numbers,
        )
        yield response_row(response, result, numbers)


def round_rows(rounds: QuerySet[Round]) -> Iterator[dict]:
    """One export row per round (team result and gap); give rounds ordered, each
    with at least one submitted response, organisation and questionnaire loaded."""
    round_ordering = [*rounds.query.order_by, "pk"]
    # A round's responses in submission order, the rounds in theirs.
    ordering = [*_under("round", round_ordering), "submitted_at", "pk"]
    responses = Response.objects.filter(
        round__in=rounds.order_by().values("pk"), status=Response.Status.SUBMITTED
    )
    answers = _Answers(_answers_in_order(responses, ordering))
    by_round = groupby(
        responses.select_related("respondent", "numbers")
        .order_by(*ordering)
        .iterator(chunk_size=FETCH_SIZE),
        key=attrgetter("round_id"),
    )
    current = next(by_round, None)
    for round_ in rounds.order_by(*round_ordering).iterator(chunk_size=FETCH_SIZE):
        members: list[Response] = []
        if current is not None and current[0] == round_.pk:
            members = list(current[1])
            current = next(by_round, None)
        numbers = {}
        for response in members:
            given = numbers_service.loaded_numbers(response)
            if given is not None:
                numbers[response.pk] = given
        combined = team_results.round_result_from(
            data=questionnaire_data(round_.questionnaire),
            responses=members,
            answers={r.pk: answers.of(r.pk) for r in members},
            numbers=numbers,
        )
        yield round_row(round_, combined)


def submitted_rounds(rounds=None):
    """`rounds` (all by default) with a submitted response, in export order."""
    submitted = Response.objects.filter(status=Response.Status.SUBMITTED)
    return (
        (rounds if rounds is not None else Round.objects.all())
        .filter(pk__in=submitted.values("round_id"))
        .select_related("organisation", "questionnaire")
        .order_by("organisation__name", "year", "pk")
    )


def submitted_responses() -> QuerySet[Response]:
    """Every submitted response with what an export row shows."""
    return (
        Response.objects.filter(status=Response.Status.SUBMITTED)
        .select_related("round__organisation", "round__questionnaire", "respondent")
        .order_by("round__organisation__name", "round__year", "respondent__email")
    )
