from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments import charts, selectors, services, teams, texts
from assessments.forms import (
    InvitationForm,
    MembershipForm,
    OrganisationForm,
    SignUpForm,
    StepForm,
)
from assessments.models import Membership, Response, Role


def home(request):
    if not request.user.is_authenticated:
        return render(request, "assessments/home_anonymous.html")
    memberships = selectors.memberships_for_user(request.user)
    if not memberships:
        return redirect("assessments:organisation-create")
    year = timezone.now().year
    cards = selectors.home_cards(user=request.user, memberships=memberships, year=year)
    return render(request, "assessments/home.html", {"cards": cards, "year": year})


def signup(request):
    if request.user.is_authenticated:
        return redirect("assessments:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        ):
            return redirect(next_url)
        messages.success(request, _("Welcome! Now tell us about your organisation."))
        return redirect("assessments:organisation-create")
    return render(
        request,
        "registration/signup.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@login_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        role = data.pop("role")
        services.organisation_create(creator=request.user, role=role, **data)
        messages.success(
            request, _("Organisation created. You can start the assessment.")
        )
        return redirect("assessments:home")
    return render(request, "assessments/organisation_create.html", {"form": form})


@login_required
@require_POST
def response_start(request, organisation_id):
    membership = (
        Membership.objects.filter(organisation_id=organisation_id, user=request.user)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise Http404("No such organisation.")
    round_ = services.round_get_or_create(
        organisation=membership.organisation, year=timezone.now().year
    )
    if round_.is_closed:
        messages.error(request, services.MESSAGE_ROUND_CLOSED)
        return redirect("assessments:home")
    try:
        response = services.response_get_or_create(
            round=round_, respondent=request.user, role=membership.role
        )
    except IntegrityError:
        # Two tabs started at once: the other request created it.
        response = Response.objects.get(round=round_, respondent=request.user)
    if response.is_submitted:
        return redirect("assessments:response-result", response.pk)
    return redirect(
        "assessments:response-step", round_.pk, max(1, response.last_step + 1)
    )


def _first_step_with(steps, codes):
    for step in steps:
        if set(step.codes) & set(codes):
            return step.number
    return steps[-1].number


@login_required
def response_step(request, round_id, step):
    round_ = selectors.round_get_for_user(user=request.user, round_id=round_id)
    response = Response.objects.filter(round=round_, respondent=request.user).first()
    if response is None:
        return redirect("assessments:home")
    if response.is_submitted:
        messages.info(request, _("Your response is submitted; here is the result."))
        return redirect("assessments:response-result", response.pk)
    if round_.is_closed:
        messages.error(request, services.MESSAGE_ROUND_CLOSED)
        return redirect("assessments:home")
    data = selectors.questionnaire_data(round_.questionnaire)
    answers = selectors.response_answer_values(response)
    steps = selectors.response_steps(data, answers)
    if step < 1:
        raise Http404("No such step.")
    if step > len(steps):
        return redirect("assessments:response-step", round_.pk, len(steps))
    current = steps[step - 1]
    questions = [data.questions[code] for code in current.codes]
    going_back = "back" in request.POST
    form = StepForm(
        request.POST or None,
        questions=questions,
        choices=data.choices,
        require_all=not going_back,
        initial={code: answers[code] for code in current.codes if code in answers},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.response_save_answers(
                response=response, answers=form.answered(), data=data, last_step=step
            )
        except ValidationError as error:
            return _refuse_change(request, response, error)
        if going_back:
            return redirect("assessments:response-step", round_.pk, max(1, step - 1))
        answers.update(form.answered())
        steps = selectors.response_steps(data, answers)
        if step < len(steps):
            return redirect("assessments:response-step", round_.pk, step + 1)
        return _submit(request, response, data, steps)
    return render(
        request,
        "assessments/response_step.html",
        {
            "form": form,
            "response": response,
            "round": round_,
            "step": current,
            "steps": steps,
            "is_last": step == len(steps),
            "progress": round(100 * (step - 1) / len(steps)),
            "missing": form.missing_labels() if form.is_bound else [],
        },
    )


def _refuse_change(request, response, error):
    messages.error(request, " ".join(error.messages))
    if response.round.is_closed and not response.is_submitted:
        return redirect("assessments:home")
    return redirect("assessments:response-result", response.pk)


def _submit(request, response, data, steps):
    try:
        services.response_submit(response=response, data=data)
    except ValidationError as error:
        # Missing answers come keyed by question code; other refusals carry a code.
        if hasattr(error, "error_dict"):
            missing = list(error.message_dict)
            messages.error(
                request, _("Some questions still need an answer before you can submit.")
            )
            return redirect(
                "assessments:response-step",
                response.round_id,
                _first_step_with(steps, missing),
            )
        return _refuse_change(request, response, error)
    messages.success(request, _("Thank you: your response is submitted."))
    return redirect("assessments:response-result", response.pk)


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
    chart_svg = charts.grid_svg_cached(
        f"response:{response.pk}:v{response.round.questionnaire.version}:{get_language()}",
        [charts.PlotPoint(result.x, result.y, _("Your organisation"))],
        path=charts.upgrade_path(result.x, result.y, result.verdict.next_milestone),
        labels=texts.chart_labels(),
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
        },
    )


@login_required
def organisation_members(request, organisation_id):
    membership = selectors.membership_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "members": selectors.organisation_members(organisation_id=organisation_id),
        "role_choices": Role.choices,
    }
    if membership.is_admin:
        context["invitation_form"] = InvitationForm()
        context["invitations"] = [
            (
                invitation,
                request.build_absolute_uri(
                    reverse("assessments:invitation-accept", args=[invitation.token])
                ),
            )
            for invitation in selectors.organisation_pending_invitations(
                organisation_id=organisation_id
            )
        ]
    return render(request, "assessments/organisation_members.html", context)


def _admin_membership_target(request, organisation_id, membership_id):
    selectors.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    target = Membership.objects.filter(
        pk=membership_id, organisation_id=organisation_id
    ).first()
    if target is None:
        raise Http404("No such member.")
    return target


@login_required
@require_POST
def membership_update(request, organisation_id, membership_id):
    target = _admin_membership_target(request, organisation_id, membership_id)
    form = MembershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
    else:
        try:
            teams.membership_update(membership=target, **form.cleaned_data)
            messages.success(request, _("Member updated."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("assessments:organisation-members", organisation_id)


@login_required
@require_POST
def membership_remove(request, organisation_id, membership_id):
    target = _admin_membership_target(request, organisation_id, membership_id)
    try:
        teams.membership_remove(membership=target)
        messages.success(request, _("Member removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if target.user_id == request.user.pk and not target.pk:
        return redirect("assessments:home")
    return redirect("assessments:organisation-members", organisation_id)


@login_required
@require_POST
def invitation_create(request, organisation_id):
    membership = selectors.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    form = InvitationForm(request.POST)
    if form.is_valid():
        teams.invitation_create(
            organisation=membership.organisation,
            created_by=request.user,
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Invitation link created: copy it and send it."))
    else:
        messages.error(request, _("Choose one of the roles offered."))
    return redirect("assessments:organisation-members", organisation_id)


def invitation_accept(request, token):
    invitation = teams.invitation_get(token)
    if invitation is None:
        return render(
            request,
            "assessments/invitation_accept.html",
            {
                "problem": _(
                    "This invitation link is not valid. Check that it was copied whole."
                )
            },
            status=404,
        )
    try:
        teams.invitation_check(invitation)
    except ValidationError as error:
        return render(
            request,
            "assessments/invitation_accept.html",
            {"problem": " ".join(error.messages), "invitation": invitation},
            status=410,
        )
    if request.method == "POST" and request.user.is_authenticated:
        try:
            teams.invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("assessments:home")
        messages.success(
            request,
            _("Welcome to %(name)s.") % {"name": invitation.organisation.name},
        )
        return redirect("assessments:home")
    return render(
        request, "assessments/invitation_accept.html", {"invitation": invitation}
    )


@login_required
def round_detail(request, round_id):
    round_ = selectors.round_get_for_user(user=request.user, round_id=round_id)
    membership = selectors.membership_get_for_user(
        user=request.user, organisation_id=round_.organisation_id
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
            "gap_details_visible": membership.is_admin
            or teams.roles_are_anonymous(combined, roles=(Role.MARKETING, Role.SALES)),
            "status": teams.round_status(round=round_) if membership.is_admin else [],
            "own": own,
            "respondent_rows": texts.respondent_rows(combined, viewer=membership),
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
