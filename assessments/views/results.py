from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assessments.answering import answer_scoring, steps
from assessments.answering import numbers as numbers_service
from assessments.history import since_texts
from assessments.history.since import response_since
from assessments.organisations import access
from assessments.plans import review
from assessments.questionnaire.data import questionnaire_data
from assessments.reports import downloads, page_charts
from assessments.results import sections
from assessments.results import texts as result_texts
from assessments.views.history import history_url


@login_required
def response_result(request, response_id):
    response = access.response_get_for_user(user=request.user, response_id=response_id)
    if not response.is_submitted:
        if response.respondent_id == request.user.pk:
            return redirect(
                "assessments:response-step",
                response.round_id,
                steps.response_resume_step(response),
            )
        raise Http404("Not submitted yet.")
    context = result_context(request, response)
    organisation_id = response.round.organisation_id
    if context["plan_section"].viewer_is_admin:
        context["share"] = {
            "kind": "response",
            "target": response.pk,
            "organisation": organisation_id,
        }
    return render(request, "assessments/results/response_result.html", context)


def result_context(request, response) -> dict:
    """Everything the result page shows; the report (PDF) and the chart downloads
    are made from the same."""
    data = questionnaire_data(response.round.questionnaire)
    numbers = numbers_service.response_numbers(response)
    result = answer_scoring.response_result(
        response=response, data=data, numbers=numbers
    )
    since = response_since(response=response, data=data, result=result)
    organisation = response.round.organisation
    chart = page_charts.response_chart(response=response, result=result, since=since)
    name = _("LMM grid with your organisation's position")
    return {
        "response": response,
        "organisation": response.round.organisation,
        "result": result,
        "chart_svg": chart.inline(name),
        "chart_compact": downloads.compact_chart("response", response.pk, chart, name),
        "chart_description": result_texts.chart_description(result),
        "verdict_text": result_texts.VERDICTS[result.verdict.code],
        "verdict_short": result_texts.VERDICT_SHORT[result.verdict.code],
        "verdict_words": result_texts.verdict_in_words(result),
        "focus_text": result_texts.FOCUS[result.verdict.focus],
        "relationship_name": result_texts.RELATIONSHIP_LEVELS[
            result.relationship.level
        ],
        "maturity_name": result_texts.MATURITY_LEVELS[result.maturity.level],
        "stage_name": result_texts.STAGES[result.stage.number],
        "stage_meaning": result_texts.STAGE_MEANINGS[result.stage.number],
        "plan_section": review.response_plan_section(
            response=response, result=result, viewer=request.user
        ),
        "plan": sections.plan_context(
            result=result,
            data=data,
            numbers=numbers,
            trend=numbers_service.organisation_trend(round=response.round)
            if numbers
            else [],
            asks_numbers=response.round.questionnaire.asks_numbers,
        ),
        "since": since_texts.since_section(
            since, history_url=history_url(organisation.pk)
        ),
        "chart_spec": chart,
        "report_links": downloads.links("response", response.pk, organisation),
    }
