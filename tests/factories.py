import datetime
from itertools import count

from django.contrib.auth import get_user_model

from assessments.answering import responses
from assessments.answering import steps as answering_steps
from assessments.models import Action, Membership, Organisation, Role, Round
from assessments.questionnaire.data import questionnaire_current, questionnaire_data

_sequence = count(1)


def make_user(**overrides):
    number = next(_sequence)
    fields = {"username": f"user{number}", "email": f"user{number}@example.com"}
    fields.update(overrides)
    password = fields.pop("password", "a-long-test-password")
    return get_user_model().objects.create_user(password=password, **fields)


def make_organisation(**overrides):
    fields = {
        "name": f"Organisation {next(_sequence)}",
        "industry": "Software",
        "revenue_team_size": 12,
        "monthly_lead_volume": 500,
    }
    fields.update(overrides)
    return Organisation.objects.create(**fields)


def make_membership(**overrides):
    fields = {"role": Role.MARKETING, "is_admin": False}
    fields.update(overrides)
    if "organisation" not in fields:
        fields["organisation"] = make_organisation()
    if "user" not in fields:
        fields["user"] = make_user()
    return Membership.objects.create(**fields)


def make_round(**overrides):
    fields = {"year": 2026}
    fields.update(overrides)
    if "organisation" not in fields:
        fields["organisation"] = make_organisation()
    if "questionnaire" not in fields:
        fields["questionnaire"] = questionnaire_current()
    return Round.objects.create(**fields)


def answers_for(
    relationship=3, maturity=3, diagnostics=None, ownership=None, questionnaire=None
):
    """A complete {code: value} answer set: ratings per axis, diagnostics by code."""
    data = questionnaire_data(questionnaire or questionnaire_current())
    diagnostics = {"diag-1": 1, "diag-2": 1, "diag-3": 1, "diag-4": 1, "diag-5": 1} | (
        diagnostics or {}
    )
    answers = {}
    for code, question in data.questions.items():
        kind = question.part.kind
        if kind == "relationship":
            answers[code] = relationship
        elif kind == "maturity":
            answers[code] = (
                maturity[question.phase] if isinstance(maturity, dict) else maturity
            )
    answers.update(diagnostics)
    if ownership is not None:
        answers["diag-ownership"] = ownership
    return answers


def make_response(*, submitted=False, answers=None, **overrides):
    round_ = overrides.pop("round", None) or make_round()
    respondent = overrides.pop("respondent", None) or make_user()
    role = overrides.pop("role", Role.MARKETING)
    if not Membership.objects.filter(organisation=round_.organisation, user=respondent):
        make_membership(organisation=round_.organisation, user=respondent, role=role)
    response = responses.response_get_or_create(
        round=round_, respondent=respondent, role=role
    )
    if answers is None and submitted:
        answers = answers_for()
    if answers:
        responses.response_save_answers(response=response, answers=answers)
    if submitted:
        responses.response_submit(response=response)
    return response


def make_submitted(round_, **answers_by_role):
    """One submitted response per role, in the order given, with that role's answers:
    `make_submitted(round_, marketing=answers_for(...), sales=answers_for(...))`."""
    return [
        make_response(round=round_, role=role, answers=answers, submitted=True)
        for role, answers in answers_by_role.items()
    ]


def make_action(**overrides):
    """An open action of an organisation's plan, owned by a new member by default."""
    fields = {
        "title": "Write down what a qualified lead is",
        "due_date": datetime.date(2026, 12, 31),
        "year": 2026,
    }
    fields.update(overrides)
    if "organisation" not in fields:
        fields["organisation"] = (
            fields["owner"].organisation if fields.get("owner") else make_organisation()
        )
    if "owner" not in fields:
        fields["owner"] = make_membership(organisation=fields["organisation"])
    if fields.get("source_code") and "source" not in fields:
        fields["source"] = Action.Source.STATEMENT
    return Action.objects.create(**fields)


CONSULTANTS_GROUP = "Consultants"


def make_consultant(*organisations, **overrides):
    """A staff user in the consultants group, assigned to the given organisations."""
    from django.contrib.auth.models import Group

    user = make_user(is_staff=True, **overrides)
    user.groups.add(Group.objects.get(name=CONSULTANTS_GROUP))
    for organisation in organisations:
        organisation.consultants.add(user)
    return user


def confirm_all_steps_but_last(response, answers):
    """Save every page but the last one complete, as the step flow does, so that the
    last page's POST submits; returns the pages."""
    steps = answering_steps.response_steps(
        questionnaire_data(response.round.questionnaire)
    )
    for step in steps[:-1]:
        responses.response_save_answers(
            response=response,
            answers={code: answers[code] for code in step.codes if code in answers},
            step_key=step.key,
            is_step_complete=True,
        )
    return steps


def ensure_seeded_questionnaire():
    """Put back the questionnaire the data migrations seed, when a transactional test
    before this one flushed the database and took it along."""
    from importlib import import_module

    from django.apps import apps

    from assessments.models import Questionnaire

    if Questionnaire.objects.exists():
        return
    for migration in ("0002_seed_questionnaire_v1", "0005_seed_questionnaire_v2"):
        seed = import_module(f"assessments.migrations.{migration}")
        seed.seed_questionnaire(apps, None)
    german = import_module("assessments.migrations.0013_german_questionnaire")
    german.add_german(apps, None)


def make_bulk_clients(count, consultant):
    """`count` clients assigned to the consultant, each with two years of stored,
    up-to-date team results, created in bulk (no signals, no scoring)."""
    from assessments.models import Response, TeamResult
    from assessments.teams import stored_results

    questionnaire = questionnaire_current()
    respondent = make_user()
    when = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Client {n:04}",
            industry=("Software", "Retail", "Health")[n % 3],
            revenue_team_size=3 + n % 150,
        )
        for n in range(count)
    )
    Organisation.consultants.through.objects.bulk_create(
        Organisation.consultants.through(organisation=o, user=consultant)
        for o in organisations
    )
    rounds = Round.objects.bulk_create(
        Round(organisation=o, year=year, questionnaire=questionnaire)
        for o in organisations
        for year in (2025, 2026)
    )
    Response.objects.bulk_create(
        Response(
            round=r,
            respondent=respondent,
            role="marketing",
            status="submitted",
            submitted_at=when,
            stage=2,
            x=1.5,
            y=1.5,
        )
        for r in rounds
    )
    TeamResult.objects.bulk_create(
        TeamResult(
            round=r,
            respondents=1,
            last_submitted_at=when,
            x=(n % 40) / 10,
            y=(n % 37) / 10 + 0.2,
            relationship_level=1 + n % 4,
            maturity_level=1 + n % 4,
            stage=1 + n % 4,
            verdict=("on_path", "above_path", "below_path")[n % 3],
            distance=0.5,
            revenue_team_size=r.organisation.revenue_team_size,
            version=stored_results.VERSION,
            is_latest=r.year == 2026,
        )
        for n, r in enumerate(rounds)
    )
