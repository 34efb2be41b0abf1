"""The export rows: one per submitted response, one per round (the team's combined
result and the marketing–sales gap), one per action of a plan. The CSV and JSON of
`export_results`, the admin's CSV actions and the portfolio's download share them."""

from collections.abc import Iterator, Mapping

from assessments import scoring
from assessments.answering import answer_scoring
from assessments.bulk.exports.columns import (
    GAP_COLUMNS,
    NUMBER_COLUMNS,
    PLAN_COLUMNS,
    RATIO_COLUMNS,
    RESULT_COLUMNS,
)
from assessments.models import RESULT_FIELDS, Action, Round
from assessments.teams import anonymity
from assessments.teams import results as team_results

DECIMALS = 3


def result_fields(stored: Mapping[str, object]) -> dict:
    """The RESULT_FIELDS of a stored result, rounded, with the names of its levels
    and stage."""
    return {
        "x": round(stored["x"], DECIMALS),
        "y": round(stored["y"], DECIMALS),
        "relationship_level": stored["relationship_level"],
        "relationship": scoring.RELATIONSHIP_NAMES[stored["relationship_level"]],
        "maturity_level": stored["maturity_level"],
        "maturity": scoring.MATURITY_NAMES[stored["maturity_level"]],
        "stage": stored["stage"],
        "stage_name": scoring.STAGE_NAMES[stored["stage"]],
        "verdict": str(stored["verdict"]),
    }


def context_fields(round_, scale_from) -> dict:
    """The organisation's industry, its size at submission and the questionnaire
    version: what tells rows of different kinds of clients and versions apart."""
    return {
        "industry": round_.organisation.industry,
        "revenue_team_size": scale_from.revenue_team_size if scale_from else None,
        "monthly_lead_volume": scale_from.monthly_lead_volume if scale_from else None,
        "questionnaire_version": round_.questionnaire.version,
    }


def plan_fields(result: scoring.Result) -> dict:
    return {
        "checks": [check.code for check in result.checks],
        "actions": list(result.upgrade.weakest),
    }


def number_fields(numbers: scoring.Numbers | None) -> dict:
    """The figures given and the ratio of each funnel step to the one before it."""
    if numbers is None:
        return dict.fromkeys(NUMBER_COLUMNS)
    ratios = scoring.funnel_for(numbers).ratios
    return {
        **{name: getattr(numbers, name) for name in scoring.NUMBER_FIELDS},
        **{
            column: ratio.value
            for column, ratio in zip(RATIO_COLUMNS, ratios, strict=True)
        },
    }


def response_row(response, result=None, numbers=None) -> dict:
    return {
        "organisation": response.round.organisation.name,
        "year": response.round.year,
        **context_fields(response.round, response),
        "respondent": response.respondent.email,
        "role": response.role,
        **result_fields({field: getattr(response, field) for field in RESULT_FIELDS}),
        **(plan_fields(result) if result else dict.fromkeys(PLAN_COLUMNS)),
        **number_fields(numbers),
    }


def gap_fields(gap: scoring.PerceptionGap | None) -> dict:
    """Marketing and sales positions, their distance and the statements they
    disagree on most; all None when the round lacks one of the two roles."""
    if gap is None:
        return dict.fromkeys(GAP_COLUMNS)
    return {
        "marketing_x": round(gap.x_first, DECIMALS),
        "marketing_y": round(gap.y_first, DECIMALS),
        "sales_x": round(gap.x_second, DECIMALS),
        "sales_y": round(gap.y_second, DECIMALS),
        "gap_x": round(abs(gap.x_first - gap.x_second), DECIMALS),
        "gap_y": round(abs(gap.y_first - gap.y_second), DECIMALS),
        "gap_relationship_levels": gap.relationship_levels,
        "gap_maturity_levels": gap.maturity_levels,
        "disagreements": [d.code for d in gap.disagreements],
    }


def round_row(round_: Round, combined: team_results.RoundResult | None = None) -> dict:
    """The round's team result (all submitted responses combined) and its gap;
    `combined` when already computed, else two queries."""
    combined = combined or team_results.round_result(round=round_)
    result = combined.team.result
    # The team is judged at the size of the latest submission (see teams).
    latest = combined.respondents[-1].response
    # An anonymous round's file says what its pages say: no gap between roles
    # below the threshold, no team result below it.
    shown = anonymity.for_reader(combined, round=round_, user_id=None)
    return {
        "organisation": round_.organisation.name,
        "year": round_.year,
        **context_fields(round_, latest),
        "responses": len(combined.respondents),
        "closed": round_.is_closed,
        **(
            result_fields(answer_scoring.stored_result(result, scale_from=latest))
            if shown.team
            else dict.fromkeys(RESULT_COLUMNS)
        ),
        **gap_fields(shown.gap),
        **(plan_fields(result) if shown.team else dict.fromkeys(PLAN_COLUMNS)),
        **number_fields(shown.numbers),
    }


# Actions fetched per round trip: the export holds one batch, never all of them.
ACTION_BATCH = 2000


def actions_export_rows(actions=None) -> Iterator[dict]:
    """One row per action (of every organisation unless given), for
    `export_results --actions` and an organisation's own export, read in batches
    and yielded one at a time: memory stays flat however many."""
    actions = (
        (actions if actions is not None else Action.objects.all())
        .order_by("organisation__name", "year", "due_date", "pk")
        .values_list(
            "organisation__name",
            "year",
            "title",
            "source",
            "source_code",
            "owner__user__email",
            "due_date",
            "status",
        )
        .iterator(chunk_size=ACTION_BATCH)
    )
    for organisation, year, title, source, code, email, due, status in actions:
        yield {
            "organisation": organisation,
            "year": year,
            "title": title,
            "source": source,
            "source_code": code,
            "owner": email or "",
            "due_date": due.isoformat(),
            "status": status,
        }
