"""The export columns, in order: the contract of `export_results` and of the admin's
CSV downloads. Add columns at the end; never rename one."""

from assessments import scoring

RESULT_COLUMNS = (
    "x",
    "y",
    "relationship_level",
    "relationship",
    "maturity_level",
    "maturity",
    "stage",
    "stage_name",
    "verdict",
)


CONTEXT_COLUMNS = (
    "industry",
    "revenue_team_size",
    "monthly_lead_volume",
    "questionnaire_version",
)


# Assessment v2: the checks in the order shown, the statement codes of "start with
# your weakest answers" in order, and the team's numbers with the funnel's ratios.
PLAN_COLUMNS = ("checks", "actions")


RATIO_COLUMNS = tuple(
    f"ratio_{source}_{target}"
    for source, target in zip(
        scoring.FUNNEL_STEPS, scoring.FUNNEL_STEPS[1:], strict=False
    )
)


NUMBER_COLUMNS = (*scoring.NUMBER_FIELDS, *RATIO_COLUMNS)


RESPONSE_COLUMNS = (
    "organisation",
    "year",
    *CONTEXT_COLUMNS,
    "respondent",
    "role",
    *RESULT_COLUMNS,
    *PLAN_COLUMNS,
    *NUMBER_COLUMNS,
)


GAP_COLUMNS = (
    "marketing_x",
    "marketing_y",
    "sales_x",
    "sales_y",
    "gap_x",
    "gap_y",
    "gap_relationship_levels",
    "gap_maturity_levels",
    "disagreements",
)


ROUND_COLUMNS = (
    "organisation",
    "year",
    *CONTEXT_COLUMNS,
    "responses",
    "closed",
    *RESULT_COLUMNS,
    *GAP_COLUMNS,
    *PLAN_COLUMNS,
    *NUMBER_COLUMNS,
)


ACTION_COLUMNS = (
    "organisation",
    "year",
    "title",
    "source",
    "source_code",
    "owner",
    "due_date",
    "status",
)
