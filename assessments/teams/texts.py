"""What the team page says: the round chart's points, each role's and respondent's
row, and the perception gap between marketing and sales in plain words."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assessments import scoring
from assessments.charts import PlotPoint, role_colour, upgrade_path
from assessments.models import Role
from assessments.results.number_words import format_numbers
from assessments.results.texts import (
    MATURITY_LEVELS,
    RELATIONSHIP_LEVELS,
    STAGES,
    VERDICT_SHORT,
    VERDICTS,
    milestone_name,
    verdict_in_words,
)
from assessments.teams.anonymity import respondent_order_key

ROLE_NAMES = dict(Role.choices)


def _group_label(role: str) -> str:
    if role == "team":
        return _("Team (combined)")
    return str(ROLE_NAMES[role])


ROLE_STYLE = {role: index for index, role in enumerate(Role.values)}


def round_chart_points(
    combined, *, roles=None
) -> tuple[list[PlotPoint], list[tuple[float, float]]]:
    """The team point, each visible role's point and its respondents' dots (in the
    role's colour, one legend entry for all), with the team's recommended path.

    `roles` limits the roles shown (see `teams.visible_roles`); None shows all.
    """
    shown = {g.role for g in combined.roles} if roles is None else set(roles)
    points = [
        PlotPoint(
            r.result.x,
            r.result.y,
            _("Respondents (small dots in their role's colour)"),
            kind="respondent",
            style=ROLE_STYLE[r.response.role],
        )
        for r in combined.respondents
        if r.response.role in shown
    ]
    points += [
        PlotPoint(
            g.result.x,
            g.result.y,
            _group_label(g.role),
            kind="role",
            style=ROLE_STYLE[g.role],
        )
        for g in combined.roles
        if g.role in shown
    ]
    team = combined.team.result
    points.append(PlotPoint(team.x, team.y, _group_label("team"), kind="team"))
    return points, upgrade_path(team.x, team.y, team.verdict.next_milestone)


def group_summary(group) -> dict:
    result = group.result
    return {
        "label": _group_label(group.role),
        "role": group.role,
        "colour": role_colour(ROLE_STYLE[group.role])
        if group.role in ROLE_STYLE
        else "",
        # A class, not a style attribute: the Content-Security-Policy allows no inline
        # styles (static/css/site.css holds one colour per role style).
        "swatch": f"lmm-swatch-{ROLE_STYLE[group.role]}"
        if group.role in ROLE_STYLE
        else "",
        "count": group.count,
        "result": result,
        "relationship": RELATIONSHIP_LEVELS[result.relationship.level],
        "maturity": MATURITY_LEVELS[result.maturity.level],
        "stage": STAGES[result.stage.number],
        "verdict": VERDICT_SHORT[result.verdict.code],
        "verdict_text": VERDICTS[result.verdict.code],
        "verdict_words": verdict_in_words(result),
        "milestone": milestone_name(result.verdict.next_milestone),
    }


def _direction(first: float, second: float, first_name: str, second_name: str) -> str:
    if abs(first - second) < 0.005:
        return _("%(a)s and %(b)s see it the same way") % {
            "a": first_name,
            "b": second_name,
        }
    higher, lower = (
        (first_name, second_name) if first > second else (second_name, first_name)
    )
    return format_numbers(
        _("%(higher)s sees it %(gap).2f points higher than %(lower)s"),
        {
            "higher": higher,
            "lower": lower,
            "gap": abs(first - second),
        },
    )


def gap_summary(gap: scoring.PerceptionGap, data) -> dict:
    """The perception gap between marketing and sales, in figures and plain words."""
    marketing, sales = str(ROLE_NAMES[Role.MARKETING]), str(ROLE_NAMES[Role.SALES])
    sentences = [
        format_numbers(
            _("Relationship: %(direction)s (x %(a).2f against %(b).2f)."),
            {
                "direction": _direction(gap.x_first, gap.x_second, marketing, sales),
                "a": gap.x_first,
                "b": gap.x_second,
            },
        ),
        format_numbers(
            _("Lead management: %(direction)s (y %(a).2f against %(b).2f)."),
            {
                "direction": _direction(gap.y_first, gap.y_second, marketing, sales),
                "a": gap.y_first,
                "b": gap.y_second,
            },
        ),
    ]
    if gap.relationship_levels or gap.maturity_levels:
        levels = {
            axis: ngettext("%(count)s level", "%(count)s levels", count)
            % {"count": count}
            for axis, count in (
                ("rel", gap.relationship_levels),
                ("mat", gap.maturity_levels),
            )
        }
        sentences.append(
            _(
                "The two functions place the organisation %(rel)s apart on the "
                "relationship and %(mat)s apart on lead management. Talk it through "
                "before you plan (our advice: a gap like this often means one side "
                "lives a process the other does not see)."
            )
            % levels
        )
    else:
        sentences.append(
            _(
                "Both functions place the organisation at the same levels: a shared picture."
            )
        )
    disagreements = [
        {
            "text": data.questions[d.code].text,
            "code": d.code,
            "marketing": d.first,
            "sales": d.second,
            "difference": d.difference,
            "explanation": format_numbers(
                _(
                    "%(higher)s rates it further along (%(high).1f against %(low).1f "
                    "on the 1–5 definition-and-use scale)."
                )
                if data.questions[d.code].part.rating_scale
                == scoring.DEFINITION_USE_SCALE
                else _(
                    "%(higher)s agrees more (%(high).1f against %(low).1f on a 1–5 scale)."
                ),
                {
                    "higher": marketing if d.first > d.second else sales,
                    "high": max(d.first, d.second),
                    "low": min(d.first, d.second),
                },
            ),
        }
        for d in gap.disagreements
    ]
    return {"gap": gap, "sentences": sentences, "disagreements": disagreements}


def respondent_rows(combined, *, viewer, roles=None, anonymous=False) -> list[dict]:
    """One row per respondent of a visible role (and the viewer's own), numbered in
    an order unrelated to when they answered; the link to the answers only for the
    respondent and admins."""
    rows = []
    ordered = sorted(
        combined.respondents,
        key=lambda item: respondent_order_key(item.response),
    )
    # One reverse for the table, not one per row (a tenth of a team page's time).
    result_url = reverse("assessments:response-result", args=[0]).replace("/0/", "/{}/")
    for number, item in enumerate(ordered, start=1):
        response = item.response
        own = response.respondent_id == viewer.user_id
        if roles is not None and response.role not in roles and not own:
            continue
        may_open = viewer.is_admin or own
        rows.append(
            {
                "label": _("You")
                if own and anonymous
                else _("Respondent %(number)s") % {"number": number},
                "who": response.respondent.email if may_open else "",
                "role": ROLE_NAMES[response.role],
                "colour": role_colour(ROLE_STYLE[response.role]),
                "swatch": f"lmm-swatch-{ROLE_STYLE[response.role]}",
                "result": item.result,
                "verdict": VERDICT_SHORT[item.result.verdict.code],
                "response_id": response.pk if may_open else None,
                "url": result_url.format(response.pk) if may_open else "",
            }
        )
    return rows
