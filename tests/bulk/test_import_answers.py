"""import_answers: organisations chosen explicitly, a plan shown first, history seeded,
and imported people invited to set a password."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.models import Membership, Organisation, Response, Round
from assessments.organisations import create
from tests.factories import answers_for, make_user

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("import_answers", *args, stdout=out)
    return out.getvalue()


def write(tmp_path, payload, name="answers.json"):
    path = tmp_path / name
    path.write_text(json.dumps(payload))
    return str(path)


def record(**overrides):
    fields = {
        "organisation": "Acme GmbH",
        "year": 2025,
        "respondent": "ann@acme.test",
        "role": "marketing",
        "answers": answers_for(),
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def squatter():
    """Someone signed up and created an organisation with the client's name."""
    user = make_user(email="mallory@evil.test", username="mallory@evil.test")
    return create.organisation_create(creator=user, name="Acme GmbH")


def snapshot():
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        Round.objects.count(),
        Response.objects.count(),
        get_user_model().objects.count(),
    )


def test_an_existing_name_without_a_flag_is_refused_and_says_how_to_choose(
    tmp_path, squatter
):
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, [record()]))
    message = str(error.value)
    assert "record 1, field 'organisation'" in message
    assert f"id {squatter.pk}" in message
    assert "organisation_id" in message
    assert "--match-organisations" in message
    assert "--create-organisations" in message
    assert snapshot() == before
    assert not Membership.objects.filter(organisation=squatter).exclude(
        user__email="mallory@evil.test"
    )


def test_create_organisations_makes_a_new_one_beside_the_squatter(tmp_path, squatter):
    output = run(
        write(tmp_path, [record(), record(respondent="bob@acme.test", role="sales")]),
        "--create-organisations",
    )
    assert "1 new organisations" in output
    assert "Adds to no existing organisation" in output
    new = Organisation.objects.exclude(pk=squatter.pk).get(name="Acme GmbH")
    assert Response.objects.filter(round__organisation=new).count() == 2
    assert squatter.memberships.count() == 1
    assert not Round.objects.filter(organisation=squatter).exists()


def test_match_organisations_prints_the_target_with_admins_and_members_first(
    tmp_path, squatter
):
    output = run(write(tmp_path, [record()]), "--match-organisations")
    plan, done = output.index("Adds to these existing"), output.index("Imported 1")
    assert plan < done
    assert (
        f"id {squatter.pk} 'Acme GmbH': admins mallory@evil.test; 1 members; 1 records"
        in output
    )
    assert Response.objects.get().round.organisation == squatter


def test_dry_run_prints_the_plan_and_writes_nothing(tmp_path, squatter):
    before = snapshot()
    output = run(write(tmp_path, [by_id(squatter.pk)]), "--dry-run")
    assert f"id {squatter.pk} 'Acme GmbH'" in output
    assert "Dry run: nothing was written." in output
    assert snapshot() == before


def by_id(organisation_id, **overrides):
    fields = {k: v for k, v in record(**overrides).items() if k != "organisation"}
    return fields | {"organisation_id": organisation_id}


def test_an_organisation_named_by_id_receives_the_records(tmp_path, squatter):
    run(write(tmp_path, [by_id(squatter.pk)]))
    assert Response.objects.get().round.organisation == squatter


@pytest.mark.parametrize("bad", [999_999, "1", True, None])
def test_an_unknown_organisation_id_is_refused(tmp_path, bad):
    with pytest.raises(CommandError, match="field 'organisation_id': no organisation"):
        run(write(tmp_path, [by_id(bad)]))
    assert snapshot() == (0, 0, 0, 0, 0)


def test_name_and_id_together_are_refused(tmp_path, squatter):
    with pytest.raises(CommandError, match="not both"):
        run(write(tmp_path, [record(organisation_id=squatter.pk)]))


def test_a_new_name_is_created_once_and_shared_by_years_and_respondents(tmp_path):
    records = [
        record(year=2023),
        record(year=2024),
        record(year=2025),
        record(year=2025, respondent="bob@acme.test", role="sales"),
    ]
    output = run(write(tmp_path, records))
    assert "1 new organisations, 2 new users, 3 new rounds" in output
    acme = Organisation.objects.get(name="Acme GmbH")
    assert sorted(acme.rounds.values_list("year", flat=True)) == [2023, 2024, 2025]
    assert acme.memberships.count() == 2
    assert Response.objects.filter(status="submitted").count() == 4


