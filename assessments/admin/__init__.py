"""The admin: the questionnaire for staff, and the consultants' workspace (scoped to
their clients) with results in plain words, CSV exports and the portfolio."""

from assessments.admin import organisations, plans, questionnaire, results

__all__ = ["organisations", "plans", "questionnaire", "results"]
