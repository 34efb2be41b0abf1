"""The step page loads the person's own response with everything it reads, in one query."""

import pytest
from django.utils import timezone

from assessments.answering.responses import response_get_for_step
from assessments.models import Membership, Response
from tests.factories import (
    answers_for,
    make_membership,
    make_response,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.now().year


def _orm(response):
    return Response.objects.select_related(
        "round__organisation",
        "round__questionnaire",
        "seeded_from__round__questionnaire",
    ).get(pk=response.pk)


def _fields(instance):
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.fields}


def _same_objects(loaded, expected):
    assert type(loaded) is type(expected)
    assert _fields(loaded) == _fields(expected)
    assert loaded._state.db == expected._state.db
    assert not loaded._state.adding


@pytest.fixture
def seeded():
    membership = make_membership(role="sales")
    earlier = make_response(
        round=make_round(organisation=membership.organisation, year=THIS_YEAR - 1),
        respondent=membership.user,
        role=membership.role,
        answers=answers_for(relationship=3, maturity=2),
        submitted=True,
    )
    response = make_response(
        round=make_round(organisation=membership.organisation, year=THIS_YEAR),
        respondent=membership.user,
        role=membership.role,
    )
    response.seeded_from = earlier
    response.confirmed_steps = ["part-1"]
    response.save(update_fields=["seeded_from", "confirmed_steps"])
    return membership, response


def test_a_seeded_response_comes_with_everything_the_page_reads_in_one_query(
    seeded, django_assert_num_queries
):
    membership, response = seeded
    expected = _orm(response)
    with django_assert_num_queries(1):
        loaded = response_get_for_step(round_id=response.round_id, user=membership.user)
        _same_objects(loaded, expected)
        _same_objects(loaded.round, expected.round)
        _same_objects(loaded.round.organisation, expected.round.organisation)
        _same_objects(loaded.round.questionnaire, expected.round.questionnaire)
        _same_objects(loaded.seeded_from, expected.seeded_from)
        _same_objects(loaded.seeded_from.round, expected.seeded_from.round)
        _same_objects(
            loaded.seeded_from.round.questionnaire,
            expected.seeded_from.round.questionnaire,
        )
    # Converted as the ORM converts: JSON to a list, timestamps aware.
    assert loaded.confirmed_steps == ["part-1"]
    assert timezone.is_aware(loaded.created_at)
    assert timezone.is_aware(loaded.round.questionnaire.published_at)


def test_a_response_without_a_seed_has_none(django_assert_num_queries):
    membership = make_membership()
    response = make_response(
        round=make_round(organisation=membership.organisation),
        respondent=membership.user,
        role=membership.role,
    )
    with django_assert_num_queries(1):
        loaded = response_get_for_step(round_id=response.round_id, user=membership.user)
        assert loaded.seeded_from is None
    _same_objects(loaded, _orm(response))


def test_nobody_else_and_no_former_member_gets_the_response(seeded):
    membership, response = seeded
    stranger = make_user()
    assert response_get_for_step(round_id=response.round_id, user=stranger) is None
    # A colleague in the same organisation does not get this person's response.
    colleague = make_membership(organisation=membership.organisation)
    assert (
        response_get_for_step(round_id=response.round_id, user=colleague.user) is None
    )
    Membership.objects.filter(pk=membership.pk).delete()
    assert (
        response_get_for_step(round_id=response.round_id, user=membership.user) is None
    )


def test_a_saved_change_lands_on_the_loaded_instance(seeded):
    membership, response = seeded
    loaded = response_get_for_step(round_id=response.round_id, user=membership.user)
    loaded.last_step = 2
    loaded.save(update_fields=["last_step"])
    assert Response.objects.get(pk=response.pk).last_step == 2
