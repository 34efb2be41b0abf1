"""A row of the consultant's portfolio: a client's latest team result with what the
table shows beside it (the change since the year before, the marketing-sales gap,
responses of members, the action plan) and its texts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import scoring
from assessments.consultants import benchmarks
from assessments.models import Action, Membership, Organisation, Round, TeamResult
from assessments.results import texts as result_texts
from assessments.results.number_words import format_numbers


@dataclass(frozen=True)
class Change:
    """How a team result moved since the organisation's result of the year before."""

    previous_year: int
    dx: float
    dy: float
    stage_from: int
    stage_to: int
    # The questionnaire versions of the two years; a move between two versions may
    # come from the questions and is never ranked as progress.
    versions: tuple[int, int] | None = None

    @property
    def versions_differ(self) -> bool:
        return self.versions is not None and self.versions[0] != self.versions[1]


@dataclass(frozen=True)
class ActionCounts:
    """A client's action plan at a glance: active (open or in progress), overdue
    (active past its due date) and done."""

    active: int = 0
    overdue: int = 0
    done: int = 0


@dataclass
class PortfolioRow:
    organisation: Organisation
    round: Round
    result: TeamResult
    band: int | None
    change: Change | None
    benchmark: benchmarks.Benchmark | None
    number: int = 0
    # What an anonymous round below its threshold hides (`anonymity`): the team's
    # result, and the gap unless both roles have enough respondents.
    team_shown: bool = True
    gap_shown: bool = True
    members: int = 0
    actions: ActionCounts = field(default_factory=lambda: ActionCounts())

    @property
    def gap(self) -> tuple[float, float] | None:
        if not self.gap_shown or self.result.gap_x is None:
            return None
        return self.result.gap_x, self.result.gap_y

    @property
    def gap_text(self) -> str:
        if self.gap is None:
            return ""
        return format_numbers(
            _("x %(x).2f, y %(y).2f"), {"x": self.gap[0], "y": self.gap[1]}
        )

    @property
    def response_rate(self) -> float | None:
        if not self.members:
            return None
        return self.result.respondents / self.members

    @property
    def relationship_name(self) -> str:
        return str(result_texts.RELATIONSHIP_LEVELS[self.result.relationship_level])

    @property
    def maturity_name(self) -> str:
        return str(result_texts.MATURITY_LEVELS[self.result.maturity_level])

    @property
    def stage_name(self) -> str:
        return str(result_texts.STAGES[self.result.stage])

    @property
    def verdict_name(self) -> str:
        return str(result_texts.VERDICT_SHORT[scoring.VerdictCode(self.result.verdict)])

    @property
    def band_name(self) -> str:
        return str(benchmarks.SIZE_BAND_NAMES.get(self.band, ""))

    @property
    def change_text(self) -> str:
        if self.change is None:
            return ""
        text = format_numbers(
            _("since %(year)s: x %(dx)+.2f, y %(dy)+.2f"),
            {
                "year": self.change.previous_year,
                "dx": self.change.dx,
                "dy": self.change.dy,
            },
        )
        if self.change.stage_from != self.change.stage_to:
            text += ", " + _("stage %(a)s → %(b)s") % {
                "a": self.change.stage_from,
                "b": self.change.stage_to,
            }
        if self.change.versions_differ:
            text += " " + _(
                "(questionnaire version %(a)s → %(b)s: not comparable, not progress)"
            ) % {"a": self.change.versions[0], "b": self.change.versions[1]}
        return text

    @property
    def benchmark_definition(self) -> str:
        if self.benchmark is None:
            return str(benchmarks.NOT_ENOUGH_PEERS)
        return benchmarks.group_definition(self.benchmark)


def members_of(organisation_ids) -> dict[int, int]:
    """Each organisation's number of members (who may answer): one query."""
    return dict(
        Membership.objects.filter(organisation__in=organisation_ids)
        .order_by()
        .values_list("organisation")
        .annotate(count=Count("pk"))
    )


def actions_of(organisation_ids) -> dict[int, ActionCounts]:
    """Each organisation's action plan counted by state: one query."""
    today = timezone.localdate()
    active = Q(status__in=(Action.Status.OPEN, Action.Status.IN_PROGRESS))
    rows = (
        Action.objects.filter(organisation__in=organisation_ids)
        .order_by()
        .values_list("organisation")
        .annotate(
            active=Count("pk", filter=active),
            overdue=Count("pk", filter=active & Q(due_date__lt=today)),
            done=Count("pk", filter=Q(status=Action.Status.DONE)),
        )
    )
    return {
        organisation: ActionCounts(active, overdue, done)
        for organisation, active, overdue, done in rows
    }


def row_of(
    result: TeamResult,
    number: int,
    index: benchmarks.PeerIndex | None,
    members: Mapping[int, int],
    actions: Mapping[int, ActionCounts],
) -> PortfolioRow:
    round_ = result.round
    round_.team_result = result
    peer = benchmarks.peer_of(round_)
    change = None
    if result.team_shown and result.previous_x is not None:
        change = Change(
            previous_year=round_.year - 1,
            dx=result.x - result.previous_x,
            dy=result.y - result.previous_y,
            stage_from=result.previous_stage,
            stage_to=result.stage,
            versions=(result.previous_version, round_.questionnaire.version),
        )
    return PortfolioRow(
        organisation=round_.organisation,
        round=round_,
        result=result,
        band=peer.band,
        change=change,
        benchmark=index.benchmark(peer)
        if index is not None and result.team_shown
        else None,
        number=number,
        team_shown=result.team_shown,
        gap_shown=result.gap_shown,
        members=members.get(round_.organisation_id, 0),
        actions=actions.get(round_.organisation_id, ActionCounts()),
    )


def rows_of(results, index_for, members, actions) -> Iterator[PortfolioRow]:
    """Portfolio rows of `filtered_results` rows, in their order."""
    results = results.select_related("round__organisation", "round__questionnaire")
    for number, result in enumerate(results, start=1):
        yield row_of(result, number, index_for(result.round.year), members, actions)
