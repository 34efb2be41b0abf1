"""The questionnaire's pages (steps), and where a respondent resumes."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from assessments import scoring
from assessments.models import Part, Question, Response
from assessments.questionnaire.data import QuestionnaireData, questionnaire_data


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
