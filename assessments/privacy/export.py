"""What the site stores about one person, gathered for them to download."""

from __future__ import annotations

from django.db.models import Q

from assessments.models import Action, Answer, Invitation, Membership, Profile, Response


def _when(value) -> str | None:
    return value.isoformat() if value else None


def _profile(user) -> dict:
    profile = Profile.objects.filter(user=user).first()
    return {
        "email": user.email,
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "language": profile.language if profile else "",
        "email_confirmed": profile.email_confirmed if profile else True,
    }


def _responses(user) -> list[dict]:
    responses = list(
        Response.objects.filter(respondent=user)
        .select_related("round__organisation")
        .order_by("round__organisation__name", "-round__year")
    )
    answers: dict[int, list[dict]] = {r.pk: [] for r in responses}
    for response_id, code, text, value in (
        Answer.objects.filter(response__in=responses)
        .order_by("question__part__position", "question__position")
        .values_list("response_id", "question__code", "question__text", "choice__value")
    ):
        answers[response_id].append({"question": code, "text": text, "value": value})
    return [
        {
            "organisation": r.round.organisation.name,
            "year": r.round.year,
            "role": r.role,
            "status": r.status,
            "submitted_at": _when(r.submitted_at),
            "result": {
                "x": r.x,
                "y": r.y,
                "relationship_level": r.relationship_level,
                "maturity_level": r.maturity_level,
                "stage": r.stage,
                "verdict": r.verdict,
            }
            if r.is_submitted
            else None,
            "answers": answers[r.pk],
        }
        for r in responses
    ]


def personal_data(*, user) -> dict:
    """Everything stored about `user` that names them: their profile, memberships,
    responses with answers and results, the actions they own or wrote, and the
    invitations they sent, used or were addressed to."""
    memberships = Membership.objects.filter(user=user).select_related("organisation")
    actions = (
        Action.objects.filter(Q(owner__user=user) | Q(created_by=user))
        .select_related("organisation", "owner")
        .order_by("organisation__name", "due_date", "pk")
    )
    invitations = (
        Invitation.objects.filter(
            Q(created_by=user) | Q(used_by=user) | Q(email__iexact=user.email)
        )
        .select_related("organisation")
        .order_by("-created_at")
    )
    return {
        "profile": _profile(user),
        "memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "is_admin": m.is_admin,
                "joined_at": _when(m.joined_at),
            }
            for m in memberships
        ],
        "responses": _responses(user),
        "actions": [
            {
                "organisation": a.organisation.name,
                "title": a.title,
                "status": a.status,
                "due_date": _when(a.due_date),
                "notes": a.notes,
                "is_owner": a.owner is not None and a.owner.user_id == user.pk,
                "is_author": a.created_by_id == user.pk,
            }
            for a in actions
        ],
        "invitations": [
            {
                "organisation": i.organisation.name,
                "email": i.email,
                "role": i.role,
                "sent_by_me": i.created_by_id == user.pk,
                "used_by_me": i.used_by_id == user.pk,
                "created_at": _when(i.created_at),
                "expires_at": _when(i.expires_at),
                "used_at": _when(i.used_at),
            }
            for i in invitations
        ],
    }
