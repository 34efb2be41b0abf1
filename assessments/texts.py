"""The display texts, by feature, kept importable under their old name.

The texts live in result_texts, check_texts and team_texts; `texts.X` still works
because views, admin pages, reports and tests across the project import it this way.
"""

from assessments.check_texts import NOTE_CHECKS, check_message
from assessments.result_texts import (
    FOCUS,
    MATURITY_LEVELS,
    RELATIONSHIP_LEVELS,
    STAGE_MEANINGS,
    STAGES,
    VERDICT_SHORT,
    VERDICTS,
    chart_description,
    chart_labels,
    in_sentence,
    milestone_name,
    upgrade_texts,
)
from assessments.team_texts import (
    ROLE_NAMES,
    ROLE_STYLE,
    gap_summary,
    group_summary,
    respondent_rows,
    round_chart_points,
)

__all__ = [
    "FOCUS",
    "MATURITY_LEVELS",
    "NOTE_CHECKS",
    "RELATIONSHIP_LEVELS",
    "ROLE_NAMES",
    "ROLE_STYLE",
    "STAGES",
    "STAGE_MEANINGS",
    "VERDICTS",
    "VERDICT_SHORT",
    "chart_description",
    "chart_labels",
    "check_message",
    "gap_summary",
    "group_summary",
    "in_sentence",
    "milestone_name",
    "respondent_rows",
    "round_chart_points",
    "upgrade_texts",
]
