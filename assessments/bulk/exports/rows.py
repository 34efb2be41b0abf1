"""TODO docstring."""

from assessments import scoring
from assessments.bulk.exports.columns import (
    GAP_COLUMNS,
    NUMBER_COLUMNS,
    PLAN_COLUMNS,
    RATIO_COLUMNS,
)
from assessments.models import Action, Round
from assessments.teams import results as team_results

DECIMALS = 3


def result_fields(*, x, y, relationship_level, maturity_level, stage, verdict) -> dict:
    return {
        "x": round(x, DECIMALS),
        "y": round(y, DECIMALS),
        "relationship_level": relationship_level,
        "relationship": scoring.RELATIONSHIP_NAMES[relationship_level],
        "maturity_level": maturity_level,
        "maturity": scoring.MATURITY_NAMES[maturity_level],
        "stage": stage,
        "stage_name": scoring.STAGE_NAMES[stage],
        "verdict": str(verdict),
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
        **result_fields(
            x=response.x,
            y=response.y,
            relationship_level=response.relationship_level,
            maturity_level=response.maturity_level,
            stage=response.stage,
            verdict=response.verdict,
        ),
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
    return {
        "organisation": round_.organisation.name,
        "year": round_.year,
        # The team is judged at the size of the latest submission (see teams).
        **context_fields(round_, combined.respondents[-1].response),
        "responses": len(combined.respondents),
        "closed": round_.is_closed,
        **result_fields(
            x=result.x,
            y=result.y,
            relationship_level=result.relationship.level,
            maturity_level=result.maturity.level,
            stage=result.stage.number,
            verdict=result.verdict.code.value,
        ),
        **gap_fields(combined.gap),
        **plan_fields(result),
        **number_fields(combined.numbers),
    }


def actions_export_rows() -> list[dict]:
    """One row per action of every organisation, for `export_results --actions`."""
    actions = Action.objects.select_related("organisation", "owner__user").order_by(
        "organisation__name", "year", "due_date", "pk"
    )
    return [
        {
            "organisation": action.organisation.name,
            "year": action.year,
            "title": action.title,
            "source": action.source,
            "source_code": action.source_code,
            "owner": action.owner.user.email if action.owner else "",
            "due_date": action.due_date.isoformat(),
            "status": action.status,
        }
        for action in actions
    ]