def test_history_is_seeded_from_several_files_for_an_existing_member(tmp_path):
    ann = make_user(email="Ann@Acme.test", username="ann")
    acme = create.organisation_create(creator=ann, name="Acme GmbH")
    first = write(tmp_path, [by_id(acme.pk, year=2022)], "2022.json")
    second = write(
        tmp_path,
        [by_id(acme.pk, year=2023), by_id(acme.pk, year=2024, respondent="cy@a.test")],
        "2023.json",
    )
    output = run(first, second)
    assert "Imported 3" in output and "1 new users" in output
    assert sorted(acme.rounds.values_list("year", flat=True)) == [2022, 2023, 2024]
    assert Response.objects.filter(respondent=ann, status="submitted").count() == 2
    assert acme.memberships.count() == 2
    # A later file adds another year by name, explicitly matched.
    run(write(tmp_path, [record(year=2025)], "2025.json"), "--match-organisations")
    assert acme.rounds.count() == 4
    assert acme.memberships.count() == 2


def test_one_bad_file_among_several_rejects_all(tmp_path):
    good = write(tmp_path, [record(year=2023)], "good.json")
    bad = write(tmp_path, [record(year=1900)], "bad.json")
    with pytest.raises(CommandError, match="record 2, field 'year'"):
        run(good, bad)
    assert snapshot() == (0, 0, 0, 0, 0)


def test_a_huge_value_is_not_echoed_whole(tmp_path):
    with pytest.raises(CommandError) as error:
        run(write(tmp_path, [record(respondent="x" * 1_000_000)]))
    assert len(str(error.value)) < 300


