"""Thirty organisations run through the whole pipeline: answers saved and submitted
as a respondent does, scored, combined into teams, and five of them rendered and read
in English and German. Each profile's story says what a consultant would conclude;
the expectations follow docs/scoring.md (worked by hand in the comments)."""

from dataclasses import dataclass, field

import pytest
from django.urls import reverse

from assessments import scoring
from assessments.accounts.languages import language_remember
from assessments.answering import answer_scoring, responses
from assessments.answering import numbers as numbers_service
from assessments.models import Questionnaire
from assessments.scoring import Numbers
from assessments.teams import results as team_results
from tests.factories import (
    answers_for,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)
from tests.site.german_site import visible_text

pytestmark = pytest.mark.django_db

ALL_NO = {f"diag-{n}": 0 for n in range(1, 6)}


@dataclass(frozen=True)
class Member:
    """One respondent's answers: ratings by axis and phase, single codes overridden."""

    rel: int = 3
    phases: tuple[int, int, int] = (3, 3, 3)
    codes: dict = field(default_factory=dict)
    diagnostics: dict = field(default_factory=dict)
    ownership: int | None = None
    role: str = "marketing"
    numbers: Numbers | None = None

    def answers(self, questionnaire):
        t, p, d = self.phases
        return answers_for(
            relationship=self.rel,
            maturity={2: t, 3: p, 4: d},
            diagnostics=self.diagnostics,
            ownership=self.ownership,
            questionnaire=questionnaire,
        ) | dict(self.codes)


@dataclass(frozen=True)
class Profile:
    story: str
    members: tuple[Member, ...]
    levels: tuple[int, int]
    stage: int
    verdict: str
    checks: tuple[str, ...] | None = None  # exactly these, when given
    has: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()
    actions: tuple[str, ...] | None = None
    version: int = 2
    team: tuple[int, int] = (12, 400)
    weakest_area: str | None = "any"
    extra: dict = field(default_factory=dict)


def _phase(letter, ratings):
    """Version 1's five statements of a phase (lm-t1..lm-t5), rated in order."""
    return {f"lm-{letter}{i}": r for i, r in enumerate(ratings, start=1)}


