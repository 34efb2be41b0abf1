from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import advice, benchmarks, charts, selectors, teams, texts
from assessments.models import Role


@login_required
def round_detail(request, round_id):
    # Members read their round; an assigned consultant reads it too, without a
    # membership, so every member-only control stays hidden.
    round_, membership = selectors.round_get_for_reader(
        user=request.user, round_id=round_id
    )
    combined = teams.round_result(round=round_)
    chart_svg = ""
    if combined.has_team_view:
        points, path = texts.round_chart_points(combined)
        response_ids = "-".join(str(r.response.pk) for r in combined.respondents)
        chart_svg = charts.grid_svg_cached(
            f"round:{round_.pk}:{response_ids}:v{round_.questionnaire.version}:{get_language()}",
            points,
            path=path,
            labels=texts.chart_labels(),
        )
        chart_svg = charts.with_accessible_name(
            chart_svg,
            _("LMM grid with the team's, each role's and each respondent's position"),
        )
    own = next(
        (
            r
            for r in combined.respondents
            if r.response.respondent_id == request.user.pk
        ),
        None,
    )
    return render(
        request,
        "assessments/round_detail.html",
        {
            "round": round_,
            "membership": membership,
            "combined": combined,
            "chart_svg": chart_svg,
            "team": texts.group_summary(combined.team) if combined.team else None,
            "roles": [texts.group_summary(group) for group in combined.roles],
            "gap": texts.gap_summary(combined.gap, combined.data)
            if combined.gap
            else None,
            "gap_details_visible": membership is None
            or membership.is_admin
            or teams.roles_are_anonymous(combined, roles=(Role.MARKETING, Role.SALES)),
            "status": teams.round_status(round=round_)
            if membership and membership.is_admin
            else [],
            "own": own,
            "respondent_rows": texts.respondent_rows(
                combined, viewer=membership or selectors.ConsultantViewer()
            ),
            **benchmarks.team_page_context(round_),
            "advice": advice.advice_for_round(round_),
        },
    )


@login_required
@require_POST
def round_close(request, round_id):
    round_ = selectors.round_get_for_user(user=request.user, round_id=round_id)
    selectors.membership_get_for_user(
        user=request.user, organisation_id=round_.organisation_id, admin=True
    )
    teams.round_close(round=round_)
    messages.success(request, _("The round is closed and takes no more answers."))
    return redirect("assessments:round-detail", round_.pk)