def test_invite_emails_a_single_use_link_that_lets_the_user_log_in(
    tmp_path, client, settings
):
    settings.SITE_URL = "https://lmm.example.com"
    make_user(email="old@acme.test", username="old@acme.test")
    run(
        write(tmp_path, [record(), record(respondent="old@acme.test", role="sales")]),
        "--invite",
        # The operator knows old@acme.test is the respondent (the default refuses).
        "--attach-existing-accounts",
    )
    assert [m.to for m in mail.outbox] == [["ann@acme.test"]]
    body = mail.outbox[0].body
    assert "Acme GmbH" in body
    url = re.search(r"https://lmm\.example\.com(/\S+)", body).group(1)
    page = client.get(url, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0]
    new_password = "a-fresh-long-password-7"
    done = client.post(
        form_url, {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302
    logged_in = client.post(
        reverse("login"), {"username": "ann@acme.test", "password": new_password}
    )
    assert logged_in.status_code == 302
    client.logout()
    again = client.get(url, follow=True)
    assert b"no longer valid" in again.content or b"invalid" in again.content.lower()


def test_password_reset_reaches_an_imported_user(tmp_path, client):
    run(write(tmp_path, [record()]))
    user = get_user_model().objects.get(email="ann@acme.test")
    assert not user.has_usable_password()
    page = client.post(reverse("password_reset"), {"email": "ANN@acme.test"})
    assert page.status_code == 302
    assert [m.to for m in mail.outbox] == [["ann@acme.test"]]


def test_the_write_runs_a_few_queries_however_many_records(
    django_assert_max_num_queries,
):
    from assessments.bulk.imports.plan import import_plan
    from assessments.bulk.imports.write import import_write

    def records(count, name):
        return [
            record(organisation=name, respondent=f"p{n}@{name}.test", year=2020 + n % 3)
            for n in range(count)
        ]

    few = import_plan(records=records(3, "few"))
    many = import_plan(records=records(30, "many"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        import_write(plan=few)
    # Ten times the records: only the bulk inserts split into a few more batches.
    with django_assert_max_num_queries(len(small) + 5):
        import_write(plan=many)
    assert Response.objects.filter(status="submitted").count() == 33


def test_a_draft_started_in_the_app_is_completed_by_the_import(tmp_path):
    from tests.factories import make_membership, make_response, make_round

    member = make_membership(user=make_user(email="dot@acme.test", username="dot"))
    round_ = make_round(organisation=member.organisation, year=2025)
    draft = make_response(round=round_, respondent=member.user)
    run(write(tmp_path, [by_id(member.organisation_id, respondent="dot@acme.test")]))
    draft.refresh_from_db()
    assert draft.is_submitted
    assert Response.objects.count() == 1


@pytest.mark.parametrize("name", ["Acme\x00GmbH", "Acme\x1bGmbH"])
def test_a_name_with_control_characters_is_refused_before_writing(tmp_path, name):
    path = tmp_path / "answers.json"
    # json.dumps writes \u0000 as an escape, as a file would carry.
    path.write_text(json.dumps([record(organisation=name)]))
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(str(path), "--create-organisations")
    assert "record 1, field 'organisation'" in str(error.value)
    assert "control characters" in str(error.value)
    assert snapshot() == before


@pytest.mark.parametrize("name", ["Acme\ud800", "Acme\udc00GmbH"])
def test_a_lone_surrogate_in_a_name_refuses_the_file_before_writing(tmp_path, name):
    """The streaming parser would read it as "?"; the file is refused instead."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps([record(organisation=name)]))
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(str(path), "--create-organisations")
    assert "unreadable JSON" in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert snapshot() == before
    assert not Organisation.objects.filter(name__startswith="Acme").exists()


def confirmed_account(email):
    return make_user(email=email, username=email)


def test_an_unconfirmed_sign_up_never_gets_an_imported_response(tmp_path, client):
    """The outsider who signed up first as the CEO gets nothing, in no mode."""
    client.post(
        reverse("assessments:signup"),
        {
            "email": "ceo@acme.example",
            "password1": "a-long-test-password",
            "password2": "a-long-test-password",
        },
    )
    path = write(
        tmp_path,
        [record(), record(respondent="ceo@acme.example", role="leadership")],
    )
    before = snapshot()
    for flags in ([], ["--attach-existing-accounts"], ["--invite-existing-accounts"]):
        with pytest.raises(CommandError) as error:
            run(path, "--create-organisations", "--invite", *flags)
        assert "record 2, field 'respondent'" in str(error.value)
        assert "never confirmed" in str(error.value)
    assert snapshot() == before
    assert not Membership.objects.filter(user__email="ceo@acme.example").exists()


def test_an_existing_account_is_listed_and_refused_without_a_flag(tmp_path):
    confirmed_account("old@acme.test")
    path = write(tmp_path, [record(), record(respondent="old@acme.test", role="sales")])
    dry = run(path, "--dry-run")
    assert "old@acme.test: organisation new 'Acme GmbH' as sales (record 2)" in dry
    assert "1 existing accounts joining" in dry
    before = snapshot()
    with pytest.raises(CommandError) as error:
        run(path)
    assert "--invite-existing-accounts" in str(error.value)
    assert snapshot() == before


def test_an_existing_account_is_invited_and_joins_only_when_it_accepts(
    tmp_path, client
):
    old = confirmed_account("old@acme.test")
    out = run(
        write(tmp_path, [record(), record(respondent="old@acme.test", role="sales")]),
        "--invite-existing-accounts",
    )
    assert "Left out 1 records of existing accounts; emailed 1 invitations" in out
    assert Response.objects.count() == 1
    assert not Membership.objects.filter(user=old).exists()
    assert [m.to for m in mail.outbox] == [["old@acme.test"]]
    link = re.search(r"http://\S+?(/invitations/\S+/)", mail.outbox[0].body).group(1)
    # Another account cannot use the link made for this address.
    client.force_login(confirmed_account("mallory@evil.test"))
    client.post(link)
    assert not Membership.objects.filter(user__email="mallory@evil.test").exists()
    client.force_login(old)
    client.post(link)
    membership = Membership.objects.get(user=old)
    assert (membership.organisation.name, membership.role) == ("Acme GmbH", "sales")


def test_an_account_already_in_the_organisation_needs_no_flag(tmp_path):
    first = write(tmp_path, [record()], name="first.json")
    run(first)
    acme = Organisation.objects.get()
    second = write(
        tmp_path,
        [
            {
                key: value
                for key, value in record(organisation_id=acme.pk, year=2026).items()
                if key != "organisation"
            }
        ],
        name="second.json",
    )
    out = run(second)
    assert "0 existing accounts joining" in out
    assert Response.objects.count() == 2
