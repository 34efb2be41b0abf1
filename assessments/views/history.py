from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import charts
from assessments.consultants import advice
from assessments.history import texts as history_texts
from assessments.history import timeline
from assessments.reports import downloads
from assessments.results import texts as result_texts


@login_required
def organisation_history(request, organisation_id):
    viewer = timeline.viewer_for(user=request.user, organisation_id=organisation_id)
    return render(
        request,
        "assessments/history/organisation_history.html",
        history_context(request, viewer),
    )


def history_context(request, viewer) -> dict:
    """Everything the history page shows; the report (PDF) and the chart downloads
    are made from the same."""
    years = timeline.organisation_years(viewer=viewer)
    points, trail = history_texts.trajectory_points(years)
    chart_svg = ""
    chart = chart_compact = None
    if points:
        organisation = viewer.organisation
        latest = points[0]
        shown = "-".join(
            f"{y.round.pk}:{y.respondents}" for y in years if y.team is not None
        )
        chart = downloads.PageChart(
            f"history:{organisation.pk}:{shown}:{get_language()}",
            charts.GridChart(
                points,
                trail=trail,
                title=_("%(name)s: the team's path, %(first)s–%(last)s")
                % {
                    "name": organisation.name,
                    "first": trail[0].tag if trail else latest.tag,
                    "last": latest.tag,
                },
                labels=result_texts.chart_labels(),
            ),
        )
        name = _("LMM grid with the team's point in every year")
        chart_svg = chart.inline(name)
        chart_compact = downloads.compact_chart("history", organisation.pk, chart, name)
    rows = history_texts.year_rows(list(reversed(years)))
    # The consultant's recommendations stay with the year they were given for.
    recommendations = advice.advice_by_round(year.round for year in years)
    for row in rows:
        row["advice"] = recommendations.get(row["round_id"], [])
    return {
        "organisation": viewer.organisation,
        "rows": rows,
        "chart_svg": chart_svg,
        "chart_compact": chart_compact,
        "chart_description": history_texts.trajectory_description(years),
        "version_note": history_texts.version_changes_note(years),
        "chart_spec": chart,
        "report_links": downloads.links(
            "history",
            viewer.organisation.pk,
            viewer.organisation,
            chart=chart is not None,
        ),
    }


def history_url(organisation_id: int) -> str:
    return reverse("assessments:organisation-history", args=[organisation_id])
