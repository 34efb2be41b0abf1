"""Reads: each selector loads what one page needs, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from assessments import questionnaire_language, scoring
from assessments.models import (
    Answer,
    Choice,
    Invitation,
    Membership,
    Organisation,
    Part,
    Question,
    Questionnaire,
    Response,
    Round,
)


@dataclass(frozen=True)
class QuestionnaireData:
    """A questionnaire version with its parts, questions and choices, loaded once."""

    questionnaire: Questionnaire
    parts: tuple[Part, ...]
    questions: Mapping[str, Question]
    choices: Mapping[str, Mapping[int, Choice]]

    def part_questions(self, kind: str) -> list[Question]:
        return [q for q in self.questions.values() if q.part.kind == kind]


def questionnaire_current() -> Questionnaire:
    """The newest published questionnaire version."""
    questionnaire = (
        Questionnaire.objects.filter(is_published=True).order_by("-version").first()
    )
    if questionnaire is None:
        raise Http404("No published questionnaire.")
    return questionnaire


# Published versions never change, so each process loads one at most once, and
# takes it from the shared cache when another process already has.
_published_data: dict[tuple, QuestionnaireData] = {}
# Bump when Part, Question or Choice change shape: the shared cache holds pickles.
QUESTIONNAIRE_CACHE_VERSION = "2"
QUESTIONNAIRE_CACHE_TIMEOUT = 60 * 60 * 24 * 30


def questionnaire_data(questionnaire: Questionnaire) -> QuestionnaireData:
    """All parts, questions and choices of one version in the active language
    (English where a German text is missing): three queries, or none for a
    published version this process or the shared cache has seen before."""
    language = questionnaire_language.display_language()
    if questionnaire.is_published:
        key = (
            questionnaire.pk,
            questionnaire.version,
            questionnaire.published_at,
            language,
        )
        data = _published_data.get(key)
        if data is None:
            data = _published_data[key] = questionnaire_language.in_language(
                _published_questionnaire_data(questionnaire), language
            )
        return data
    return questionnaire_language.in_language(
        _load_questionnaire_data(questionnaire), language
    )


def _published_questionnaire_data(questionnaire: Questionnaire) -> QuestionnaireData:
    # The publication time tells a version apart from an earlier one that reused
    # its id (tests roll back; SQLite then hands out the same id again).
    key = (questionnaire.pk, questionnaire.version, questionnaire.published_at)
    data = _published_data.get(key)
    if data is None:
        data = _published_data[key] = _shared_questionnaire_data(questionnaire, key)
    return data


def _shared_questionnaire_data(
    questionnaire: Questionnaire, key: tuple
) -> QuestionnaireData:
    pk, version, published_at = key
    cache_key = (
        f"lmm:questionnaire:{QUESTIONNAIRE_CACHE_VERSION}:{pk}:{version}:"
        f"{published_at.isoformat() if published_at else ''}"
    )
    data = cache.get(cache_key)
    if data is None:
        data = _load_questionnaire_data(questionnaire)
        cache.set(cache_key, data, QUESTIONNAIRE_CACHE_TIMEOUT)
    return data


def _load_questionnaire_data(questionnaire: Questionnaire) -> QuestionnaireData:
    parts = list(
        Part.objects.filter(questionnaire=questionnaire)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.order_by("position").prefetch_related(
                    Prefetch("choices", queryset=Choice.objects.order_by("position"))
                ),
            )
        )
    )
    questions: dict[str, Question] = {}
    choices: dict[str, dict[int, Choice]] = {}
    for part in parts:
        for question in part.questions.all():
            question.part = part
            questions[question.code] = question
            choices[question.code] = {c.value: c for c in question.choices.all()}
    return QuestionnaireData(
        questionnaire=questionnaire,
        parts=tuple(parts),
        questions=questions,
        choices=choices,
    )


def response_answer_values(response: Response) -> dict[str, int]:
    """The response's answers as {question code: choice value}, in one query."""
    return dict(
        Answer.objects.filter(response=response).values_list(
            "question__code", "choice__value"
        )
    )


def submitted_responses() -> QuerySet[Response]:
    """Every submitted response with what an export row shows."""
    return (
        Response.objects.filter(status=Response.Status.SUBMITTED)
        .select_related("round__organisation", "round__questionnaire", "respondent")
        .order_by("round__organisation__name", "round__year", "respondent__email")
    )


def round_get_for_user(*, user, round_id: int) -> Round:
    """A round of one of the user's organisations, or 404."""
    try:
        return (
            Round.objects.for_user(user).select_related("organisation").get(pk=round_id)
        )
    except Round.DoesNotExist:
        raise Http404("No such round.") from None