PROFILES = {
    "founder-led-start-up": Profile(
        "Five people, nothing written down, no diagnostics: Stage 1, and the path "
        "starts with definitions (seed 001's path to Stage 2).",
        (Member(rel=2, phases=(1, 1, 1), diagnostics=ALL_NO, ownership=0),),
        levels=(2, 1),
        stage=1,
        verdict="below_path",
        team=(5, 80),
        actions=("lm-definitions", "lm-criteria", "lm-inquiry-sources"),
    ),
    "everything-talked-about": Profile(
        "Every practice only talked about (2): not 'defined terminology', not above "
        "the path; on it at (1, 1) with a weak relationship.",
        (Member(rel=1, phases=(2, 2, 2), diagnostics=ALL_NO, ownership=0),),
        levels=(1, 1),
        stage=1,
        verdict="on_path",
        team=(4, 50),
        lacks=("paper_not_lived",),
    ),
    "paper-tiger": Profile(
        "Everything written down, nothing used, every diagnostic Yes: above the path, "
        "defined on paper, and a Stage 4 that the practices do not support.",
        (Member(rel=2, phases=(3, 3, 3)),),
        levels=(2, 3),
        stage=4,
        verdict="above_path",
        checks=("paper_not_lived", "stage_on_paper"),
    ),
    "terminology-in-use-no-process": Profile(
        "The criteria are agreed and used, every process practice is missing: the "
        "actions start with the process (seed 002's three top issues).",
        (Member(rel=5, phases=(3, 1, 1), codes={"lm-criteria": 4}),),
        levels=(4, 2),
        stage=4,
        verdict="below_path",
        actions=("lm-qualify-first", "lm-nurture", "lm-hand-back"),
        lacks=("grid_ahead_of_stage",),
    ),
    "seed-mistake-1": Profile(
        "Practices written down and mostly used, but the best operator's holiday "
        "breaks the process: level 3 against Stage 2, named mildly (seed 001).",
        (
            Member(
                phases=(4, 4, 4),
                codes={"lm-team": 3},
                diagnostics={"diag-1": 0},
                ownership=1,
            ),
        ),
        levels=(3, 3),
        stage=2,
        verdict="on_path",
        has=("grid_ahead_of_stage",),
        extra={"grid_detail": {"level": 3, "stage": 2, "mild": 1}},
    ),
    "criteria-in-the-system-only-talked-about": Profile(
        "Criteria 'built into the system', yet the criteria practice is only talked "
        "about: the answers contradict each other.",
        (Member(phases=(4, 4, 4), codes={"lm-criteria": 2}),),
        levels=(3, 3),
        stage=4,
        verdict="on_path",
        has=("diagnostic_without_practice",),
    ),
    "department-without-a-team": Profile(
        "Everything used and reviewed except the dedicated team, which is only talked "
        "about: not the top level (seed 000 names the department).",
        (Member(rel=5, phases=(5, 5, 5), codes={"lm-team": 2}),),
        levels=(4, 3),
        stage=4,
        verdict="below_path",
        actions=("lm-team",),
    ),
    "integrated-and-optimised": Profile(
        "Everything at the top: the last crossing point, Stage 4, nothing to warn.",
        (Member(rel=5, phases=(5, 5, 5)),),
        levels=(4, 4),
        stage=4,
        verdict="on_path",
        checks=(),
        actions=(),
        team=(150, 30_000),
        weakest_area=None,
    ),
    "experiments-on-criteria-in-heads": Profile(
        "Experiments on routing while the criteria live in people's heads: skipped "
        "stages (seed 001, mistake 2).",
        (Member(diagnostics={"diag-2": 0, "diag-4": 1}, ownership=1),),
        levels=(3, 3),
        stage=2,
        verdict="on_path",
        has=("skipped_stages", "grid_ahead_of_stage", "paper_not_lived"),
        lacks=("stage_on_paper",),
    ),
    "scale-outgrown": Profile(
        "300 people and 5,000 leads a month run on a Stage 2 process (seed 001, "
        "mistake 3); the practices claim the top level.",
        (Member(phases=(4, 4, 4), diagnostics={"diag-1": 0}, ownership=1),),
        levels=(3, 4),
        stage=2,
        verdict="above_path",
        team=(300, 5_000),
        has=("scale_above_stage", "grid_ahead_of_stage"),
        extra={"grid_detail": {"level": 4, "stage": 2}},
    ),
    "acceptance-claimed-figures-disagree": Profile(
        "The MQL-to-SAL ratio is 'measured and close to 1', the figures give 0.50.",
        (
            Member(
                phases=(4, 4, 4),
                numbers=Numbers(inquiries=800, mqls=200, sals=100),
            ),
        ),
        levels=(3, 4),
        stage=4,
        verdict="above_path",
        has=("numbers_contradict_answers",),
    ),
    "acceptance-just-under-the-band": Profile(
        "6,996 of 10,000 MQLs accepted: shown as 0.70, banded far below on the exact "
        "ratio, worded as the seed words it.",
        (Member(phases=(3, 3, 3), numbers=Numbers(mqls=10_000, sals=6_996)),),
        levels=(3, 3),
        stage=4,
        verdict="on_path",
        extra={"acceptance_band": "far_below"},
    ),
    "traced-deals-without-sources": Profile(
        "Won deals 'traced with high confidence', but only 30 % have a known source.",
        (Member(phases=(4, 4, 4), numbers=Numbers(known_source_share=30)),),
        levels=(3, 4),
        stage=4,
        verdict="above_path",
        has=("numbers_contradict_answers",),
    ),
    "all-areas-alike": Profile(
        "Every practice mostly used: no area is weaker than another.",
        (Member(rel=4, phases=(4, 4, 4)),),
        levels=(4, 4),
        stage=4,
        verdict="on_path",
        weakest_area=None,
    ),
    "nurturing-lags": Profile(
        "Everything in use except nurturing: the weakest area is nurturing.",
        (
            Member(
                rel=4,
                phases=(4, 4, 4),
                codes={"lm-nurture": 1, "lm-triggered-nurture": 2},
            ),
        ),
        levels=(4, 3),
        stage=4,
        verdict="below_path",
        weakest_area="nurturing",
    ),
    "just-above-the-diagonal": Profile(
        "Relationship a hair under 'Aligned' (x = 1.95), practices written down: just "
        "above the path, 0.05 from the diagonal.",
        (Member(rel=3, phases=(3, 3, 3), codes={"rel-20": 2}),),
        levels=(2, 3),
        stage=4,
        verdict="above_path",
        extra={"distance": 0.05},
    ),
    "version-1-example-a": Profile(
        "docs/scoring.md example A, answered with version 1: bands, levels and verdict "
        "unchanged; level 3 against Stage 2 now named mildly.",
        (
            Member(
                codes={
                    **{
                        f"rel-{i:02d}": r
                        for i, r in enumerate(
                            [
                                3,
                                2,
                                1,
                                3,
                                3,
                                2,
                                2,
                                1,
                                2,
                                3,
                                1,
                                2,
                                2,
                                3,
                                2,
                                3,
                                1,
                                3,
                                4,
                                3,
                            ],
                            start=1,
                        )
                    },
                    **_phase("t", [5, 4, 4, 4, 4]),
                    **_phase("p", [4, 4, 3, 3, 4]),
                    **_phase("d", [2, 3, 2, 3, 2]),
                },
                diagnostics={"diag-3": 0, "diag-5": 0},
                ownership=1,
            ),
        ),
        levels=(2, 3),
        stage=2,
        verdict="above_path",
        version=1,
        team=(12, 2_500),
        checks=("grid_ahead_of_stage", "scale_above_stage", "later_stage_evidence"),
        actions=("rel-03", "rel-08", "rel-11"),
        weakest_area=None,
    ),
    "version-1-weak-terminology": Profile(
        "Version 1, good process statements but weak terminology: below the path, "
        "terminology first (example B's shape).",
        (
            Member(
                rel=4,
                phases=(2, 4, 2),
                codes={"lm-t2": 1},
                diagnostics={**ALL_NO, "diag-5": 1},
                ownership=0,
            ),
        ),
        levels=(4, 1),
        stage=1,
        verdict="below_path",
        version=1,
        team=(8, 150),
        has=("skipped_phases",),
        actions=("lm-t2", "lm-t1", "lm-t3"),
        weakest_area=None,
    ),
    "three-members-three-different-noes": Profile(
        "Each of three members answers No to a different one of diag-1..3: each is "
        "Stage 2, and so is the team (not Stage 4 by per-question majority).",
        (
            Member(diagnostics={"diag-1": 0}, ownership=1, role="marketing"),
            Member(diagnostics={"diag-2": 0}, ownership=1, role="sales"),
            Member(diagnostics={"diag-3": 0}, ownership=1, role="other"),
        ),
        levels=(3, 3),
        stage=2,
        verdict="on_path",
        extra={"limited": True, "spread": {1: 0, 2: 3, 3: 0, 4: 0}},
    ),
    "one-enthusiast-two-sceptics": Profile(
        "One member rates everything 5, two rate everything 2: the team stays at "
        "level 2 on both axes (the median), with the splits shown.",
        (
            Member(rel=5, phases=(5, 5, 5), role="marketing"),
            Member(rel=2, phases=(2, 2, 2), role="sales"),
            Member(rel=2, phases=(2, 2, 2), role="other"),
        ),
        levels=(2, 1),
        stage=4,
        verdict="below_path",
        extra={"splits": 38},
    ),
    "marketing-4-sales-2": Profile(
        "Marketing rates every practice 4, sales 2: the median is 3, but nobody "
        "chose 'written down, not used', so no such finding.",
        (
            Member(phases=(4, 4, 4), role="marketing"),
            Member(phases=(2, 2, 2), role="sales"),
        ),
        levels=(3, 3),
        stage=4,
        verdict="on_path",
        lacks=("paper_not_lived", "stage_on_paper"),
    ),
    "two-on-paper-one-in-use": Profile(
        "Two of three members chose 'written down, not used' everywhere: the finding "
        "names the share of respondents who chose it.",
        (
            Member(role="marketing"),
            Member(role="sales"),
            Member(phases=(4, 4, 4), role="other"),
        ),
        levels=(3, 3),
        stage=4,
        verdict="on_path",
        has=("paper_not_lived",),
        extra={"paper_detail": {"count": 18, "total": 18, "respondents": 3}},
    ),
    "team-ratios-from-members": Profile(
        "Marketing reports 100 MQLs and 90 SALs, sales 1,000 and 100: the team's "
        "acceptance ratio is the median of 0.90 and 0.10, not 95 / 550.",
        (
            Member(role="marketing", numbers=Numbers(mqls=100, sals=90)),
            Member(role="sales", numbers=Numbers(mqls=1000, sals=100)),
        ),
        levels=(3, 3),
        stage=4,
        verdict="on_path",
        extra={"acceptance": 0.5},
    ),
    "unanimous-stage-4": Profile(
        "Three members, every diagnostic Yes: Stage 4, not limited.",
        (
            Member(phases=(4, 4, 4), rel=4, role="marketing"),
            Member(phases=(4, 4, 4), rel=4, role="sales"),
            Member(phases=(4, 4, 4), rel=4, role="other"),
        ),
        levels=(4, 4),
        stage=4,
        verdict="on_path",
        extra={"limited": False},
    ),
    "split-team-two-stages": Profile(
        "Two members at Stage 3, two at Stage 1: the tie on diag-1 counts as No and "
        "the ownership vote ties, so the team is Stage 1, spread shown.",
        (
            Member(diagnostics={"diag-4": 0}, role="marketing"),
            Member(diagnostics={"diag-4": 0}, role="marketing"),
            Member(diagnostics=ALL_NO, ownership=0, role="sales"),
            Member(diagnostics=ALL_NO, ownership=0, role="sales"),
        ),
        levels=(3, 3),
        stage=1,
        verdict="on_path",
        extra={"limited": False, "spread": {1: 2, 2: 0, 3: 2, 4: 0}},
    ),
    "no-hand-back-among-the-first-three": Profile(
        "Three relationship statements at 1 and no hand-back (1) in the process: the "
        "hand-back takes the third place.",
        (
            Member(
                rel=3,
                phases=(4, 2, 4),
                codes={"rel-01": 1, "rel-02": 1, "rel-03": 1, "lm-hand-back": 1},
            ),
        ),
        levels=(2, 2),
        stage=4,
        verdict="on_path",
        actions=("rel-01", "rel-02", "lm-hand-back"),
    ),
    "stage-1-on-the-path": Profile(
        "A Stage-1 team on the path at (2, 2): lead management before relationship "
        "advice.",
        (
            Member(
                rel=2,
                phases=(3, 2, 1),
                diagnostics=ALL_NO,
                ownership=0,
            ),
        ),
        levels=(2, 2),
        stage=1,
        verdict="on_path",
        team=(4, 100),
        actions=("lm-qualify-first", "lm-nurture", "lm-hand-back"),
    ),
    "relationship-lags": Profile(
        "Practices in use, marketing and sales apart: above the path, relationship "
        "actions only, weakest first.",
        (Member(rel=3, phases=(4, 4, 4), codes={"rel-07": 1}),),
        levels=(2, 4),
        stage=4,
        verdict="above_path",
        actions=("rel-07", "rel-01", "rel-02"),
    ),
    "half-written-down": Profile(
        "Three terminology practices written down, two only talked about: defined "
        "terminology (2.2), on the path at (2, 2).",
        (
            Member(
                rel=2,
                phases=(3, 3, 3),
                codes={"lm-stage-list": 2, "lm-handover-roles": 2},
            ),
        ),
        levels=(2, 2),
        stage=4,
        verdict="on_path",
        extra={"y": 1.2},
    ),
    "growing-team-of-two-roles": Profile(
        "Marketing and sales at 3 and 4 on everything: a pair's median is their "
        "mean; the x of the team is the mean of theirs.",
        (
            Member(rel=3, phases=(4, 4, 4), role="marketing"),
            Member(rel=4, phases=(4, 4, 4), role="sales"),
        ),
        levels=(3, 4),
        stage=4,
        verdict="above_path",
        extra={"x": 2.5},
    ),
}


