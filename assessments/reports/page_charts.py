"""The charts the result page shows, built where both the page and the worker that
draws them ahead of the first view can reach them."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import charts
from assessments.history import texts as history_texts
from assessments.reports import downloads
from assessments.results import texts as result_texts


def response_chart(*, response, result, since) -> downloads.PageChart:
    """A response's result chart in the active language, under its store key."""
    trail = history_texts.since_trail(since)
    organisation = response.round.organisation
    return downloads.PageChart(
        f"response:{response.pk}:v{response.round.questionnaire.version}:{get_language()}",
        charts.GridChart(
            [
                charts.PlotPoint(
                    result.x,
                    result.y,
                    _("Your organisation"),
                    tag=str(response.round.year) if trail else "",
                )
            ],
            path=charts.upgrade_path(result.x, result.y, result.verdict.next_milestone),
            labels=result_texts.chart_labels(),
            title=f"{organisation.name} · {response.round.year}",
            trail=trail,
            cell=(result.relationship.level, result.maturity.level),
        ),
    )
