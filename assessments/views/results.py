from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments import (
    charts,
    history,
    history_texts,
    plan_review,
    reports,
    result_plan,
    selectors,
    services,
    texts,
)
from assessments import numbers as numbers_service
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
                selectors.response_resume_step(response),
            )
        raise Http404("Not submitted yet.")
    return render(
        request,
        "assessments/response_result.html",
        result_context(request, response),
    )


def result_context(request, response) -> dict:
    """Everything the result page shows; the report (PDF) and the chart downloads
    are made from the same."""
    data = selectors.questionnaire_data(response.round.questionnaire)
    numbers = numbers_service.response_numbers(response)
    result = services.response_result(response=response, data=data, numbers=numbers)
    since = history.response_since(response=response, data=data, result=result)
    trail = history_texts.since_trail(since)
    organisation = response.round.organisation
    chart = reports.ChartSpec(
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
    name = _("LMM grid with your organisation's position")
    return {
        "response": response,
        "organisation": response.round.organisation,
        "result": result,
        "chart_svg": chart.inline(name),
        "chart_compact": reports.compact_chart("response", response.pk, chart, name),
        "chart_description": texts.chart_description(result),
        "verdict_text": texts.VERDICTS[result.verdict.code],
        "verdict_short": texts.VERDICT_SHORT[result.verdict.code],
        "focus_text": texts.FOCUS[result.verdict.focus],
        "relationship_name": texts.RELATIONSHIP_LEVELS[result.relationship.level],
        "maturity_name": texts.MATURITY_LEVELS[result.maturity.level],
        "stage_name": texts.STAGES[result.stage.number],
        "stage_meaning": texts.STAGE_MEANINGS[result.stage.number],
        "plan_section": plan_review.response_plan_section(
            response=response, result=result, viewer=request.user
        ),
        "plan": result_plan.plan_context(
            result=result,
            data=data,
            numbers=numbers,
            trend=numbers_service.organisation_trend(round=response.round)
            if numbers
            else [],
            asks_numbers=response.round.questionnaire.asks_numbers,
        ),
        "since": history_texts.since_section(
            since, history_url=history_url(organisation.pk)
        ),
        "chart_spec": chart,
        "report_links": reports.links("response", response.pk, organisation),
    }
