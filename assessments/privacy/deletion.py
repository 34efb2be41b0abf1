"""A person deletes their own account: what goes, what stays anonymous, and the
one thing that stops it (an organisation left without an admin)."""

from __future__ import annotations

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from assessments.models import (
    AuditEvent,
    Invitation,
    Membership,
    Organisation,
    Response,
    Round,
    TeamResult,
)
from assessments.teams.stored_results import (
    latest_mark,
    rounds_with_submissions,
    team_results_refresh,
)

MESSAGE_LAST_ADMIN = _(
    "You are the only admin of %(organisations)s. Make a colleague an admin there "
    "first, then delete your account."
)


def organisations_blocking_deletion(*, user) -> list[Organisation]:
    """The organisations `user` is the last admin of while others are still members:
    they must hand it over before leaving."""
    return list(
        # Counted apart from the filter on `user`, whose join would count only them.
        Organisation.objects.filter(
            pk__in=Membership.objects.filter(user=user, is_admin=True).values(
                "organisation"
            )
        )
        .annotate(
            admins=Count("memberships", filter=Q(memberships__is_admin=True)),
            members=Count("memberships"),
        )
        .filter(admins=1, members__gt=1)
        .order_by("name")
    )


def organisations_deleted_with(*, user) -> list[Organisation]:
    """The organisations whose only member is `user`: they go with the account."""
    return list(
        Organisation.objects.filter(
            pk__in=Membership.objects.filter(user=user).values("organisation")
        )
        .annotate(members=Count("memberships"))
        .filter(members=1)
        .order_by("name")
    )


def _audit_trail_anonymise(*, user, names: set[str], about: list) -> None:
    """The trail keeps what happened, not who: the actor becomes empty with the
    account; addresses, typed log-in names and what the changes of the person's
    memberships and invitations said about them are cleared here."""
    for model, pks in about:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_pk__in=[str(pk) for pk in pks],
        ).update(object_repr="", changes=None, changes_text="", serialized_data=None)
    AuditEvent.objects.filter(actor=user).update(ip_address=None)
    AuditEvent.objects.filter(target__in=names).update(target="", ip_address=None)
    LogEntry.objects.filter(actor=user).update(actor_email=None, remote_addr=None)
    AuditEvent.objects.create(kind=AuditEvent.Kind.ACCOUNT_DELETED)


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete `user` and what names them. Their responses go, and the stored team
    results of the rounds they answered are computed again from the others, so a
    team result keeps no trace of them; organisations only they belonged to go too.
    Raises ValidationError while they are the last admin of a shared organisation."""
    blocking = organisations_blocking_deletion(user=user)
    if blocking:
        raise ValidationError(
            MESSAGE_LAST_ADMIN % {"organisations": ", ".join(o.name for o in blocking)},
            code="last_admin",
        )
    for organisation in organisations_deleted_with(user=user):
        Response.objects.filter(round__organisation=organisation).delete()
        organisation.delete()
    responses = Response.objects.filter(respondent=user)
    round_ids = set(responses.values_list("round_id", flat=True))
    responses.delete()
    TeamResult.objects.filter(round_id__in=round_ids).delete()
    team_results_refresh(
        rounds_with_submissions(Round.objects.filter(pk__in=round_ids))
    )
    latest_mark(
        set(
            Round.objects.filter(pk__in=round_ids).values_list(
                "organisation_id", flat=True
            )
        )
    )
    about = [
        (
            Membership,
            list(Membership.objects.filter(user=user).values_list("pk", flat=True)),
        ),
        (
            Invitation,
            list(
                Invitation.objects.filter(
                    Q(email__iexact=user.email) | Q(used_by=user)
                ).values_list("pk", flat=True)
            ),
        ),
    ]
    Invitation.objects.filter(
        Q(created_by=user) | Q(email__iexact=user.email), used_at__isnull=True
    ).delete()
    Membership.objects.filter(user=user).delete()
    # Axes keeps the typed log-in name, lower-cased: the address or the username.
    names = {user.get_username().lower(), user.email.lower()} - {""}
    AccessAttempt.objects.filter(username__in=names).delete()
    AccessLog.objects.filter(username__in=names).delete()
    _audit_trail_anonymise(user=user, names=names, about=about)
    # Every session of the person ends with the row: a session whose user no longer
    # exists is read as anonymous.
    user.delete()
