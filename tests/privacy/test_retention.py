"""The daily purge deletes what its retention periods no longer keep, and nothing else."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from assessments.accounts import confirmation
from assessments.models import Invitation
from assessments.organisations import invitations
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db


def invitation(*, expired_days_ago=None, used_days_ago=None):
    made = invitations.invitation_create(
        organisation=make_organisation(), created_by=None, role="sales"
    )
    now = timezone.now()
    if expired_days_ago is not None:
        made.expires_at = now - datetime.timedelta(days=expired_days_ago)
    if used_days_ago is not None:
        made.used_at = now - datetime.timedelta(days=used_days_ago)
    made.save()
    return made


def test_purge_follows_the_retention_settings(settings, capsys):
    settings.PRIVACY_RETENTION_DAYS = {"unconfirmed_accounts": 7, "invitations": 30}
    old_unconfirmed = make_user()
    confirmation.mark_unconfirmed(old_unconfirmed)
    get_user_model().objects.filter(pk=old_unconfirmed.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=8)
    )
    new_unconfirmed = make_user()
    confirmation.mark_unconfirmed(new_unconfirmed)
    invitation(expired_days_ago=31)
    invitation(used_days_ago=31)
    recently_expired = invitation(expired_days_ago=29)
    current = invitation()

    call_command("purge_expired_data")

    assert (
        "Deleted 1 unconfirmed accounts, 2 invitations and 0 audit entries."
        in capsys.readouterr().out
    )
    users = get_user_model().objects
    assert not users.filter(pk=old_unconfirmed.pk).exists()
    assert users.filter(pk=new_unconfirmed.pk).exists()
    assert set(Invitation.objects.values_list("pk", flat=True)) == {
        recently_expired.pk,
        current.pk,
    }
