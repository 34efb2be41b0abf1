"""Results in plain words for the admin: level names, the verdict in words, check
messages, statement texts and the chart, never a code alone."""

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import charts, scoring
from assessments.results import check_texts
from assessments.results import texts as result_texts
from assessments.teams import texts as team_texts


def result_words(result: scoring.Result, data) -> dict:
    """What the admin shows of one result (a respondent's or a team's)."""
    question_texts = {code: q.text for code, q in data.questions.items()}
    return {
        "result": result,
        "relationship": result_texts.RELATIONSHIP_LEVELS[result.relationship.level],
        "maturity": result_texts.MATURITY_LEVELS[result.maturity.level],
        "stage": result_texts.STAGES[result.stage.number],
        "verdict_short": result_texts.VERDICT_SHORT[result.verdict.code],
        "verdict_text": result_texts.VERDICTS[result.verdict.code],
        "focus": result_texts.FOCUS[result.verdict.focus],
        "milestone": result_texts.milestone_name(result.verdict.next_milestone),
        "checks": [check_texts.check_message(c, question_texts) for c in result.checks],
        "weakest": [
            data.questions[code].text
            for code in result.upgrade.weakest
            if code in data.questions
        ],
    }


def response_summary_html(response, result, data) -> str:
    chart = charts.grid_svg_cached(
        f"admin-response:{response.pk}:v{response.round.questionnaire.version}"
        f":{get_language()}",
        charts.GridChart(
            [charts.PlotPoint(result.x, result.y, str(response.round.organisation))],
            path=charts.upgrade_path(result.x, result.y, result.verdict.next_milestone),
            labels=result_texts.chart_labels(),
        ),
    )
    return render_to_string(
        "admin/assessments/includes/_result_summary.html",
        {
            **result_words(result, data),
            "chart_svg": charts.with_accessible_name(
                chart, _("LMM grid with this response's position")
            ),
            "chart_description": result_texts.chart_description(result),
        },
    )


def round_summary_html(round_, combined, advice, links: dict) -> str:
    context = {"combined": combined, "advice": advice, **links}
    if combined.team is not None:
        points, path = team_texts.round_chart_points(combined)
        ids = "-".join(str(r.response.pk) for r in combined.respondents)
        chart = charts.grid_svg_cached(
            f"admin-round:{round_.pk}:{ids}:v{round_.questionnaire.version}"
            f":{get_language()}",
            charts.GridChart(points, path=path, labels=result_texts.chart_labels()),
        )
        context |= result_words(combined.team.result, combined.data)
        context["chart_svg"] = charts.with_accessible_name(
            chart,
            _("LMM grid with the team's, each role's and each respondent's point"),
        )
        context["chart_description"] = result_texts.chart_description(
            combined.team.result
        )
    return render_to_string("admin/assessments/includes/_round_summary.html", context)
