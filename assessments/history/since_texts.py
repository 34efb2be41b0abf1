"""What the "Since <year>" sections of the result and team pages say: the change
from last year's result in translatable words, and last year's point on the chart."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments.charts import PlotPoint
from assessments.history import change
from assessments.history.since import Since
from assessments.questionnaire.data import QuestionnaireData
from assessments.results.number_words import format_numbers
from assessments.results.texts import (
    MATURITY_LEVELS,
    RELATIONSHIP_LEVELS,
    STAGES,
    VERDICT_SHORT,
    in_sentence,
)


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
        _axis_line(
            moved,
            "relationship",
            _("Marketing–sales relationship"),
            RELATIONSHIP_LEVELS,
            format_numbers(
                _("(x %(before).2f → %(after).2f)"),
                {"before": before.x, "after": after.x},
            ),
        ),
        _axis_line(
            moved,
            "maturity",
            _("Lead management"),
            MATURITY_LEVELS,
            format_numbers(
                _("(y %(before).2f → %(after).2f)"),
                {"before": before.y, "after": after.y},
            ),
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


def _axis_line(
    moved: change.Change, axis: str, name: str, names, coordinates: str
) -> str:
    """How far the axis's level moved in words, then its coordinate's move."""
    before = _level(names, getattr(moved.before, axis).level)
    after = _level(names, getattr(moved.after, axis).level)
    if moved.is_comparable(axis):
        words = _levels_sentence(name, getattr(moved, f"{axis}_levels"), before, after)
    else:
        words = _(
            "%(axis)s: %(before)s then, %(after)s now; not compared, the questions "
            "changed."
        ) % {"axis": name, "before": before, "after": after}
    return words + " " + coordinates


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
