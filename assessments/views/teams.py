import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.answering import numbers as numbers_service
from assessments.consultants import advice, benchmarks
from assessments.history import since_texts
from assessments.history.since import round_since
from assessments.models import Role
from assessments.organisations import access, rounds
from assessments.plans import review
from assessments.reports import downloads, page_charts
from assessments.reports import tasks as report_tasks
from assessments.results import sections
from assessments.teams import anonymity, round_store
from assessments.teams import results as team_results
from assessments.teams import texts as team_texts
from assessments.views.history import history_url


@login_required
def round_detail(request, round_id):
    # Members read their round; an assigned consultant reads it too, without a
    # membership, so every member-only control stays hidden.
    round_, membership = access.round_get_for_reader(
        user=request.user, round_id=round_id
    )
    context = round_context(request, round_, membership)
    if membership is not None and membership.is_admin:
        context["share"] = {
            "kind": "round",
            "target": round_.pk,
            "organisation": round_.organisation_id,
        }
    return render(request, "assessments/teams/round_detail.html", context)


@login_required
def round_close(request, round_id):
    round_ = access.round_get_for_user(user=request.user, round_id=round_id)
    access.membership_get_for_user(
        user=request.user, organisation_id=round_.organisation_id, admin=True
    )
    if round_.is_closed:
        return redirect("assessments:round-detail", round_.pk)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        status = rounds.round_status(round=round_)
        return render(
            request,
            "assessments/teams/round_close_confirm.html",
            {
                "round": round_,
                "status": status,
                "status_counts": rounds.status_counts(status),
                "later": rounds.round_has_later(round=round_),
            },
        )
    rounds.round_close(round=round_)
    round_store.round_changed(round=round_)
    report_tasks.round_charts_submit(round=round_)
    messages.success(request, _("The round is closed and takes no more answers."))
    return redirect("assessments:round-detail", round_.pk)


@login_required
@require_POST
def round_reopen(request, round_id):
    round_ = access.round_get_for_user(user=request.user, round_id=round_id)
    access.membership_get_for_user(
        user=request.user, organisation_id=round_.organisation_id, admin=True
    )
    try:
        rounds.round_reopen(round=round_)
        round_store.round_changed(round=round_)
        report_tasks.round_charts_submit(round=round_)
        messages.success(request, _("The round is open again: members can answer."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("assessments:round-detail", round_.pk)


def round_context(request, round_, membership) -> dict:
    """Everything the team page shows; the report (PDF) and the chart downloads are
    made from the same."""
    reader = membership or access.ConsultantViewer()
    combined = anonymity.for_reader(
        round_store.round_result_stored(round=round_),
        round=round_,
        user_id=request.user.pk,
    )
    roles = team_results.visible_roles(combined, viewer=reader)
    since = round_since(round=round_, combined=combined, viewer=reader)
    chart_svg = ""
    chart_compact = None
    chart = page_charts.round_chart(
        round_=round_, combined=combined, roles=roles, since=since
    )
    if chart is not None:
        name = _("LMM grid with the team's, each role's and each respondent's position")
        chart_svg = chart.inline(name)
        chart_compact = downloads.compact_chart("round", round_.pk, chart, name)
    status = (
        rounds.round_status(round=round_) if membership and membership.is_admin else []
    )
    roles_shown = [
        team_texts.group_summary(group)
        for group in combined.roles
        if group.role in roles
    ]
    respondent_rows = team_texts.respondent_rows(
        combined, viewer=reader, roles=roles, anonymous=round_.is_anonymous
    )
    own = next(
        (
            r
            for r in combined.respondents
            if r.response.respondent_id == request.user.pk
        ),
        None,
    )
    return {
        "round": round_,
        "membership": membership,
        "combined": combined,
        "chart_svg": chart_svg,
        "chart_compact": chart_compact,
        "team": team_texts.group_summary(combined.team) if combined.team else None,
        "roles": roles_shown,
        "roles_hidden": len(roles) < len(combined.roles),
        # The table of points is drawn from these alone: kept under their digest.
        "points_key": _points_digest(
            roles_shown,
            respondent_rows,
            round_.is_anonymous,
            anonymity.threshold(round_.organisation),
            len(roles) < len(combined.roles),
        ),
        "gap": team_texts.gap_summary(combined.gap, combined.data)
        if combined.gap
        else None,
        "gap_details_visible": membership is None
        or membership.is_admin
        or team_results.roles_are_anonymous(
            combined, roles=(Role.MARKETING, Role.SALES)
        ),
        "status": status,
        # The list of who has answered is drawn from this alone: kept under it.
        "status_key": hashlib.sha256(
            repr([(m.user.email, m.role, state) for m, state in status]).encode()
        ).hexdigest(),
        "status_counts": rounds.status_counts(status),
        "own": own,
        "respondent_rows": respondent_rows,
        "anonymity_threshold": anonymity.threshold(round_.organisation),
        "since": since_texts.since_section(
            since,
            history_url=history_url(round_.organisation_id),
            has_chart=combined.has_team_view,
        ),
        "can_reopen": membership is not None
        and membership.is_admin
        and round_.is_closed
        and not rounds.round_has_later(round=round_),
        "plan_section": review.round_plan_section(
            round=round_,
            # One response's upgrade path is that person's weakest answers.
            team_result=combined.team.result if combined.has_team_view else None,
            viewer=membership,
        ),
        "plan": _team_plan(
            round_,
            combined,
            # With two respondents the range of a split is both people's answers.
            show_members=anonymity.members_shown(combined, round=round_)
            and (
                membership is None
                or membership.is_admin
                or combined.submitted >= sections.MEMBERS_SHOWN_FROM
            ),
        ),
        **benchmarks.team_page_context(round_),
        "advice": advice.advice_for_round(round_),
        "chart_spec": chart,
        "report_links": downloads.links(
            "round", round_.pk, round_.organisation, chart=chart is not None
        ),
    }


def _points_digest(roles, rows, *settings) -> str:
    """A digest of every value the table of points shows
    (templates/assessments/teams/_team_points.html), so that a kept copy is served
    only to a reader who would see the same."""
    shown = [
        (g["label"], g["count"], g["swatch"], g["result"].x, g["result"].y, str(g["verdict"]))
        for g in roles
    ] + [
        (r["label"], r["who"], r["role"], r["swatch"], r["result"].x, r["result"].y,
         str(r["verdict"]), r["url"])
        for r in rows
    ]  # fmt: skip
    return hashlib.sha256(repr((shown, settings)).encode()).hexdigest()


def _team_plan(round_, combined, *, show_members=True):
    """The team's checks, numbers and upgrade path, from its combined answers."""
    if not combined.has_team_view:
        return None
    return sections.plan_context(
        result=combined.team.result,
        data=combined.data,
        numbers=combined.numbers,
        trend=numbers_service.organisation_trend(round=round_)
        if combined.numbers
        else [],
        votes=combined.votes,
        asks_numbers=round_.questionnaire.asks_numbers,
        group=combined.team,
        show_members=show_members,
    )
