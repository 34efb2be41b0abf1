"""What the history pages and the "Since <year>" sections say, in translatable words."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import scoring
from assessments.charts import PlotPoint
from assessments.history import change
from assessments.history.since import Since
from assessments.history.timeline import Year, past_years_by_organisation
from assessments.questionnaire.data import QuestionnaireData
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


def since_trail(since: Since) -> list[PlotPoint]:
    """Last year's point, hollow, for the chart of this year's result."""
    if since.change is None or since.is_private:
        return []
    before = since.change.before
    return [
        PlotPoint(
            before.x,
            before.y,
            _("Result of %(year)s") % {"year": since.year},
            kind="past",
            tag=str(since.year),
        )
    ]


def _levels_sentence(axis: str, steps: int, before: str, after: str) -> str:
    if steps == 0:
        return _("%(axis)s: unchanged at %(after)s.") % {"axis": axis, "after": after}
    if steps > 0:
        moved = ngettext("up %(count)s level", "up %(count)s levels", steps) % {
            "count": steps
        }
    else:
        moved = ngettext("down %(count)s level", "down %(count)s levels", -steps) % {
            "count": -steps
        }
    return _("%(axis)s: %(moved)s, from %(before)s to %(after)s.") % {
        "axis": axis,
        "moved": moved,
        "before": before,
        "after": after,
    }


def _level(names, level: int) -> str:
    return _("%(level)s %(name)s") % {"level": level, "name": names[level]}


def _rating_words(value: float, data: QuestionnaireData | None, code: str) -> str:
    """A rating in plain words: the choice label for a whole number, else the mean."""
    if abs(value - round(value)) < 1e-9 and data is not None:
        choice = data.choices.get(code, {}).get(int(round(value)))
        if choice is not None:
            return _("%(label)s (%(value)s)") % {
                "label": choice.label,
                "value": int(round(value)),
            }
    return format_numbers(_("%(value).1f on average"), {"value": value})


def _move_sentence(move: change.RatingMove, since: Since) -> dict:
    question = since.after_data.questions[move.code]
    words = {
        "before": _rating_words(move.before, since.before_data, move.code),
        "after": _rating_words(move.after, since.after_data, move.code),
    }
    if move.is_up:
        sentence = _("Rose from %(before)s to %(after)s.") % words
    else:
        sentence = _("Fell from %(before)s to %(after)s.") % words
    return {"code": move.code, "text": question.text, "sentence": sentence}


def _answer(value: bool) -> str:
    return _("Yes") if value else _("No")


def since_section(since: Since, *, history_url: str, has_chart: bool = True) -> dict:
    """Everything the "Since <year>" include shows; `has_chart` when the page's chart
    draws last year's point."""
    section = {
        "year": since.year,
        "is_team": since.is_team,
        "is_private": since.is_private,
        "history_url": history_url,
        "has_previous": since.change is not None,
    }
    if since.change is None or since.is_private:
        return section
    moved = since.change
    before, after = moved.before, moved.after
    section["version_note"] = version_note(since)
    sentences = [
        _axis_sentence(
            moved,
            "relationship",
            _("Marketing–sales relationship"),
            moved.relationship_levels,
            _level(RELATIONSHIP_LEVELS, before.relationship.level),
            _level(RELATIONSHIP_LEVELS, after.relationship.level),
        )
        + " "
        + format_numbers(
            _("(x %(before).2f → %(after).2f)"), {"before": before.x, "after": after.x}
        ),
        _axis_sentence(
            moved,
            "maturity",
            _("Lead management"),
            moved.maturity_levels,
            _level(MATURITY_LEVELS, before.maturity.level),
            _level(MATURITY_LEVELS, after.maturity.level),
        )
        + " "
        + format_numbers(
            _("(y %(before).2f → %(after).2f)"), {"before": before.y, "after": after.y}
        ),
    ]
    if not moved.is_comparable("stage"):
        sentences.append(
            _("Stage: %(before)s then, %(after)s now; not compared.")
            % {
                "before": _level(STAGES, before.stage.number),
                "after": _level(STAGES, after.stage.number),
            }
        )
    elif moved.stage_steps == 0:
        sentences.append(
            _("Stage: unchanged at %(after)s.")
            % {"after": _level(STAGES, after.stage.number)}
        )
    else:
        sentences.append(
            _("Stage: from %(before)s to %(after)s.")
            % {
                "before": _level(STAGES, before.stage.number),
                "after": _level(STAGES, after.stage.number),
            }
        )
    verdicts = {
        "before": in_sentence(VERDICT_SHORT[before.verdict.code]),
        "after": in_sentence(VERDICT_SHORT[after.verdict.code]),
    }
    if not (moved.is_comparable("relationship") and moved.is_comparable("maturity")):
        sentences.append(
            format_numbers(
                _(
                    "Verdict: %(before)s then, %(after)s now; distance to the ideal "
                    "path %(d_before).2f then, %(d_after).2f now. Not compared: the "
                    "questions changed, so this is neither progress nor decline."
                ),
                {
                    **verdicts,
                    "d_before": before.verdict.distance,
                    "d_after": after.verdict.distance,
                },
            )
        )
    elif moved.verdict_changed:
        sentences.append(_("Verdict: from %(before)s to %(after)s.") % verdicts)
    else:
        sentences.append(_("Verdict: still %(after)s.") % verdicts)
    if moved.is_comparable("relationship") and moved.is_comparable("maturity"):
        distances = {
            "before": before.verdict.distance,
            "after": after.verdict.distance,
        }
        if moved.distance_change < 0:
            sentences.append(
                format_numbers(
                    _(
                        "Distance to the ideal path: %(before).2f then, %(after).2f now: closer."
                    ),
                    distances,
                )
            )
        elif moved.distance_change > 0:
            sentences.append(
                format_numbers(
                    _(
                        "Distance to the ideal path: %(before).2f then, %(after).2f now: further away."
                    ),
                    distances,
                )
            )
        else:
            sentences.append(
                format_numbers(
                    _("Distance to the ideal path: %(after).2f, as before."), distances
                )
            )
    flips = [
        {
            "text": since.after_data.questions[flip.code].text,
            "sentence": _("Was %(before)s, now %(after)s.")
            % {"before": _answer(flip.before), "after": _answer(flip.after)},
        }
        for flip in moved.flips
        if flip.code in since.after_data.questions
    ]
    chart_note = format_numbers(
        _(
            "On the chart, the hollow point marked %(year)s is that year's position "
            "(x = %(x).2f, y = %(y).2f); the dashed arrow leads from it to this year's."
        ),
        {"year": since.year, "x": before.x, "y": before.y},
    )
    section.update(
        {
            "chart_note": chart_note if has_chart else "",
            "sentences": sentences,
            "flips": flips,
            "up": [_move_sentence(m, since) for m in moved.moves_up],
            "down": [_move_sentence(m, since) for m in moved.moves_down],
        }
    )
    return section


