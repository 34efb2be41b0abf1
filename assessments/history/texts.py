"""What the history page and the home page's earlier years say, in translatable
words; the "Since <year>" sections' words are in since_texts.py."""

from __future__ import annotations

from django.utils.translation import gettext as _

from assessments import scoring
from assessments.charts import PlotPoint
from assessments.history.timeline import Year, past_years_by_organisation
from assessments.results.number_words import format_numbers
from assessments.results.texts import (
    MATURITY_LEVELS,
    RELATIONSHIP_LEVELS,
    STAGES,
    VERDICT_SHORT,
    in_sentence,
)


def _result_row(result: scoring.Result) -> dict:
    return {
        "x": result.x,
        "y": result.y,
        "relationship": _("%(level)s · %(name)s")
        % {
            "level": result.relationship.level,
            "name": RELATIONSHIP_LEVELS[result.relationship.level],
        },
        "maturity": _("%(level)s · %(name)s")
        % {
            "level": result.maturity.level,
            "name": MATURITY_LEVELS[result.maturity.level],
        },
        "stage": _("%(number)s · %(name)s")
        % {"number": result.stage.number, "name": STAGES[result.stage.number]},
        "verdict": VERDICT_SHORT[result.verdict.code],
        "distance": result.verdict.distance,
    }


def _stored_row(response) -> dict:
    """A submitted response's result from the figures frozen at submission."""
    return {
        "x": response.x,
        "y": response.y,
        "relationship": _("%(level)s · %(name)s")
        % {
            "level": response.relationship_level,
            "name": RELATIONSHIP_LEVELS[response.relationship_level],
        },
        "maturity": _("%(level)s · %(name)s")
        % {
            "level": response.maturity_level,
            "name": MATURITY_LEVELS[response.maturity_level],
        },
        "stage": _("%(number)s · %(name)s")
        % {"number": response.stage, "name": STAGES[response.stage]},
        "verdict": VERDICT_SHORT[response.verdict],
        "distance": round(abs(response.y - response.x), 2),
        "response_id": response.pk,
    }


def year_rows(years: list[Year]) -> list[dict]:
    """One row per year: the team's result (unless it is one other person's) and the
    viewer's own."""
    rows = []
    for year in years:
        row = {
            "year": year.round.year,
            "version": year.round.questionnaire.version,
            "round_id": year.round.pk,
            "is_closed": year.round.is_closed,
            "respondents": year.respondents,
            "team": None,
            "team_verdict": None,
            "team_hidden": year.team_hidden,
            "below_threshold": year.below_threshold,
            "own": None,
            "own_draft": year.own is not None and not year.own.is_submitted,
        }
        if year.team is not None and not year.below_threshold:
            row["team_verdict"] = VERDICT_SHORT[year.team.verdict.code]
            if not year.team_hidden:
                row["team"] = _result_row(year.team)
        if year.own_submitted is not None:
            row["own"] = _stored_row(year.own_submitted)
        rows.append(row)
    return rows


def trajectory_points(years: list[Year]) -> tuple[list[PlotPoint], list[PlotPoint]]:
    """The latest shown year as the main point and the earlier ones as its trail."""
    shown = [y for y in years if y.team is not None and not y.team_hidden]
    if not shown:
        return [], []
    *earlier, latest = shown
    changed = _version_changes(shown)
    trail = [
        PlotPoint(
            y.team.x,
            y.team.y,
            _("Earlier years"),
            kind="past",
            tag=str(y.round.year),
            new_version=changed[index],
        )
        for index, y in enumerate(earlier)
    ]
    main = PlotPoint(
        latest.team.x,
        latest.team.y,
        _("Latest year (%(year)s)") % {"year": latest.round.year},
        tag=str(latest.round.year),
        new_version=changed[-1],
    )
    return [main], trail


def _version_changes(years: list[Year]) -> list[bool]:
    """Per year, whether it used another questionnaire version than the year before."""
    versions = [y.round.questionnaire.version for y in years]
    return [False] + [a != b for a, b in zip(versions, versions[1:], strict=False)]


def version_changes_note(years: list[Year]) -> str:
    """Plain words for the history page where a year used another version."""
    shown = [y for y in years if y.team is not None and not y.team_hidden]
    changed = _version_changes(shown)
    pairs = [
        _("%(before_year)s (version %(before)s) to %(after_year)s (version %(after)s)")
        % {
            "before_year": shown[i - 1].round.year,
            "before": shown[i - 1].round.questionnaire.version,
            "after_year": shown[i].round.year,
            "after": shown[i].round.questionnaire.version,
        }
        for i, flag in enumerate(changed)
        if flag
    ]
    if not pairs:
        return ""
    return _(
        "The questionnaire changed from %(pairs)s. The chart draws that move dotted "
        "and grey: part of it can come from the new questions rather than from a real "
        "change, so it is not shown as progress."
    ) % {"pairs": "; ".join(pairs)}


def trajectory_description(years: list[Year]) -> str:
    shown = [y for y in years if y.team is not None and not y.team_hidden]
    parts = [
        format_numbers(
            _("%(year)s: x = %(x).2f, y = %(y).2f, %(verdict)s"),
            {
                "year": y.round.year,
                "x": y.team.x,
                "y": y.team.y,
                "verdict": in_sentence(VERDICT_SHORT[y.team.verdict.code]),
            },
        )
        for y in shown
    ]
    if not parts:
        return _("No year has a team result to show yet.")
    return _("The team's point year by year, joined in time order: %(years)s.") % {
        "years": "; ".join(parts)
    }


def past_year_rows(*, user, memberships, year: int) -> dict[int, list[dict]]:
    """The home page's earlier years per organisation id, newest first."""
    years = past_years_by_organisation(user=user, memberships=memberships, year=year)
    return {org_id: year_rows(rows) for org_id, rows in years.items()}
