"""Export rows produced as they are written: memory and queries flat in the row count.

Rows are read with `.iterator()` and handled in chunks; each chunk's answers and
figures come in one query each, so the queries depend on the number of chunks (one
per CHUNK_SIZE rows, or ROUND_CHUNK_SIZE rounds), never on the number of rows in a chunk, and only one chunk is
held in memory at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from assessments import numbers as numbers_service
from assessments import teams
from assessments.models import Answer, Response, Round
from assessments.selectors import questionnaire_data

# Rows per chunk: a chunk's answers (forty-odd per response) are what memory holds.
CHUNK_SIZE = 1000
# Rounds per chunk: each holds all of its responses and their answers.
ROUND_CHUNK_SIZE = 200


def chunks(items: Iterable, size: int = CHUNK_SIZE) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def response_rows(responses) -> Iterator[dict]:
    """One export row per response, with its checks, actions and numbers; give
    responses ordered and with their round, organisation, questionnaire and
    respondent loaded."""
    from assessments.management.commands import export_results

    for chunk in chunks(responses.iterator(chunk_size=CHUNK_SIZE)):
        results, numbers = export_results.response_results(chunk)
        for response in chunk:
            yield export_results.response_row(
                response, results[response.pk], numbers.get(response.pk)
            )


def round_rows(rounds) -> Iterator[dict]:
    """One export row per round (team result and gap); give rounds ordered, each
    with at least one submitted response, organisation and questionnaire loaded."""
    from assessments.management.commands import export_results

    for chunk in chunks(rounds.iterator(chunk_size=ROUND_CHUNK_SIZE), ROUND_CHUNK_SIZE):
        ids = [round_.pk for round_ in chunk]
        responses: dict[int, list[Response]] = {pk: [] for pk in ids}
        for response in (
            Response.objects.filter(round__in=ids, status=Response.Status.SUBMITTED)
            .select_related("respondent")
            .order_by("submitted_at", "pk")
        ):
            responses[response.round_id].append(response)
        answers: dict[int, dict[str, int]] = {}
        for response_id, code, value in Answer.objects.filter(
            response__round__in=ids, response__status=Response.Status.SUBMITTED
        ).values_list("response_id", "question__code", "choice__value"):
            answers.setdefault(response_id, {})[code] = value
        numbers = numbers_service.numbers_of_rounds(ids)
        for round_ in chunk:
            combined = teams.round_result_from(
                data=questionnaire_data(round_.questionnaire),
                responses=responses[round_.pk],
                answers={r.pk: answers.get(r.pk, {}) for r in responses[round_.pk]},
                numbers=numbers,
            )
            yield export_results.round_row(round_, combined)


def submitted_rounds(rounds=None):
    """`rounds` (all by default) with a submitted response, in export order."""
    submitted = Response.objects.filter(status=Response.Status.SUBMITTED)
    return (
        (rounds if rounds is not None else Round.objects.all())
        .filter(pk__in=submitted.values("round_id"))
        .select_related("organisation", "questionnaire")
        .order_by("organisation__name", "year", "pk")
    )
