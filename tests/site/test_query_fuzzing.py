"""Hypothesis sends every page arbitrary query strings, as a member, as a consultant
and as a superuser: non-ASCII digits, NUL, huge and negative numbers, unknown keys.
No answer may be a 500 (tests/site/test_fuzzing.py does the same for the forms)."""

import pytest
from django.contrib import admin as django_admin
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import (
    make_action,
    make_consultant,
    make_membership,
    make_response,
    make_round,
    make_user,
)
from tests.site.test_fuzzing import form_data

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# What the pages read from the query string, and the admin's own parameters.
KEYS = [
    "round", "source", "v", "text", "next", "refused", "year", "industry", "band",
    "stage", "verdict", "o", "q", "p", "e", "all", "_changelist_filters",
    "organisation__id__exact", "round__year", "is_closed__exact", "status__exact",
    "role__exact", "questionnaire__id__exact", "is_published__exact",
    "created_at__gte", "due_date__lt", "id__in",
]  # fmt: skip
ODD = [
    "²", "٣", "１２", "𝟙", "½", "Ⅻ", "\x00", "1\x00", "-1", "0", "1e309", "9" * 40,
    "2026", "3", "1", " 1", "%00", "../../", "$\\foo{$", "\u202e", "\ud7ff", "",
]  # fmt: skip
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
QUERY = st.dictionaries(
    st.one_of(st.sampled_from(KEYS), TEXT.filter(bool)),
    st.one_of(st.sampled_from(ODD), TEXT, st.integers().map(str)),
    max_size=4,
)


@pytest.fixture
def site():
    admin = make_membership(is_admin=True, role="leadership")
    colleague = make_membership(organisation=admin.organisation, role="sales")
    round_ = make_round(organisation=admin.organisation, year=2026)
    response = make_response(round=round_, respondent=admin.user, submitted=True)
    make_response(round=round_, respondent=colleague.user, role="sales", submitted=True)
    action = make_action(owner=admin, round=round_, source_code="rel-01")
    return {
        "admin": admin,
        "organisation_id": admin.organisation_id,
        "membership_id": colleague.pk,
        "round_id": round_.pk,
        "response_id": response.pk,
        "action_id": action.pk,
    }


def member_pages(site):
    organisation = {"organisation_id": site["organisation_id"]}
    round_ = {"round_id": site["round_id"]}
    response = {"response_id": site["response_id"]}
    return [
        reverse("assessments:home"),
        reverse("assessments:about"),
        reverse("assessments:report-footer"),
        reverse("assessments:organisation-create"),
        reverse("assessments:organisation-members", kwargs=organisation),
        reverse("assessments:organisation-history", kwargs=organisation),
        reverse("assessments:history-chart", kwargs=organisation | {"fmt": "svg"}),
        reverse("assessments:plan-detail", kwargs=organisation),
        reverse("assessments:action-create", kwargs=organisation),
        reverse(
            "assessments:action-update",
            kwargs=organisation | {"action_id": site["action_id"]},
        ),
        reverse("assessments:round-detail", kwargs=round_),
        reverse("assessments:round-close", kwargs=round_),
        reverse("assessments:round-chart", kwargs=round_ | {"fmt": "svg"}),
        reverse("assessments:response-step", kwargs=round_ | {"step": 1}),
        reverse("assessments:response-result", kwargs=response),
        reverse("assessments:response-chart", kwargs=response | {"fmt": "png"}),
        reverse("password_change"),
    ]


def admin_pages(site):
    pages = [
        reverse("admin:index"),
        reverse("admin-portfolio:portfolio"),
        reverse("admin-portfolio:csv"),
        reverse("admin-portfolio:client", args=[site["organisation_id"]]),
    ]
    for model in django_admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(reverse("admin:{}_{}_changelist".format(*info)))
        first = model._default_manager.first()
        if first is not None:
            pages.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return pages


# Each known key alone with each of these, on every page: what a random draw may miss.
SHARP = ["²", "\x00", "9" * 40]


def fuzz(client, pages, *, sharp=True):
    for url in pages if sharp else []:
        for key in KEYS:
            for value in SHARP:
                page = client.get(url, {key: value})
                assert page.status_code < 500, (url, key, value, page.status_code)

    @EXAMPLES
    @given(st.sampled_from(pages), QUERY)
    def check(url, query):
        page = client.get(url, query)
        assert page.status_code < 500, (url, query, page.status_code)

    check()


def logged_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_every_page_of_a_member(site):
    fuzz(logged_in(site["admin"].user), member_pages(site))


def test_the_public_pages():
    client = Client(raise_request_exception=False)
    fuzz(
        client,
        [
            reverse("login"),
            reverse("password_reset"),
            reverse("assessments:signup"),
            reverse("assessments:about"),
            "/healthz",
        ],
    )


def test_every_admin_page_of_a_consultant(site):
    consultant = make_consultant(site["admin"].organisation)
    # The superuser's test sends the grid to the same pages.
    fuzz(logged_in(consultant), admin_pages(site), sharp=False)


def test_every_admin_page_of_a_superuser(site):
    superuser = make_user(is_staff=True, is_superuser=True)
    fuzz(logged_in(superuser), admin_pages(site))


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("action-create", {"round": "²", "source": "rel-01"}),
        ("action-create", {"round": "\x00"}),
        ("round-detail", {"x": "\x00"}),
    ],
)
def test_odd_digits_and_nul_in_a_members_page_are_4xx(site, name, query):
    kwargs = (
        {"round_id": site["round_id"]}
        if name.startswith("round")
        else {"organisation_id": site["organisation_id"]}
    )
    page = logged_in(site["admin"].user).get(
        reverse(f"assessments:{name}", kwargs=kwargs), query
    )
    assert page.status_code in (400, 404)


@pytest.mark.parametrize(
    "query",
    [
        {"year": "２０２６"},
        {"band": "²"},
        {"stage": "٣"},
        {"q": "\x00"},
        {"id__in": "9" * 40},
    ],
)
def test_odd_digits_and_nul_in_the_consultants_pages_are_not_500(site, query):
    superuser = make_user(is_staff=True, is_superuser=True)
    client = logged_in(superuser)
    page = client.get(reverse("admin-portfolio:portfolio"), query)
    assert page.status_code in (200, 400)
    page = client.get(reverse("admin:assessments_organisation_changelist"), query)
    assert page.status_code in (200, 302, 400)


def test_the_admins_change_forms_of_a_superuser(site):
    """The admin's own forms, every field arbitrary: a message or a save, never a 500."""
    client = logged_in(make_user(is_staff=True, is_superuser=True))
    pages = []
    for model in ("organisation", "action", "round", "membership", "invitation"):
        changelist = reverse(f"admin:assessments_{model}_changelist")
        target = next(
            m for m in django_admin.site._registry if m._meta.model_name == model
        )
        obj = target._default_manager.first()
        if obj is not None:
            url = reverse(f"admin:assessments_{model}_change", args=[obj.pk])
            fields = list(client.get(url).context["adminform"].form.fields)
            pages.append((url, fields))
        assert client.get(changelist).status_code == 200

    @EXAMPLES
    @given(
        st.sampled_from(pages).flatmap(
            lambda p: st.tuples(st.just(p[0]), form_data(p[1]))
        )
    )
    def check(case):
        url, data = case
        with transaction.atomic():
            page = client.post(url, data)
            transaction.set_rollback(True)
        assert page.status_code < 500, (url, data, page.status_code)

    check()
