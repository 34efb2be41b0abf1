"""The portfolio's files (CSV and Excel): their columns, in order, and a table row
as their values. Add columns at the end; never rename one."""

from assessments.bulk.exports.columns import RESULT_COLUMNS
from assessments.consultants.portfolio_rows import PortfolioRow

CSV_COLUMNS = (
    "number",
    "organisation",
    "year",
    "industry",
    "revenue_team_size",
    "monthly_lead_volume",
    *RESULT_COLUMNS,
    "verdict_code",
    "distance",
    "respondents",
    "questionnaire_version",
    "change_x",
    "change_y",
    "previous_stage",
    "change",
    "gap_x",
    "gap_y",
    "marketing_respondents",
    "sales_respondents",
    "members",
    "response_rate",
    "actions_active",
    "actions_overdue",
    "actions_done",
    "peer_group",
    "peer_group_size",
    "peer_median_x",
    "peer_median_y",
    "percentile_x",
    "percentile_y",
)
DECIMALS = 3


def _rounded(value: float | None, decimals: int = DECIMALS) -> float | None:
    return None if value is None else round(value, decimals)


# What an anonymous round below its threshold leaves empty in the files.
TEAM_COLUMNS = (
    *RESULT_COLUMNS,
    "verdict_code",
    "distance",
)


def csv_row(row: PortfolioRow) -> dict:
    """One table row as CSV values, in `CSV_COLUMNS`."""
    result, change, bench, gap = row.result, row.change, row.benchmark, row.gap
    rate = row.response_rate
    values = {
        "number": row.number,
        "organisation": row.organisation.name,
        "year": row.round.year,
        "industry": row.organisation.industry,
        "revenue_team_size": result.revenue_team_size,
        "monthly_lead_volume": result.monthly_lead_volume,
        "x": _rounded(result.x),
        "y": _rounded(result.y),
        "relationship_level": result.relationship_level,
        "relationship": row.relationship_name,
        "maturity_level": result.maturity_level,
        "maturity": row.maturity_name,
        "stage": result.stage,
        "stage_name": row.stage_name,
        "verdict": row.verdict_name,
        "verdict_code": result.verdict,
        "distance": _rounded(result.distance),
        "respondents": result.respondents,
        "questionnaire_version": row.round.questionnaire.version,
        "change_x": _rounded(change.dx) if change else None,
        "change_y": _rounded(change.dy) if change else None,
        "previous_stage": change.stage_from if change else None,
        "change": row.change_text,
        "gap_x": _rounded(gap[0]) if gap else None,
        "gap_y": _rounded(gap[1]) if gap else None,
        "marketing_respondents": result.marketing_respondents,
        "sales_respondents": result.sales_respondents,
        "members": row.members,
        "response_rate": _rounded(rate) if rate is not None else None,
        "actions_active": row.actions.active,
        "actions_overdue": row.actions.overdue,
        "actions_done": row.actions.done,
        "peer_group": row.benchmark_definition if row.team_shown else "",
        "peer_group_size": bench.size if bench else None,
        "peer_median_x": _rounded(bench.median_x) if bench else None,
        "peer_median_y": _rounded(bench.median_y) if bench else None,
        "percentile_x": _rounded(bench.percentile_x, 0) if bench else None,
        "percentile_y": _rounded(bench.percentile_y, 0) if bench else None,
    }
    if not row.team_shown:
        values.update(dict.fromkeys(TEAM_COLUMNS))
    return values
