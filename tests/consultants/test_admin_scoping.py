"""A consultant sees only the organisations assigned to them, everywhere in the admin."""

import csv
import datetime
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import reverse

from assessments.models import (
    Action,
    Advice,
    Invitation,
    Membership,
    Organisation,
    Questionnaire,
    Reminder,
    Response,
    Round,
)
from assessments.organisations.invitations import invitation_create
from tests.factories import (
    make_action,
    make_consultant,
    make_membership,
    make_organisation,
    make_response,
    make_round,
    make_user,
)

pytestmark = pytest.mark.django_db


def make_client(name, industry):
    organisation = make_organisation(name=name, industry=industry)
    admin_member = make_membership(organisation=organisation, is_admin=True)
    invitation_create(
        organisation=organisation, created_by=admin_member.user, role="sales"
    )
    round_ = make_round(organisation=organisation, year=2026)
    response = make_response(round=round_, respondent=admin_member.user, submitted=True)
    Advice.objects.create(round=round_, author_name="Someone", text=f"Advice {name}")
    action = make_action(organisation=organisation, owner=admin_member)
    reminder = Reminder.objects.create(
        kind=Reminder.Kind.ASSESSMENT,
        recipient=admin_member.user,
        organisation=organisation,
        sent_on=datetime.date(2026, 11, 1),
    )
    return {
        "action": action,
        "reminder": reminder,
        "organisation": organisation,
        "membership": admin_member,
        "invitation": Invitation.objects.get(organisation=organisation),
        "round": round_,
        "response": response,
        "advice": Advice.objects.get(round=round_),
    }


@pytest.fixture
def world():
    mine = make_client("Mine Ltd", "Software")
    theirs = make_client("Theirs plc", "Secret industry")
    consultant = make_consultant(mine["organisation"])
    make_consultant(theirs["organisation"])
    return {"mine": mine, "theirs": theirs, "consultant": consultant}


@pytest.fixture
def consultant_client(client, world):
    client.force_login(world["consultant"])
    return client


# Every model admin of the app: the key of its object in `make_client`, or None for
# the questionnaire, which is the same for every client.
MODEL_CASES = {
    Organisation: "organisation",
    Membership: "membership",
    Invitation: "invitation",
    Round: "round",
    Response: "response",
    Advice: "advice",
    Action: "action",
    Reminder: "reminder",
}
SHARED = {"questionnaire", "part", "question"}
# Listed for superusers only (tests/jobs/test_queue.py, tests/audit/test_trail.py,
# tests/webhooks/test_webhooks.py): no consultant sees them.
SUPERUSER_ONLY = {"job", "auditevent", "webhookdelivery"}


def test_every_model_admin_has_a_scoping_case():
    registered = {
        model
        for model in admin.site._registry
        if model._meta.app_label == "assessments"
    }
    scoped = set(MODEL_CASES)
    shared = {m for m in registered if m._meta.model_name in SHARED}
    superuser_only = {m for m in registered if m._meta.model_name in SUPERUSER_ONLY}
    assert registered == scoped | shared | superuser_only


@pytest.mark.parametrize("model", list(MODEL_CASES), ids=lambda m: m._meta.model_name)
def test_a_changelist_lists_only_the_consultants_clients(
    consultant_client, world, model
):
    name = model._meta.model_name
    page = consultant_client.get(reverse(f"admin:assessments_{name}_changelist"))
    assert page.status_code == 200
    shown = set(page.context["cl"].queryset.values_list("pk", flat=True))
    assert shown == {world["mine"][MODEL_CASES[model]].pk}


@pytest.mark.parametrize("model", list(MODEL_CASES), ids=lambda m: m._meta.model_name)
def test_another_clients_change_page_does_not_exist(consultant_client, world, model):
    name = model._meta.model_name
    key = MODEL_CASES[model]
    theirs = reverse(f"admin:assessments_{name}_change", args=[world["theirs"][key].pk])
    page = consultant_client.get(theirs, follow=True)
    html = page.content.decode()
    assert "doesn’t exist" in html or page.status_code == 404
    assert "Theirs plc" not in html
    mine = reverse(f"admin:assessments_{name}_change", args=[world["mine"][key].pk])
    assert consultant_client.get(mine).status_code == 200


def test_a_superuser_sees_every_client(client, world, admin_user):
    client.force_login(admin_user)
    page = client.get(reverse("admin:assessments_organisation_changelist"))
    assert page.context["cl"].result_count == 2


def test_filter_choices_come_from_the_consultants_clients_only(consultant_client):
    for name in ("response", "round", "organisation"):
        html = consultant_client.get(
            reverse(f"admin:assessments_{name}_changelist")
        ).content.decode()
        assert "Software" in html
        assert "Secret industry" not in html


def test_autocomplete_offers_only_the_consultants_rounds(consultant_client, world):
    page = consultant_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "assessments",
            "model_name": "advice",
            "field_name": "round",
            "term": "",
        },
    )
    ids = {int(item["id"]) for item in page.json()["results"]}
    assert ids == {world["mine"]["round"].pk}


def test_the_advice_form_offers_only_the_consultants_rounds(consultant_client, world):
    page = consultant_client.get(reverse("admin:assessments_advice_add"))
    field = page.context["adminform"].form.fields["round"]
    assert set(field.queryset) == {world["mine"]["round"]}


def csv_rows(page):
    return list(csv.DictReader(io.StringIO(page.content.decode())))