@dataclass(frozen=True)
class Step:
    """One page of the questionnaire.

    `key` names the page for the respondent's confirmed steps; it stays the same
    whatever other steps a version adds. `follow_ups` are codes on this page asked
    only when the page's other answers call for them.
    """

    number: int
    key: str
    kind: str
    title: str
    intro: str
    codes: tuple[str, ...]
    follow_ups: tuple[str, ...] = ()


RELATIONSHIP_STEP_SIZE = 10
OWNERSHIP_INTRO = gettext_lazy(
    "One more question, asked when your answers above place you at stage 1 or 2: "
    "this one tells which."
)


NUMBERS_STEP = {
    "key": "numbers",
    "kind": "numbers",
    "title": gettext_lazy("Your numbers"),
    "intro": gettext_lazy(
        "Optional: the figures of a typical recent month, as far as you know them. "
        "Leave a field empty when you do not know it. The result shows your funnel and "
        "checks it against your answers."
    ),
    "codes": (),
}


def response_steps(data: QuestionnaireData) -> list[Step]:
    """The questionnaire's pages: relationship in halves, lead management by phase,
    and the five diagnostics with the ownership follow-up on the same page, so the
    number of pages never changes while answering."""
    steps: list[dict] = []
    for part in data.parts:
        questions = [
            q for q in part.questions.all() if q.code != scoring.OWNERSHIP_CODE
        ]
        if part.kind == Part.Kind.RELATIONSHIP:
            for start in range(0, len(questions), RELATIONSHIP_STEP_SIZE):
                chunk = questions[start : start + RELATIONSHIP_STEP_SIZE]
                steps.append(
                    {
                        "key": f"{part.kind}-{start // RELATIONSHIP_STEP_SIZE + 1}",
                        "kind": part.kind,
                        "title": part.title,
                        "intro": part.intro,
                        "codes": tuple(q.code for q in chunk),
                    }
                )
        elif part.kind == Part.Kind.MATURITY:
            for phase, label in Question.Phase.choices:
                chunk = tuple(q.code for q in questions if q.phase == phase)
                if chunk:
                    steps.append(
                        {
                            "key": f"{part.kind}-{phase}",
                            "kind": part.kind,
                            "title": f"{part.title}: {label}",
                            "intro": part.intro,
                            "codes": chunk,
                        }
                    )
        else:
            if data.questionnaire.asks_numbers:
                # The optional "Your numbers" step comes before the stage diagnostics.
                steps.append(NUMBERS_STEP)
            follow_ups = (
                (scoring.OWNERSHIP_CODE,)
                if scoring.OWNERSHIP_CODE in data.questions
                else ()
            )
            steps.append(
                {
                    "key": part.kind,
                    "kind": part.kind,
                    "title": part.title,
                    "intro": part.intro,
                    "codes": tuple(q.code for q in questions) + follow_ups,
                    "follow_ups": follow_ups,
                }
            )
    return [Step(number=number, **step) for number, step in enumerate(steps, start=1)]


def first_open_step(steps: Sequence[Step], confirmed_steps: Collection[str]) -> Step:
    """Where a respondent resumes: the first page not saved complete in this round,
    or the last page when every one is."""
    for step in steps:
        if step.key not in confirmed_steps:
            return step
    return steps[-1]


def response_resume_step(response: Response) -> int:
    """The number of the page a draft response resumes at (no query for a published
    version already loaded)."""
    steps = response_steps(questionnaire_data(response.round.questionnaire))
    return first_open_step(steps, response.confirmed_steps).number


@dataclass(frozen=True)
class Seed:
    """Last year's answer to a question, offered as this year's starting point."""

    value: int
    label: str


def response_answers_and_seeds(
    *, response: Response, data: QuestionnaireData
) -> tuple[dict[str, int], dict[str, Seed]]:
    """The response's own answers as {code: value}, and the answers of the response it
    was seeded from as {code: Seed}, in one query.

    A seed is kept only for a question whose code is in this round's version with the
    same choices (values and labels): a changed scale starts empty rather than
    carrying a rating that meant something else last year. Give `response` with its
    `seeded_from__round__questionnaire` loaded to avoid further queries.
    """
    source = response.seeded_from
    response_ids = [response.pk] if source is None else [response.pk, source.pk]
    # No ordering: the rows fill dicts, and the default order joins two more tables.
    rows = (
        Answer.objects.filter(response_id__in=response_ids)
        .order_by()
        .values_list("response_id", "question__code", "choice__value")
    )
    answers: dict[str, int] = {}
    last_year: dict[str, int] = {}
    for response_id, code, value in rows:
        (answers if response_id == response.pk else last_year)[code] = value
    seeds: dict[str, Seed] = {}
    if source is not None:
        previous = questionnaire_data(source.round.questionnaire)
        for code, value in last_year.items():
            if code in data.choices and code in previous.choices:
                choices = _choice_labels(data.choices[code])
                if choices == _choice_labels(previous.choices[code]):
                    seeds[code] = Seed(value=value, label=choices[value])
    return answers, seeds