def past_year_rows(*, user, memberships, year: int) -> dict[int, list[dict]]:
    """The home page's earlier years per organisation id, newest first."""
    years = past_years_by_organisation(user=user, memberships=memberships, year=year)
    return {org_id: year_rows(rows) for org_id, rows in years.items()}


def _axis_sentence(
    moved: change.Change, axis: str, name: str, steps: int, before: str, after: str
) -> str:
    if moved.is_comparable(axis):
        return _levels_sentence(name, steps, before, after)
    return _(
        "%(axis)s: %(before)s then, %(after)s now; not compared, the questions changed."
    ) % {"axis": name, "before": before, "after": after}


def version_note(since: Since) -> str:
    """Plain words next to a change across two questionnaire versions; empty when
    both years used the same version."""
    moved = since.change
    if moved is None or not moved.versions_differ:
        return ""
    note = _(
        "The questionnaire changed between %(before_year)s and %(after_year)s "
        "(version %(before)s, then version %(after)s)."
    ) % {
        "before_year": since.year,
        "after_year": since.after_year,
        "before": moved.before_version,
        "after": moved.after_version,
    }
    if _maturity_scale(since.before_data) != _maturity_scale(since.after_data):
        note += " " + _(
            "The newer version rates each lead-management practice as written down "
            "or used, where the older one asked how far you agree; a shift in lead "
            "management can come from that alone."
        )
    if moved.comparable != change.AXES:
        note += " " + _(
            "Only questions declared the same in both versions are compared; the rest "
            "is shown side by side, not as progress."
        )
    return note


def _maturity_scale(data: QuestionnaireData | None) -> str:
    if data is None:
        return ""
    return next((p.rating_scale for p in data.parts if p.kind == "maturity"), "")
