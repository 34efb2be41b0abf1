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
from assessments.audit import trail
from assessments.history import texts as history_texts
from assessments.models import Invitation, Membership, Role
from assessments.organisations import access, create, invitations, members
from assessments.organisations.forms import (
    AnonymityForm,
    InvitationForm,
    MembershipForm,
    OrganisationForm,
)
from assessments.organisations.home import home_cards


def _pending_invitation(request):
    """Back to the invitation the person opened before signing up or logging in,
    whichever way they came, until they accept it."""
    invitation = invitations.invitation_pending(request.session)
    if invitation is None:
        return None
    if invitation.organisation.memberships.filter(user=request.user).exists():
        invitations.invitation_forget(request.session)
        return None
    return redirect("assessments:invitation-accept", invitation.token)


@login_required
@confirmation.confirmed_required
def organisation_create(request):
    if request.method == "GET" and (pending := _pending_invitation(request)):
        return pending
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
        context["joined"] = members.organisation_used_invitations(
            organisation_id=organisation_id
        )
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
def membership_remove(request, organisation_id, membership_id):
    target = _admin_membership_target(request, organisation_id, membership_id)
    if request.method != "POST" or request.POST.get("confirm") != "yes":
        return render(
            request,
            "assessments/organisations/membership_remove_confirm.html",
            {"target": target, "organisation": target.organisation},
        )
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
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("assessments:organisation-members", organisation_id)
    invitation = invitations.invitation_create(
        organisation=membership.organisation,
        created_by=request.user,
        role=form.cleaned_data["role"],
        email=form.cleaned_data["email"],
    )
    if invitation.email:
        _send_invitation(request, invitation)
    else:
        messages.success(request, _("Invitation link created: copy it and send it."))
    return redirect("assessments:organisation-members", organisation_id)


def _send_invitation(request, invitation):
    try:
        invitations.invitation_email_send(
            invitation=invitation,
            user=request.user,
            base_url=request.build_absolute_uri("/"),
            template="registration/invitation_member_email.txt",
        )
    except OSError:
        messages.warning(
            request,
            _("The mail could not be sent. Copy the link and send it yourself."),
        )
        return
    messages.success(
        request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
    )


def _admin_invitation(request, organisation_id, invitation_id):
    access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    invitation = (
        Invitation.objects.select_related("organisation", "created_by")
        .filter(pk=invitation_id, organisation_id=organisation_id)
        .first()
    )
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


@login_required
@require_POST
def invitation_resend(request, organisation_id, invitation_id):
    invitation = _admin_invitation(request, organisation_id, invitation_id)
    if not invitation.email:
        messages.error(request, _("This invitation names no address: copy its link."))
        return redirect("assessments:organisation-members", organisation_id)
    try:
        invitations.invitation_renew(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:organisation-members", organisation_id)
    _send_invitation(request, invitation)
    return redirect("assessments:organisation-members", organisation_id)


@login_required
@require_POST
def invitation_withdraw(request, organisation_id, invitation_id):
    invitation = _admin_invitation(request, organisation_id, invitation_id)
    try:
        invitations.invitation_withdraw(invitation=invitation)
        messages.success(request, _("Invitation withdrawn: its link no longer works."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
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
        invitations.invitation_forget(request.session)
        messages.success(
            request,
            _("Welcome to %(name)s.") % {"name": invitation.organisation.name},
        )
        return redirect("assessments:home")
    invitations.invitation_remember(request.session, invitation)
    return render(
        request,
        "assessments/organisations/invitation_accept.html",
        {"invitation": invitation},
    )


def home(request):
    if not request.user.is_authenticated:
        return render(request, "assessments/organisations/home_anonymous.html")
    if pending := _pending_invitation(request):
        return pending
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


@login_required
def organisation_audit(request, organisation_id):
    membership = access.membership_get_for_user(
        user=request.user, organisation_id=organisation_id, admin=True
    )
    return render(
        request,
        "assessments/organisations/organisation_audit.html",
        {
            "organisation": membership.organisation,
            "lines": trail.organisation_trail(organisation_id=organisation_id),
        },
    )