def _submit(round_, member, questionnaire):
    response = make_response(
        round=round_,
        role=member.role,
        answers=member.answers(questionnaire),
    )
    if member.numbers is not None:
        numbers_service.response_save_numbers(response=response, numbers=member.numbers)
    responses.response_submit(response=response)
    return response


def run(profile: Profile):
    """The profile answered and submitted; the result a page would show (the
    team's for several members) and the round."""
    questionnaire = Questionnaire.objects.get(version=profile.version)
    organisation = make_organisation(
        revenue_team_size=profile.team[0], monthly_lead_volume=profile.team[1]
    )
    round_ = make_round(organisation=organisation, questionnaire=questionnaire)
    submitted = [_submit(round_, m, questionnaire) for m in profile.members]
    if len(submitted) == 1:
        # As the result page does: the respondent's own figures add their check.
        result = answer_scoring.response_result(
            response=submitted[0],
            numbers=numbers_service.response_numbers(submitted[0]),
        )
        return result, None, submitted
    combined = team_results.round_result(round=round_)
    return combined.team.result, combined, submitted


def _check(result, code):
    return next(c for c in result.checks if c.code == code)


@pytest.mark.parametrize("name", list(PROFILES))
def test_profile(name):
    profile = PROFILES[name]
    result, combined, _ = run(profile)
    codes = tuple(c.code for c in result.checks)

    assert (result.relationship.level, result.maturity.level) == profile.levels
    assert result.stage.number == profile.stage
    assert result.verdict.code == profile.verdict
    if profile.checks is not None:
        assert codes == profile.checks
    assert set(profile.has) <= set(codes)
    assert not set(profile.lacks) & set(codes)
    if profile.actions is not None:
        assert result.upgrade.weakest == profile.actions
    if profile.weakest_area != "any":
        assert result.weakest_stage == profile.weakest_area
    _check_extra(profile, result, combined)


