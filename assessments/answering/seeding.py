"""Next year's round seeded from last year's response: which response it starts from,
and which of its answers are offered."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Subquery

from assessments.models import Answer, Choice, Response, Round
from assessments.questionnaire.data import QuestionnaireData, questionnaire_data


@dataclass(frozen=True)
class Seed:
    """Last year's answer to a question, offered as this year's starting point."""

    value: int
    label: str


def response_answers_and_seeds(
    *, response: Response, data: QuestionnaireData
) -> tuple[dict[str, int], dict[str, Seed]]:
    """The response's own answers as {code: value}, and the answers of the response it
    was seeded from as {code: Seed}, in one query.

    A seed is kept only for a question whose code is in this round's version with the
    same choices (values and labels): a changed scale starts empty rather than
    carrying a rating that meant something else last year. Give `response` with its
    `seeded_from__round__questionnaire` loaded to avoid further queries.
    """
    source = response.seeded_from
    response_ids = [response.pk] if source is None else [response.pk, source.pk]
    # No ordering: the rows fill dicts, and the default order joins two more tables.
    rows = (
        Answer.objects.filter(response_id__in=response_ids)
        .order_by()
        .values_list("response_id", "question__code", "choice__value")
    )
    answers: dict[str, int] = {}
    last_year: dict[str, int] = {}
    for response_id, code, value in rows:
        (answers if response_id == response.pk else last_year)[code] = value
    seeds: dict[str, Seed] = {}
    if source is not None:
        previous = questionnaire_data(source.round.questionnaire)
        for code, value in last_year.items():
            if code in data.choices and code in previous.choices:
                choices = _choice_labels(data.choices[code])
                if choices == _choice_labels(previous.choices[code]):
                    seeds[code] = Seed(value=value, label=choices[value])
    return answers, seeds


def _choice_labels(choices: Mapping[int, Choice]) -> dict[int, str]:
    return {value: choice.label for value, choice in choices.items()}


def response_seed_source(*, round: Round, respondent) -> Response | None:
    """The respondent's submitted response in the organisation's previous round (the
    latest earlier year), if any: one query."""
    previous_year = (
        Round.objects.filter(organisation_id=round.organisation_id, year__lt=round.year)
        .order_by("-year")
        .values("year")[:1]
    )
    return (
        Response.objects.filter(
            round__organisation_id=round.organisation_id,
            round__year=Subquery(previous_year),
            respondent=respondent,
            status=Response.Status.SUBMITTED,
        )
        .select_related("round")
        .first()
    )
