from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.accounts import confirmation
from assessments.history import texts as history_texts
from assessments.models import Membership, Role
from assessments.organisations import access, create, invitations, members
from assessments.organisations.forms import (
    AnonymityForm,
    InvitationForm,
    MembershipForm,
    OrganisationForm,
)
from assessments.organisations.home import home_cards


@login_required
@confirmation.confirmed_required
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        role = data.pop("role")
        create.organisation_create(creator=request.user, role=role, **data)
        messages.success(
            request, _("Organisation created. You can start the assessment.")
        )
        return redirect("assessments:home")
    return render(
        request, "assessments/organisations/organisation_create.html", {"form": form}
    )


@login_required
def organisation_members(request, organisation_id):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id
    )
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "members": members.organisation_members(organisation_id=organisation_id),
        "role_choices": Role.choices,
    }
    if membership.is_admin:
        context["anonymity_form"] = AnonymityForm(instance=membership.organisation)
        context["invitation_form"] = InvitationForm()
        context["invitations"] = [
            (
                invitation,
                request.build_absolute_uri(
                    reverse("assessments:invitation-accept", args=[invitation.token])
                ),
            )
            for invitation in members.organisation_pending_invitations(
                organisation_id=organisation_id
            )
        ]
    return render(
        request, "assessments/organisations/organisation_members.html", context
    )


def _admin_membership_target(request, organisation_id, membership_id):
    access.membership_get_for_user(
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
            members.membership_update(membership=target, **form.cleaned_data)
            messages.success(request, _("Member updated."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("assessments:organisation-members", organisation_id)


@login_required
@require_POST
def membership_remove(request, organisation_id, membership_id):
    target = _admin_membership_target(request, organisation_id, membership_id)
    try:
        members.membership_remove(membership=target)
        messages.success(request, _("Member removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if target.user_id == request.user.pk and not target.pk:
        return redirect("assessments:home")
    return redirect("assessments:organisation-members", organisation_id)


@login_required
@require_POST
def organisation_anonymity(request, organisation_id):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    form = AnonymityForm(request.POST, instance=membership.organisation)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("assessments:organisation-members", organisation_id)
    form.save()
    messages.success(
        request,
        _(
            "Saved. Rounds opened from now on take this setting; an open round keeps its own."
        ),
    )
    return redirect("assessments:organisation-members", organisation_id)


@login_required
@require_POST
def invitation_create(request, organisation_id):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    form = InvitationForm(request.POST)
    if form.is_valid():
        invitations.invitation_create(
            organisation=membership.organisation,
            created_by=request.user,
            role=form.cleaned_data["role"],
        )
        messages.success(request, _("Invitation link created: copy it and send it."))
    else:
        messages.error(request, _("Choose one of the roles offered."))
    return redirect("assessments:organisation-members", organisation_id)


def invitation_accept(request, token):
    invitation = invitations.invitation_get(token)
    if invitation is None:
        return render(
            request,
            "assessments/organisations/invitation_accept.html",
            {
                "problem": _(
                    "This invitation link is not valid. Check that it was copied whole."
                )
            },
            status=404,
        )
    try:
        invitations.invitation_check(invitation)
    except ValidationError as error:
        return render(
            request,
            "assessments/organisations/invitation_accept.html",
            {"problem": " ".join(error.messages), "invitation": invitation},
            status=410,
        )
    if request.method == "POST" and request.user.is_authenticated:
        try:
            invitations.invitation_accept(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            if error.code == "email_unconfirmed":
                request.session[confirmation.NEXT_SESSION_KEY] = request.path
                return redirect("assessments:email-confirm-pending")
            return redirect("assessments:home")
        messages.success(
            request,
            _("Welcome to %(name)s.") % {"name": invitation.organisation.name},
        )
        return redirect("assessments:home")
    return render(
        request,
        "assessments/organisations/invitation_accept.html",
        {"invitation": invitation},
    )


def home(request):
    if not request.user.is_authenticated:
        return render(request, "assessments/organisations/home_anonymous.html")
    memberships = members.memberships_for_user(request.user)
    if not memberships:
        return redirect("assessments:organisation-create")
    year = timezone.now().year
    cards = home_cards(user=request.user, memberships=memberships, year=year)
    past_years = history_texts.past_year_rows(
        user=request.user, memberships=memberships, year=year
    )
    return render(
        request,
        "assessments/organisations/home.html",
        {"cards": cards, "year": year, "past_years": past_years},
    )
