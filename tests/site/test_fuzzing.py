"""Hypothesis drives every form with arbitrary input: never a 500, and a refused form
stores nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.answering import steps
from assessments.answering.forms import NumbersForm
from assessments.models import (
    Answer,
    Invitation,
    Membership,
    Organisation,
    Response,
    ResponseNumbers,
)
from assessments.organisations import invitations
from assessments.organisations.forms import InvitationForm, MembershipForm
from assessments.questionnaire import data as questionnaire_data
from assessments.scoring import NUMBER_FIELDS
from tests.factories import make_action, make_membership, make_response, make_round

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
# Lone surrogates cannot be sent in a request at all.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
VALUES = st.one_of(
    TEXT,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "\u200b", "\u202e", "0", "-1", "1e309", "NaN", "None"]),
    st.builds(
        lambda c, n: c * n, st.sampled_from("x9\u00e9\u4e2d"), st.integers(0, 300_000)
    ),
    st.lists(TEXT, min_size=2, max_size=3),
)


def form_data(fields, plausible=()):
    """Each known field missing, arbitrary or plausible; a few extra fields."""
    known = st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(VALUES, st.sampled_from(plausible or [""]))
            for name in fields
        },
    )
    extra = st.dictionaries(st.text(min_size=1, max_size=20), VALUES, max_size=2)
    return st.builds(lambda a, b: b | a, known, extra)


NUMBERS_SNAPSHOT = ("response_id", *NUMBER_FIELDS)


def snapshot():
    return (
        get_user_model().objects.count(),
        sorted(Organisation.objects.values_list("pk", "name")),
        sorted(Membership.objects.values_list("pk", "role", "is_admin")),
        Invitation.objects.count(),
        sorted(Response.objects.values_list("pk", "status", "last_step")),
        sorted(Answer.objects.values_list("response_id", "question_id", "choice_id")),
        sorted(ResponseNumbers.objects.values_list(*NUMBERS_SNAPSHOT)),
    )


def post(client, url, data):
    """Post in a savepoint that is rolled back, so each example starts the same."""
    with transaction.atomic():
        before = snapshot()
        page = client.post(url, data)
        after = snapshot()
        transaction.set_rollback(True)
    assert page.status_code != 500, (url, data)
    assert page.status_code < 500
    return page, before, after


@pytest.fixture
def admin():
    return make_membership(is_admin=True, role="marketing")


def client_for(user=None):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def test_sign_up_form():
    client = client_for()
    url = reverse("assessments:signup")

    @EXAMPLES
    @given(form_data(["email", "password1", "password2", "next"], ["a@b.test"]))
    def check(data):
        page, before, after = post(client, url, data)
        if page.status_code != 302:
            assert after == before

    check()


def test_organisation_form(admin):
    client = client_for(admin.user)
    url = reverse("assessments:organisation-create")
    fields = ["name", "industry", "revenue_team_size", "monthly_lead_volume", "role"]

    @EXAMPLES
    @given(form_data(fields, ["Acme", "12", "sales"]))
    def check(data):
        page, before, after = post(client, url, data)
        if page.status_code != 302:
            assert after == before

    check()


def test_every_questionnaire_step(admin):
    round_ = make_round(organisation=admin.organisation)
    make_response(round=round_, respondent=admin.user)
    data = questionnaire_data.questionnaire_data(round_.questionnaire)
    client = client_for(admin.user)
    for step in steps.response_steps(data):
        # The optional numbers step has fields of its own instead of question codes.
        fields = step.codes or tuple(NumbersForm.base_fields)
        fuzz_step(
            client,
            reverse("assessments:response-step", args=[round_.pk, step.number]),
            fields,
        )


def fuzz_step(client, url, codes):
    @EXAMPLES
    @given(form_data([*codes, "next", "back"], ["1", "3", "5", "0"]))
    def check(posted):
        page, before, after = post(client, url, posted)
        if page.status_code in (200, 400):
            assert after == before

    check()


def holds_nul(data):
    """Any request with a NUL is refused before the view (lmm_site/middleware.py)."""
    values = [
        v
        for value in data.values()
        for v in (value if isinstance(value, list) else [value])
    ]
    return any("\x00" in text for text in [*data, *values])


def test_member_forms(admin):
    colleague = make_membership(organisation=admin.organisation, role="sales")
    client = client_for(admin.user)
    update = reverse(
        "assessments:membership-update", args=[admin.organisation_id, colleague.pk]
    )
    invite = reverse("assessments:invitation-create", args=[admin.organisation_id])

    @EXAMPLES
    @given(form_data(["role", "is_admin"], ["sales", "on"]))
    def check_update(data):
        page, before, after = post(client, update, data)
        assert page.status_code == (400 if holds_nul(data) else 302)
        if not MembershipForm(data).is_valid():
            assert after == before

    @EXAMPLES
    @given(form_data(["role"], ["sales"]))
    def check_invite(data):
        page, before, after = post(client, invite, data)
        assert page.status_code == (400 if holds_nul(data) else 302)
        if not InvitationForm(data).is_valid():
            assert after == before

    check_update()
    check_invite()


def test_invitation_accept_and_log_in(admin):
    invitation = invitations.invitation_create(
        organisation=admin.organisation, created_by=admin.user, role="sales"
    )
    joiner = make_membership().user
    client = client_for(joiner)
    anonymous = client_for()
    url = reverse("assessments:invitation-accept", args=[invitation.token])

    @EXAMPLES
    @given(
        form_data(["role", "organisation"], ["sales"]),
        form_data(["username", "password"]),
    )
    def check(data, credentials):
        post(client, url, data)
        post(anonymous, reverse("login"), credentials)
        post(anonymous, reverse("password_reset"), credentials)

    check()


def test_plan_forms_and_round_buttons(admin):
    round_ = make_round(organisation=admin.organisation)
    action = make_action(owner=admin, round=round_)
    client = client_for(admin.user)
    create = reverse("assessments:action-create", args=[admin.organisation_id])
    update = reverse(
        "assessments:action-update", args=[admin.organisation_id, action.pk]
    )
    fields = ["title", "owner", "due_date", "notes", "status", "round", "source"]
    plausible = ["Write it down", str(admin.pk), "2027-01-31", "open", str(round_.pk)]

    @EXAMPLES
    @given(
        st.sampled_from(
            [
                create,
                update,
                reverse("assessments:round-close", args=[round_.pk]),
                reverse("assessments:round-reopen", args=[round_.pk]),
            ]
        ),
        form_data(fields, plausible),
    )
    def check(url, data):
        post(client, url, data)

    check()
