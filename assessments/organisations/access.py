"""Who may read what: a user's rounds, responses and memberships, and the
organisations a consultant advises; anything else is a 404."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from assessments.models import Membership, Organisation, Response, Round


def round_get_for_user(*, user, round_id: int) -> Round:
    """A round of one of the user's organisations, or 404."""
    try:
        return (
            Round.objects.for_user(user).select_related("organisation").get(pk=round_id)
        )
    except Round.DoesNotExist:
        raise Http404("No such round.") from None


def response_get_for_user(*, user, response_id: int) -> Response:
    """A response the user may read: their own, or any of an organisation they admin
    or advise, unless its round is anonymous."""
    response = (
        Response.objects.select_related(
            "round__organisation", "round__questionnaire", "respondent"
        )
        .filter(pk=response_id)
        .first()
    )
    if response is None or not user.is_authenticated:
        raise Http404("No such response.")
    if response.respondent_id == user.pk:
        return response
    if response.round.is_anonymous:
        # Nobody else reads one person's answers in an anonymous round.
        raise Http404("No such response.")
    if Membership.objects.filter(
        organisation_id=response.round.organisation_id, user=user, is_admin=True
    ).exists():
        return response
    if consults(user=user, organisation_id=response.round.organisation_id):
        return response
    raise Http404("No such response.")


def membership_get_for_user(
    *, user, organisation_id: int, admin: bool = False
) -> Membership:
    """The user's membership of an organisation (an admin one if asked), or 404."""
    membership = (
        Membership.objects.filter(organisation_id=organisation_id, user=user)
        .select_related("organisation")
        .first()
    )
    if membership is None or (admin and not membership.is_admin):
        raise Http404("No such organisation.")
    return membership


# Consultants: staff users see the organisations assigned to them (superusers see all),
# read-only. Every consultant-facing page, in the admin and on the site, goes through
# these three selectors.


def organisations_for_staff(user) -> QuerySet[Organisation]:
    """The organisations a staff user advises: all for a superuser, the assigned ones
    for a consultant, none for anyone else."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(consultants=user)


def consults(*, user, organisation_id: int) -> bool:
    """True when the user is a staff user who may read the organisation's results."""
    return organisations_for_staff(user).filter(pk=organisation_id).exists()


@dataclass(frozen=True)
class ConsultantViewer:
    """Who reads a team page as its consultant: every respondent's result, read-only,
    and nobody's own response."""

    is_admin: bool = True
    user_id: None = None


def round_get_for_reader(*, user, round_id: int) -> tuple[Round, Membership | None]:
    """A round the user may read, with their membership; a consultant of the
    organisation reads it without one (membership None). 404 otherwise."""
    round_ = (
        Round.objects.select_related("organisation", "questionnaire")
        .filter(pk=round_id)
        .first()
    )
    if round_ is None or not user.is_authenticated:
        raise Http404("No such round.")
    membership = (
        Membership.objects.filter(organisation_id=round_.organisation_id, user=user)
        .select_related("organisation")
        .first()
    )
    if membership is None and not consults(
        user=user, organisation_id=round_.organisation_id
    ):
        raise Http404("No such round.")
    return round_, membership