@pytest.mark.parametrize("name", ["response", "round"])
def test_the_csv_action_exports_nothing_of_another_client(
    consultant_client, world, name
):
    selected = [world["mine"][name].pk, world["theirs"][name].pk]
    page = consultant_client.post(
        reverse(f"admin:assessments_{name}_changelist"),
        {
            "action": "export_responses" if name == "response" else "export_rounds",
            "_selected_action": selected,
        },
    )
    assert page["Content-Type"].startswith("text/csv")
    assert [row["organisation"] for row in csv_rows(page)] == ["Mine Ltd"]


def test_the_group_reads_everything_and_writes_only_advice():
    group = Group.objects.get(name="Consultants")
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in ("organisation", "membership", "invitation", "round", "response"):
        assert f"view_{model}" in codenames
        assert f"change_{model}" not in codenames
        assert f"delete_{model}" not in codenames
    assert {"add_advice", "change_advice", "view_advice"} <= codenames
    assert not any(c.startswith("delete_") for c in codenames)


def test_a_consultant_cannot_change_their_client_or_its_consultants(
    consultant_client, world
):
    organisation = world["mine"]["organisation"]
    url = reverse("admin:assessments_organisation_change", args=[organisation.pk])
    page = consultant_client.get(url)
    assert "consultants" not in page.context["adminform"].form.fields
    assert "name" not in page.context["adminform"].form.fields
    consultant_client.post(url, {"name": "Renamed"})
    organisation.refresh_from_db()
    assert organisation.name == "Mine Ltd"


def test_a_superuser_assigns_consultants(client, world, admin_user):
    client.force_login(admin_user)
    organisation = world["theirs"]["organisation"]
    url = reverse("admin:assessments_organisation_change", args=[organisation.pk])
    form = client.get(url).context["adminform"].form
    assert "consultants" in form.fields
    # Only staff users can be chosen.
    plain = make_user()
    assert plain not in form.fields["consultants"].queryset
    assert world["consultant"] in form.fields["consultants"].queryset


def test_a_consultant_writes_advice_signed_with_their_name(consultant_client, world):
    world["consultant"].first_name, world["consultant"].last_name = "Clara", "Berg"
    world["consultant"].save()
    round_ = world["mine"]["round"]
    page = consultant_client.post(
        reverse("admin:assessments_advice_add"),
        {"round": round_.pk, "text": "Write the MQL definition down.", "priority": 1},
    )
    assert page.status_code == 302
    advice = Advice.objects.get(text="Write the MQL definition down.")
    assert (advice.round, advice.author, advice.author_name) == (
        round_,
        world["consultant"],
        "Clara Berg",
    )


def test_a_consultant_cannot_advise_another_client(consultant_client, world):
    page = consultant_client.post(
        reverse("admin:assessments_advice_add"),
        {"round": world["theirs"]["round"].pk, "text": "Sneaky"},
    )
    assert page.status_code == 200
    assert "round" in page.context["adminform"].form.errors
    assert not Advice.objects.filter(text="Sneaky").exists()


def test_a_consultant_cannot_edit_a_colleagues_advice(consultant_client, world):
    advice = world["mine"]["advice"]
    url = reverse("admin:assessments_advice_change", args=[advice.pk])
    consultant_client.post(url, {"text": "Changed"})
    advice.refresh_from_db()
    assert advice.text == "Advice Mine Ltd"


def test_a_staff_user_without_clients_sees_none(client, world):
    lonely = make_consultant()
    client.force_login(lonely)
    page = client.get(reverse("admin:assessments_response_changelist"))
    assert page.context["cl"].result_count == 0
    assert (
        client.get(reverse("admin-portfolio:portfolio")).context["portfolio"].total == 0
    )


def test_a_consultant_does_not_see_an_invitations_secret_token(
    consultant_client, world
):
    invitation = world["mine"]["invitation"]
    html = consultant_client.get(
        reverse("admin:assessments_invitation_change", args=[invitation.pk])
    ).content.decode()
    assert invitation.token not in html


@pytest.mark.parametrize("view", ["history", "delete"])
def test_another_clients_history_and_delete_pages_do_not_exist(
    consultant_client, world, view
):
    response = world["theirs"]["response"]
    url = reverse(f"admin:assessments_response_{view}", args=[response.pk])
    page = consultant_client.get(url, follow=True)
    html = page.content.decode()
    # Without delete permission the delete page is refused before any lookup.
    assert "doesn’t exist" in html or page.status_code == 403
    assert "Theirs plc" not in html


def test_a_consultant_can_neither_copy_nor_publish_a_questionnaire(
    consultant_client,
):
    url = reverse("admin:assessments_questionnaire_changelist")
    page = consultant_client.get(url)
    assert page.status_code == 200
    # No action at all: copying and publishing need the change permission.
    assert page.context["action_form"] is None
    before = Questionnaire.objects.count()
    consultant_client.post(
        url,
        {
            "action": "copy_to_new_version",
            "_selected_action": list(
                Questionnaire.objects.values_list("pk", flat=True)
            ),
        },
    )
    assert Questionnaire.objects.count() == before


@pytest.mark.parametrize("name", ["response", "round"])
def test_the_csv_action_is_offered_to_consultants(consultant_client, name):
    page = consultant_client.get(reverse(f"admin:assessments_{name}_changelist"))
    offered = {n for n, _label in page.context["action_form"].fields["action"].choices}
    assert offered == {"", f"export_{name}s"}
