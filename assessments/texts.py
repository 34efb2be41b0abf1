"""What the result page says, in translatable words, for the codes scoring returns."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from assessments import scoring
from assessments.charts import ChartLabels, PlotPoint, role_colour, upgrade_path
from assessments.models import Role
from assessments.number_words import format_numbers

# The names are marked for translation in the scoring package; here they are translated lazily.
RELATIONSHIP_LEVELS = {
    level: gettext_lazy(name) for level, name in scoring.RELATIONSHIP_NAMES.items()
}
MATURITY_LEVELS = {
    level: gettext_lazy(name) for level, name in scoring.MATURITY_NAMES.items()
}
STAGES = {number: gettext_lazy(name) for number, name in scoring.STAGE_NAMES.items()}
STAGE_MEANINGS = {
    1: gettext_lazy(
        "Leads are handled by hand and by feel: no written criteria, no routing, "
        "follow-up when someone remembers. Fine for a handful of people; the first thing "
        "to break is the lead nobody followed up because everyone thought someone else would."
    ),
    2: gettext_lazy(
        "There is an agreed process and a CRM most people use, but the process lives in "
        "people's memory rather than in the system. It breaks when a key person leaves "
        "or when volume grows faster than people can keep up."
    ),
    3: gettext_lazy(
        "The system does most of the work: capture, scoring, routing and alerts run on "
        "their own, and all five core KPIs are reliable. The risk now is complexity: "
        "rules and scores that nobody can maintain any more."
    ),
    4: gettext_lazy(
        "Lead management improves itself: experiments, predictive scoring and "
        "closed-loop attribution. The limit is data quality, so data governance "
        "becomes the main job."
    ),
}
VERDICTS = {
    scoring.VerdictCode.ON_PATH: gettext_lazy(
        "You are on the ideal path: the marketing–sales relationship and lead "
        "management have grown together."
    ),
    scoring.VerdictCode.ABOVE_PATH: gettext_lazy(
        "You are above the path: lead management is defined on paper but not lived in "
        "practice. Marketing and sales need to work together the way the process assumes."
    ),
    scoring.VerdictCode.BELOW_PATH: gettext_lazy(
        "You are below the path: marketing and sales get along better than your lead "
        "management supports, so effort is lost for lack of definition."
    ),
}
FOCUS = {
    scoring.Focus.RELATIONSHIP: gettext_lazy(
        "Work on the relationship: make the defined process part of daily cooperation."
    ),
    scoring.Focus.MATURITY: gettext_lazy(
        "Work on definition: shared terminology first, then a documented process."
    ),
    scoring.Focus.BOTH: gettext_lazy(
        "Move both axes together towards the next crossing point."
    ),
    scoring.Focus.SUSTAIN: gettext_lazy(
        "You have reached the last crossing point: keep it by reviewing data and process "
        "regularly."
    ),
}
VERDICT_SHORT = {
    scoring.VerdictCode.ON_PATH: gettext_lazy("On the path"),
    scoring.VerdictCode.ABOVE_PATH: gettext_lazy("Above the path"),
    scoring.VerdictCode.BELOW_PATH: gettext_lazy("Below the path"),
}


def milestone_name(level: int | None) -> str:
    if level is None:
        return ""
    return _("%(level)s · %(relationship)s – %(maturity)s") % {
        "level": level,
        "relationship": RELATIONSHIP_LEVELS[level],
        "maturity": MATURITY_LEVELS[level],
    }


def check_message(check: scoring.Check, question_texts: dict[str, str]) -> str:
    """One plain sentence or two per check."""
    # Translators: a quoted statement inside a sentence; German quotes „so“.
    quoted = _("“%(text)s”")
    items = "; ".join(
        quoted % {"text": question_texts.get(code, code).rstrip(".")}
        for code in check.codes
    )
    if check.code == "grid_ahead_of_stage":
        return _(
            "Your statements place lead management at level %(level)s on the grid, but "
            "the diagnostics put you at stage %(stage)s. Organisations often rate "
            "themselves by what their documents say; the diagnostics ask how the system "
            "behaves. Plan with stage %(stage)s."
        ) % dict(check.detail)
    if check.code == "paper_not_lived":
        return _(
            "Defined on paper, not lived: %(count)s of %(total)s lead-management "
            "practices are written down but not used (%(items)s). Living them takes "
            "more than a document: build each into the tools people work in, name who "
            "checks that it is followed, and review it in the regular pipeline meeting "
            "until it is daily routine."
        ) % {**check.detail, "items": items}
    if check.code == "skipped_stages":
        return _(
            "Skipped stages: you have built a capability of a later stage (%(items)s) "
            "while the qualification criteria are not yet encoded in the system. A "
            "score or an experiment on criteria that live in people's heads learns "
            "from inconsistent data; encode the criteria first."
        ) % {"items": items}
    if check.code == "later_stage_evidence":
        return _(
            "Worth keeping: you already have something of a later stage (%(items)s), "
            "although you are at stage %(stage)s overall. It will pay off as you "
            "complete the stages in between."
        ) % {"items": items, "stage": check.detail["stage"]}
    if check.code == "skipped_phases":
        return _(
            "Skipped phases: your answers reach lead management phase %(reached)s while "
            "phase %(missing)s is not in place. Maturity is built bottom-up."
        ) % dict(check.detail)
    if check.code == "scale_above_stage":
        parts = []
        if "team" in check.detail:
            parts.append(
                ngettext(
                    "a revenue team of %(count)s person",
                    "a revenue team of %(count)s people",
                    check.detail["team"],
                )
                % {"count": check.detail["team"]}
            )
        if "leads" in check.detail:
            parts.append(
                _("%(count)s leads a month") % {"count": check.detail["leads"]}
            )
        return _(
            "Scale: with %(scale)s you are past the typical range of stage %(stage)s; "
            "your size calls for stage %(scale_stage)s. Plan the upgrade now, before "
            "the current set-up starts losing revenue."
        ) % {
            "scale": _(" and ").join(parts),
            "stage": check.detail["stage"],
            "scale_stage": check.detail["scale_stage"],
        }
    if check.code == "numbers_contradict_answers":
        sentences = []
        if "acceptance" in check.detail:
            sentences.append(
                format_numbers(
                    _(
                        "you say the MQL-to-SAL acceptance ratio is measured and close to "
                        "1, but your figures give %(ratio).2f"
                    ),
                    {"ratio": check.detail["acceptance"]},
                )
            )
        if "known_source_share" in check.detail:
            sentences.append(
                _(
                    "you can trace won deals to their source with high confidence, "
                    "yet only %(share)s%% of them have a known source"
                )
                % {"share": check.detail["known_source_share"]}
            )
        return _(
            "Your numbers contradict your answers: %(items)s. Check which is right "
            "before you plan."
        ) % {"items": _("; and ").join(sentences)}
    return check.code


# Checks that mention something good rather than warn.
NOTE_CHECKS = {"later_stage_evidence"}


def in_sentence(label) -> str:
    """A label used inside a sentence: only its first letter lower-cased, since
    German nouns keep their capital ("unter dem Pfad", not "unter dem pfad")."""
    text = str(label)
    return text[:1].lower() + text[1:]


def chart_description(result: scoring.Result) -> str:
    """The chart's text alternative: the same facts in one paragraph."""
    text = format_numbers(
        _(
            "LMM grid. Your organisation is at relationship level %(rx)s (%(rname)s, "
            "x = %(x).2f of 4) and lead management level %(my)s (%(mname)s, y = %(y).2f of 4): "
            "%(verdict)s, at a distance of %(distance).2f from the ideal diagonal."
        ),
        {
            "rx": result.relationship.level,
            "rname": RELATIONSHIP_LEVELS[result.relationship.level],
            "x": result.x,
            "my": result.maturity.level,
            "mname": MATURITY_LEVELS[result.maturity.level],
            "y": result.y,
            "verdict": in_sentence(VERDICT_SHORT[result.verdict.code]),
            "distance": result.verdict.distance,
        },
    )
    milestone = result.verdict.next_milestone
    if milestone == scoring.LEVEL_MAX:
        text += " " + _(
            "The recommended path leads to the last crossing point, %(milestone)s."
        ) % {"milestone": milestone_name(milestone)}
    elif milestone is not None:
        text += " " + _(
            "The recommended path leads to crossing point %(milestone)s and then along "
            "the diagonal to the last crossing point."
        ) % {"milestone": milestone_name(milestone)}
    return text


