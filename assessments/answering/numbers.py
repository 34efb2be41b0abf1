"""The optional step "Your numbers": saving a respondent's figures and reading them
back for a result, a team and the trend over the years."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from assessments.answering import responses
from assessments.models import Response, ResponseNumbers, Round
from assessments.scoring import (
    NUMBER_FIELDS,
    Funnel,
    Numbers,
    combined_numbers,
    funnel_for,
)

STEP_KIND = "numbers"
MESSAGE_SALS_ABOVE_MQLS = _(
    "You entered more sales accepted leads (%(sals)s) than marketing qualified leads "
    "(%(mqls)s). Sales can only accept leads that marketing has passed on: check both "
    "figures."
)


def _to_numbers(row: ResponseNumbers | None) -> Numbers | None:
    if row is None:
        return None
    numbers = Numbers(**{name: getattr(row, name) for name in NUMBER_FIELDS})
    return None if numbers.is_empty else numbers


def response_numbers(response: Response) -> Numbers | None:
    """The respondent's figures, or None when the step was skipped or left empty."""
    return _to_numbers(ResponseNumbers.objects.filter(response=response).first())


def check_sals_within_mqls(numbers: Numbers) -> None:
    """Refuse a SAL count above the MQL count with a clear message."""
    if (
        numbers.sals is not None
        and numbers.mqls is not None
        and numbers.sals > numbers.mqls
    ):
        raise ValidationError(
            {
                "sals": MESSAGE_SALS_ABOVE_MQLS
                % {"sals": numbers.sals, "mqls": numbers.mqls}
            },
            code="sals_above_mqls",
        )


def response_save_numbers(
    *, response: Response, numbers: Numbers, last_step: int | None = None
) -> ResponseNumbers:
    """Save (replace) a draft response's figures; all fields are optional."""
    check_sals_within_mqls(numbers)
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update()
            .select_related("round")
            .get(pk=response.pk)
        )
        responses.ensure_editable(locked)
        row = ResponseNumbers.objects.filter(
            response=locked
        ).first() or ResponseNumbers(response=locked)
        for name in NUMBER_FIELDS:
            setattr(row, name, getattr(numbers, name))
        row.full_clean()
        row.save()
        # The step is optional: saving it, even empty, confirms it.
        responses.mark_step(locked, step_key=STEP_KIND, is_complete=True)
        if last_step is not None and last_step > locked.last_step:
            locked.last_step = last_step
        locked.save(update_fields=["last_step", "confirmed_steps", "updated_at"])
    response.confirmed_steps = locked.confirmed_steps
    if last_step is not None:
        response.last_step = max(response.last_step, last_step)
    return row


def loaded_numbers(response: Response) -> Numbers | None:
    """The figures of a response whose `numbers` row came with it
    (`select_related("numbers")`): no query."""
    # A missing one-to-one row raises a subclass of AttributeError.
    return _to_numbers(getattr(response, "numbers", None))


def numbers_by_response(response_ids: Iterable[int]) -> dict[int, Numbers]:
    """Figures of several responses in one query; responses without any are left out."""
    found = {}
    for row in ResponseNumbers.objects.filter(response_id__in=list(response_ids)):
        numbers = _to_numbers(row)
        if numbers is not None:
            found[row.response_id] = numbers
    return found


def team_numbers(numbers: Iterable[Numbers]) -> Numbers | None:
    """The team's figures: the median of what the respondents gave, field by field."""
    given = list(numbers)
    return combined_numbers(given) if given else None


@dataclass(frozen=True)
class YearFunnel:
    year: int
    funnel: Funnel


def organisation_trend(*, round: Round) -> list[YearFunnel]:
    """The organisation's funnel of every year up to this round's, oldest first, each
    year the team's figures from its submitted responses; empty with fewer than two
    years of figures. Two queries."""
    years = dict(
        Round.objects.filter(
            organisation_id=round.organisation_id, year__lte=round.year
        ).values_list("pk", "year")
    )
    per_year: dict[int, list[Numbers]] = {}
    rows = ResponseNumbers.objects.filter(
        response__round_id__in=list(years),
        response__status=Response.Status.SUBMITTED,
    ).values_list("response__round_id", *NUMBER_FIELDS)
    for round_id, *values in rows:
        numbers = Numbers(**dict(zip(NUMBER_FIELDS, values, strict=True)))
        if not numbers.is_empty:
            per_year.setdefault(years[round_id], []).append(numbers)
    if len(per_year) < 2:
        return []
    return [
        YearFunnel(year=year, funnel=funnel_for(combined_numbers(per_year[year])))
        for year in sorted(per_year)
    ]
