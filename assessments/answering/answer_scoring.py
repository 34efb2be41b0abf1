"""A response's answers: what a version requires, checking and reading them, and the
bridge from answers to the pure scoring functions."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.models import SCALE_FIELDS, Answer, Organisation, Part, Response
from assessments.questionnaire.data import QuestionnaireData, questionnaire_data
from assessments.scoring import Numbers
from assessments.validators import clip, shorten


def required_codes(data: QuestionnaireData, answers: Mapping[str, int]) -> list[str]:
    """Codes that must be answered: every statement, the five diagnostics, and the
    ownership follow-up when the five answers cap the stage at 2."""
    required = [code for code in data.questions if code != scoring.OWNERSHIP_CODE]
    diagnostics = {
        code: bool(answers[code])
        for code in scoring.DIAGNOSTIC_CODES
        if code in answers
    }
    if len(diagnostics) == len(scoring.DIAGNOSTIC_CODES) and (
        scoring.needs_ownership_question(diagnostics)
    ):
        required.append(scoring.OWNERSHIP_CODE)
    return required


def missing_codes(data: QuestionnaireData, answers: Mapping[str, int]) -> list[str]:
    """Required codes without an answer, in questionnaire order."""
    return [code for code in required_codes(data, answers) if code not in answers]


def validate_answers(data: QuestionnaireData, answers: Mapping[str, object]) -> None:
    """Raise ValidationError, keyed by code, for unknown codes or values off scale."""
    errors: dict[str, str] = {}
    for code, value in answers.items():
        if code not in data.questions:
            errors[shorten(str(code))] = _("Unknown question code.")
            continue
        allowed = data.choices[code]
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or value not in allowed
        ):
            errors[code] = _("%(value)s is not among the choices %(allowed)s.") % {
                "value": clip(value),
                "allowed": ", ".join(str(v) for v in sorted(allowed)),
            }
    if errors:
        raise ValidationError(errors, code="invalid_answer")


def scoring_inputs(
    data: QuestionnaireData, answers: Mapping[str, int]
) -> dict[str, object]:
    """Turn {code: value} into the keyword arguments of `scoring.score`."""
    relationship, maturity, diagnostics = [], [], {}
    maturity_scale = scoring.AGREEMENT_SCALE
    for position, (code, question) in enumerate(data.questions.items()):
        if code not in answers:
            continue
        kind = question.part.kind
        if kind == Part.Kind.RELATIONSHIP:
            relationship.append(
                scoring.Statement(code=code, rating=answers[code], position=position)
            )
        elif kind == Part.Kind.MATURITY:
            maturity.append(
                scoring.Statement(
                    code=code,
                    rating=answers[code],
                    phase=question.phase,
                    position=position,
                    lm_stage=question.lm_stage or None,
                )
            )
            maturity_scale = question.part.rating_scale
        else:
            diagnostics[code] = bool(answers[code])
    return {
        "relationship": relationship,
        "maturity": maturity,
        "diagnostics": diagnostics,
        "maturity_scale": maturity_scale,
    }


def result_for(
    *,
    data: QuestionnaireData,
    answers: Mapping[str, int],
    organisation: Organisation,
) -> scoring.Result:
    """Score a complete set of answers for an organisation."""
    return scoring.score(
        **scoring_inputs(data, answers),
        revenue_team_size=organisation.revenue_team_size,
        monthly_lead_volume=organisation.monthly_lead_volume,
    )


def stored_result(result: scoring.Result, *, scale_from) -> dict[str, object]:
    """The values a result is stored with (RESULT_FIELDS and SCALE_FIELDS), the size
    taken from `scale_from`: the organisation at submission, or the response a team
    result was judged by."""
    values = {
        "x": result.x,
        "y": result.y,
        "relationship_level": result.relationship.level,
        "maturity_level": result.maturity.level,
        "stage": result.stage.number,
        "verdict": result.verdict.code.value,
    }
    for field in SCALE_FIELDS:
        values[field] = getattr(scale_from, field)
    return values


def response_answer_values(response: Response) -> dict[str, int]:
    """The response's answers as {question code: choice value}, in one query."""
    return dict(
        Answer.objects.filter(response=response).values_list(
            "question__code", "choice__value"
        )
    )


def response_result(
    *,
    response: Response,
    data: QuestionnaireData | None = None,
    numbers: Numbers | None = None,
) -> scoring.Result:
    """The full result of a submitted response, recomputed from its frozen answers,
    with the respondent's numbers when given (they only add a check)."""
    data = data or questionnaire_data(response.round.questionnaire)
    return scoring.score(
        **scoring_inputs(data, response_answer_values(response)),
        revenue_team_size=response.revenue_team_size,
        monthly_lead_volume=response.monthly_lead_volume,
        numbers=numbers,
    )
