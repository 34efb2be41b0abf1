"""rows_insert writes plain tuples as rows: the varying fields as given, every other
field as a save would, and text exactly as it was (COPY's escapes on PostgreSQL)."""

import pytest
from django.utils import timezone

from assessments.bulk.imports.rows import rows_insert
from assessments.models import Membership, Organisation
from tests.factories import make_organisation, make_user

pytestmark = pytest.mark.django_db

AWKWARD = ["tab\there", "line\nbreak", "back\\slash", "\\N", "carriage\rreturn"]


def test_text_arrives_unchanged_and_ids_come_back_in_order():
    ids = rows_insert(Organisation, ("name",), [(n,) for n in AWKWARD], returning=True)
    assert [Organisation.objects.get(pk=pk).name for pk in ids] == AWKWARD


def test_fields_not_given_take_the_template_and_the_defaults():
    organisation = make_organisation()
    users = [make_user(), make_user()]
    before = timezone.now()
    rows_insert(
        Membership,
        ("organisation_id", "user_id", "role"),
        [(organisation.pk, user.pk, "sa\tles") for user in users],
        template={"is_admin": True},
    )
    memberships = Membership.objects.filter(organisation=organisation)
    assert [m.user_id for m in memberships.order_by("user_id")] == [u.pk for u in users]
    assert {m.role for m in memberships} == {"sa\tles"}
    assert all(m.is_admin and m.joined_at >= before for m in memberships)


def test_no_rows_insert_nothing():
    assert rows_insert(Organisation, ("name",), [], returning=True) == []
    rows_insert(Organisation, ("name",), [])
    assert not Organisation.objects.exists()