def _choice_labels(choices: Mapping[int, Choice]) -> dict[int, str]:
    return {value: choice.label for value, choice in choices.items()}


def response_seed_source(*, round: Round, respondent) -> Response | None:
    """The respondent's submitted response in the organisation's previous round (the
    latest earlier year), if any: one query."""
    previous_year = (
        Round.objects.filter(organisation_id=round.organisation_id, year__lt=round.year)
        .order_by("-year")
        .values("year")[:1]
    )
    return (
        Response.objects.filter(
            round__organisation_id=round.organisation_id,
            round__year=Subquery(previous_year),
            respondent=respondent,
            status=Response.Status.SUBMITTED,
        )
        .select_related("round")
        .first()
    )


def response_get_for_user(*, user, response_id: int) -> Response:
    """A response the user may read: their own, or any of an organisation they admin."""
    response = (
        Response.objects.select_related(
            "round__organisation", "round__questionnaire", "respondent"
        )
        .filter(pk=response_id)
        .first()
    )
    if response is None or not user.is_authenticated:
        raise Http404("No such response.")
    if response.respondent_id == user.pk:
        return response
    if Membership.objects.filter(
        organisation_id=response.round.organisation_id, user=user, is_admin=True
    ).exists():
        return response
    if consults(user=user, organisation_id=response.round.organisation_id):
        return response
    raise Http404("No such response.")


def memberships_for_user(user) -> list[Membership]:
    """The user's organisations, each with its rounds."""
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


@dataclass(frozen=True)
class HomeCard:
    membership: Membership
    round: Round | None
    response: Response | None


def home_cards(*, user, memberships: list[Membership], year: int) -> list[HomeCard]:
    """Per organisation: this year's round and the user's own response, in two queries."""
    organisation_ids = [m.organisation_id for m in memberships]
    rounds = {
        r.organisation_id: r
        for r in Round.objects.filter(organisation_id__in=organisation_ids, year=year)
    }
    responses = {
        r.round_id: r
        for r in Response.objects.filter(
            respondent=user, round__in=list(rounds.values())
        )
    }
    cards = []
    for membership in memberships:
        round_ = rounds.get(membership.organisation_id)
        response = responses.get(round_.pk) if round_ else None
        cards.append(HomeCard(membership=membership, round=round_, response=response))
    return cards


def membership_get_for_user(
    *, user, organisation_id: int, admin: bool = False
) -> Membership:
    """The user's membership of an organisation (an admin one if asked), or 404."""
    membership = (
        Membership.objects.filter(organisation_id=organisation_id, user=user)
        .select_related("organisation")
        .first()
    )
    if membership is None or (admin and not membership.is_admin):
        raise Http404("No such organisation.")
    return membership


def organisation_members(*, organisation_id: int) -> list[Membership]:
    return list(
        Membership.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("user__email")
    )


def organisation_pending_invitations(*, organisation_id: int) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            organisation_id=organisation_id,
            used_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).order_by("-created_at")
    )


# Consultants: staff users see the organisations assigned to them (superusers see all),
# read-only. Every consultant-facing page, in the admin and on the site, goes through
# these three selectors.


def organisations_for_staff(user) -> QuerySet[Organisation]:
    """The organisations a staff user advises: all for a superuser, the assigned ones
    for a consultant, none for anyone else."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(consultants=user)


def consults(*, user, organisation_id: int) -> bool:
    """True when the user is a staff user who may read the organisation's results."""
    return organisations_for_staff(user).filter(pk=organisation_id).exists()


@dataclass(frozen=True)
class ConsultantViewer:
    """Who reads a team page as its consultant: every respondent's result, read-only,
    and nobody's own response."""

    is_admin: bool = True
    user_id: None = None


def round_get_for_reader(*, user, round_id: int) -> tuple[Round, Membership | None]:
    """A round the user may read, with their membership; a consultant of the
    organisation reads it without one (membership None). 404 otherwise."""
    round_ = (
        Round.objects.select_related("organisation", "questionnaire")
        .filter(pk=round_id)
        .first()
    )
    if round_ is None or not user.is_authenticated:
        raise Http404("No such round.")
    membership = (
        Membership.objects.filter(organisation_id=round_.organisation_id, user=user)
        .select_related("organisation")
        .first()
    )
    if membership is None and not consults(
        user=user, organisation_id=round_.organisation_id
    ):
        raise Http404("No such round.")
    return round_, membership
