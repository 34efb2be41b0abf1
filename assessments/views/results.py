from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import charts, history, history_texts, selectors, services, texts
from assessments.views.history import history_url


@login_required
def response_result(request, response_id):
    response = selectors.response_get_for_user(
        user=request.user, response_id=response_id
    )
    if not response.is_submitted:
        if response.respondent_id == request.user.pk:
            return redirect(
                "assessments:response-step",
                response.round_id,
                max(1, response.last_step + 1),
            )
        raise Http404("Not submitted yet.")
    data = selectors.questionnaire_data(response.round.questionnaire)
    result = services.response_result(response=response, data=data)
    question_texts = {code: q.text for code, q in data.questions.items()}
    since = history.response_since(response=response, data=data, result=result)
    trail = history_texts.since_trail(since)
    organisation = response.round.organisation
    chart_svg, chart_svg_compact = charts.grid_svgs_cached(
        f"response:{response.pk}:v{response.round.questionnaire.version}:{get_language()}",
        [
            charts.PlotPoint(
                result.x,
                result.y,
                _("Your organisation"),
                tag=str(response.round.year) if trail else "",
            )
        ],
        path=charts.upgrade_path(result.x, result.y, result.verdict.next_milestone),
        labels=texts.chart_labels(),
        title=f"{organisation.name} · {response.round.year}",
        trail=trail,
        cell=(result.relationship.level, result.maturity.level),
    )
    return render(
        request,
        "assessments/response_result.html",
        {
            "response": response,
            "organisation": response.round.organisation,
            "result": result,
            "chart_svg": charts.with_accessible_name(
                chart_svg, _("LMM grid with your organisation's position")
            ),
            "chart_svg_compact": charts.with_accessible_name(
                chart_svg_compact, _("LMM grid with your organisation's position")
            ),
            "chart_description": texts.chart_description(result),
            "verdict_text": texts.VERDICTS[result.verdict.code],
            "verdict_short": texts.VERDICT_SHORT[result.verdict.code],
            "focus_text": texts.FOCUS[result.verdict.focus],
            "relationship_name": texts.RELATIONSHIP_LEVELS[result.relationship.level],
            "maturity_name": texts.MATURITY_LEVELS[result.maturity.level],
            "stage_name": texts.STAGES[result.stage.number],
            "stage_meaning": texts.STAGE_MEANINGS[result.stage.number],
            "next_stage_name": texts.STAGES.get(result.upgrade.next_stage),
            "milestone": texts.milestone_name(result.verdict.next_milestone),
            "checks": [texts.check_message(c, question_texts) for c in result.checks],
            "actions": [data.questions[code] for code in result.upgrade.weakest],
            "upgrade": texts.upgrade_texts(result.upgrade),
            "since": history_texts.since_section(
                since, history_url=history_url(organisation.pk)
            ),
        },
    )