def _check_extra(profile, result, combined):
    extra = profile.extra
    if "grid_detail" in extra:
        assert _check(result, "grid_ahead_of_stage").detail == extra["grid_detail"]
    if "paper_detail" in extra:
        assert _check(result, "paper_not_lived").detail == extra["paper_detail"]
    if "distance" in extra:
        assert result.verdict.distance == extra["distance"]
    for axis in ("x", "y"):
        if axis in extra:
            assert getattr(result, axis) == pytest.approx(extra[axis])
    if "limited" in extra:
        assert result.stage.limited_by_members is extra["limited"]
    if "spread" in extra:
        assert dict(combined.team.stage_spread) == extra["spread"]
    if "splits" in extra:
        assert len(combined.team.splits) == extra["splits"]
    if "acceptance" in extra:
        assert scoring.funnel_for(combined.numbers).acceptance == extra["acceptance"]
    if "acceptance_band" in extra:
        numbers = profile.members[0].numbers
        assert scoring.funnel_for(numbers).acceptance_band == extra["acceptance_band"]


# Five profiles rendered and read as a person reads them, in English and German.

READ = {
    "paper-tiger": {
        "en": [
            "How to read your result",
            "above the path, 1.00 from the diagonal (0 is on it, 4 the most)",
            "A warning, not a good sign",
            "Defined on paper, not lived: 18 of 18",
            "Stage 4 on paper",
        ],
        "de": [
            "So lesen Sie Ihr Ergebnis",
            "über dem Pfad, 1,00 von der Diagonale entfernt",
            "Eine Warnung, kein gutes Zeichen",
            "Stufe 4 auf dem Papier",
        ],
    },
    "terminology-in-use-no-process": {
        "en": [
            "Lead management, in sequence (first phase not yet reached)",
            "Next milestone on the grid: crossing point (4, 4) – relationship "
            "Integrated, lead management Dedicated lead management department",
        ],
        "de": [
            "Lead-Management, der Reihe nach (erste noch nicht erreichte Phase)",
            "Kreuzungspunkt (4, 4)",
        ],
    },
    "just-above-the-diagonal": {
        "en": ["just above the path, 0.05 from the diagonal"],
        "de": ["knapp über dem Pfad, 0,05 von der Diagonale entfernt"],
    },
    "three-members-three-different-noes": {
        "en": [
            "3 members at stage 2 Defined",
            "the team is placed at stage 2, the highest stage that at least half of "
            "you reach",
        ],
        "de": [
            "3 Mitglieder auf Stufe 2 Definiert",
            "Das Team steht auf Stufe 2",
        ],
    },
    "team-ratios-from-members": {
        "en": [
            "The team's numbers",
            "each ratio is the median of the ratios of their own figures",
            "MQL→SAL acceptance ratio: 0.50",
        ],
        "de": [
            "Die Kennzahlen des Teams",
            "Annahmequote MQL→SAL: 0,50",
        ],
    },
}

NEVER = {
    "en": ["most of what marketing passes on is spam", "No warnings: your answers"],
    "de": ["Lead-Nachverfolgung", "sechs Stufen", "in etwa 1–3 Monate,"],
}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("name", list(READ))
def test_profile_reads_as_it_should(client, name, language):
    result, combined, submitted = run(PROFILES[name])
    viewer = make_membership(
        organisation=submitted[0].round.organisation, is_admin=True, role="leadership"
    )
    language_remember(user=viewer.user, language=language)
    client.force_login(viewer.user)
    url = (
        reverse("assessments:round-detail", args=[submitted[0].round_id])
        if combined
        else reverse("assessments:response-result", args=[submitted[0].pk])
    )
    if combined is None:
        # A respondent reads their own result.
        language_remember(user=submitted[0].respondent, language=language)
        client.force_login(submitted[0].respondent)

    text = visible_text(client.get(url).content.decode())

    for phrase in READ[name][language]:
        assert phrase in text
    for phrase in NEVER[language]:
        assert phrase not in text