def chart_labels() -> ChartLabels:
    """Every string the grid chart shows, in the active language."""
    return ChartLabels(
        x_title=_("Marketing–sales relationship"),
        y_title=_("Lead management maturity"),
        x_levels=tuple(str(RELATIONSHIP_LEVELS[level]) for level in range(1, 5)),
        y_levels=(
            _("No lead management"),
            _("Defined terminology"),
            _("Defined process"),
            _("Dedicated department"),
        ),
        above_region=_("Defined on paper, not lived"),
        below_region=_("Lacking definition"),
        ideal_path=_("Ideal path and milestones"),
        recommended_path=_("Recommended path"),
    )


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
                "before you plan: a gap like this usually means one side lives a process "
                "the other does not see."
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


def respondent_rows(combined, *, viewer, roles=None) -> list[dict]:
    """One row per respondent of a visible role (and the viewer's own); the link to the
    answers only for the respondent and admins."""
    rows = []
    for number, item in enumerate(combined.respondents, start=1):
        response = item.response
        own = response.respondent_id == viewer.user_id
        if roles is not None and response.role not in roles and not own:
            continue
        may_open = viewer.is_admin or own
        rows.append(
            {
                "label": _("Respondent %(number)s") % {"number": number},
                "who": response.respondent.email if may_open else "",
                "role": ROLE_NAMES[response.role],
                "colour": role_colour(ROLE_STYLE[response.role]),
                "swatch": f"lmm-swatch-{ROLE_STYLE[response.role]}",
                "result": item.result,
                "verdict": VERDICT_SHORT[item.result.verdict.code],
                "response_id": response.pk if may_open else None,
            }
        )
    return rows


def upgrade_texts(upgrade: scoring.UpgradePath) -> dict:
    """The next stage's theme, time estimate and requirements, translated."""
    return {
        "theme": _(upgrade.theme) if upgrade.theme else "",
        "estimate": _(upgrade.estimate) if upgrade.estimate else "",
        "requirements": [_(requirement) for requirement in upgrade.requirements],
    }
