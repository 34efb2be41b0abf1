"""The admin: the questionnaire for staff, and the consultants' workspace (scoped to
their clients) with results in plain words, CSV exports and the portfolio."""

# Django's autodiscovery imports this package; importing the modules registers them.
from assessments.admin import (  # noqa: F401
    audit,
    jobs,
    organisations,
    plans,
    questionnaire,
    results,
    webhooks,
)
