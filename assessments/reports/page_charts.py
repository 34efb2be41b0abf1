"""The charts the result page shows, built where both the page and the worker that
draws them ahead of the first view can reach them."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import charts
from assessments.history import since_texts
from assessments.history import texts as history_texts
from assessments.reports import downloads
from assessments.results import texts as result_texts
from assessments.teams import texts as team_texts


def response_chart(*, response, result, since) -> downloads.PageChart:
    """A response's result chart in the active language, under its store key."""
    trail = since_texts.since_trail(since)
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


def round_chart(*, round_, combined, roles, since) -> downloads.PageChart | None:
    """The team page's chart as one reader sees it (`combined` through
    `anonymity.for_reader`, `roles` through `teams.visible_roles`), or None while
    the round has no team result to show."""
    if not combined.has_team_view:
        return None
    points, path = team_texts.round_chart_points(combined, roles=roles)
    response_ids = "-".join(str(r.response.pk) for r in combined.respondents)
    team = combined.team.result
    return downloads.PageChart(
        f"round:{round_.pk}:{response_ids}:v{round_.questionnaire.version}:{get_language()}",
        charts.GridChart(
            points,
            path=path,
            labels=result_texts.chart_labels(),
            title=_("%(name)s · team %(year)s")
            % {"name": round_.organisation.name, "year": round_.year},
            trail=since_texts.since_trail(since),
            cell=(team.relationship.level, team.maturity.level),
        ),
    )


def history_chart(*, organisation, years) -> downloads.PageChart | None:
    """The history page's chart of the team's point in every year the reader may
    see (`timeline.organisation_years`), or None without any."""
    points, trail = history_texts.trajectory_points(years)
    if not points:
        return None
    latest = points[0]
    shown = "-".join(
        f"{y.round.pk}:{y.respondents}" for y in years if y.team is not None
    )
    return downloads.PageChart(
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
