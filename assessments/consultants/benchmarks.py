"""Benchmarks: where a team result sits among its peers of the same year.

The peer group is the submitted team results of the same year in the same industry and
team-size band. With fewer than `MIN_GROUP` organisations it widens to the size band
alone, then to every organisation of the year; with fewer than `MIN_GROUP` in all there
is no benchmark, so no single organisation can be read out of one.
"""

from __future__ import annotations

import bisect
import functools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from assessments import charts
from assessments.charts import store
from assessments.models import Round, TeamResult
from assessments.organisations import generation
from assessments.results import texts as result_texts
from assessments.teams.stored_results import rounds_with_submissions, team_results_for

MIN_GROUP = 5
# Revenue-team sizes of the seeds' four stages (1–5, 5–20, 20–100, 100+ people), made
# disjoint: (band, lowest, highest).
SIZE_BANDS = ((1, 1, 5), (2, 6, 20), (3, 21, 100), (4, 101, None))
SIZE_BAND_NAMES = {
    1: gettext_lazy("1–5 people"),
    2: gettext_lazy("6–20 people"),
    3: gettext_lazy("21–100 people"),
    4: gettext_lazy("more than 100 people"),
}
SCOPE_INDUSTRY_AND_SIZE = "industry_and_size"
SCOPE_SIZE = "size"
SCOPE_ALL = "all"


def size_band(team_size: int | None) -> int | None:
    """The team-size band (1-4) of a revenue team size; None when it is unknown."""
    if not team_size:
        return None
    for band, low, high in SIZE_BANDS:
        if team_size >= low and (high is None or team_size <= high):
            return band
    return None


@dataclass(frozen=True)
class Peer:
    """One organisation's team result in a year: what a benchmark compares."""

    organisation_id: int
    year: int
    industry: str
    band: int | None
    x: float
    y: float


@dataclass(frozen=True)
class Benchmark:
    """A peer group's median point and the organisation's percentile on each axis."""

    year: int
    scope: str
    industry: str
    band: int | None
    size: int
    median_x: float
    median_y: float
    percentile_x: float
    percentile_y: float


def percentile_rank(value: float, ordered: Sequence[float]) -> float:
    """The share of the group below `value`, counting ties as half, in per cent.

    `ordered` is the group's values sorted ascending, `value` among them.
    """
    below = bisect.bisect_left(ordered, value)
    equal = bisect.bisect_right(ordered, value) - below
    return 100 * (below + equal / 2) / len(ordered)


class _Group:
    def __init__(self, peers: list[Peer]) -> None:
        self.size = len(peers)
        self.xs = sorted(p.x for p in peers)
        self.ys = sorted(p.y for p in peers)
        self.median_x = statistics.median(self.xs)
        self.median_y = statistics.median(self.ys)


class PeerIndex:
    """The peers of one or more years, grouped once so each benchmark is a lookup."""

    def __init__(self, peers: Iterable[Peer]) -> None:
        buckets: dict[tuple, list[Peer]] = {}
        for peer in peers:
            keys = [(peer.year, SCOPE_ALL)]
            if peer.band is not None:
                keys.append((peer.year, SCOPE_SIZE, peer.band))
                if peer.industry:
                    keys.append(
                        (peer.year, SCOPE_INDUSTRY_AND_SIZE, peer.industry, peer.band)
                    )
            for key in keys:
                buckets.setdefault(key, []).append(peer)
        self._groups = {key: _Group(members) for key, members in buckets.items()}

    def benchmark(self, peer: Peer) -> Benchmark | None:
        """The benchmark of one peer (which must be in the index), or None when even
        all organisations of its year are fewer than `MIN_GROUP`."""
        candidates = [
            (
                SCOPE_INDUSTRY_AND_SIZE,
                (peer.year, SCOPE_INDUSTRY_AND_SIZE, peer.industry, peer.band),
            ),
            (SCOPE_SIZE, (peer.year, SCOPE_SIZE, peer.band)),
            (SCOPE_ALL, (peer.year, SCOPE_ALL)),
        ]
        for scope, key in candidates:
            group = self._groups.get(key)
            if group is not None and group.size >= MIN_GROUP:
                return Benchmark(
                    year=peer.year,
                    scope=scope,
                    industry=peer.industry if scope == SCOPE_INDUSTRY_AND_SIZE else "",
                    band=peer.band if scope != SCOPE_ALL else None,
                    size=group.size,
                    median_x=group.median_x,
                    median_y=group.median_y,
                    percentile_x=percentile_rank(peer.x, group.xs),
                    percentile_y=percentile_rank(peer.y, group.ys),
                )
        return None


def peer_of(round_: Round) -> Peer:
    """The peer a round with a `team_result` stands for."""
    result: TeamResult = round_.team_result
    return Peer(
        organisation_id=round_.organisation_id,
        year=round_.year,
        industry=round_.organisation.industry.strip(),
        band=size_band(result.revenue_team_size),
        x=result.x,
        y=result.y,
    )


PEER_COLUMNS = (
    "pk",
    "organisation_id",
    "year",
    "organisation__industry",
    "team_result__x",
    "team_result__y",
    "team_result__revenue_team_size",
    "team_result__respondents",
    "team_result__last_submitted_at",
    "submitted_count",
    "submitted_last",
)


def _peer_rows(years: set[int]) -> list[tuple]:
    return list(
        rounds_with_submissions(Round.objects.filter(year__in=years)).values_list(
            *PEER_COLUMNS
        )
    )


def peers_of_years(years: Iterable[int]) -> dict[int, Peer]:
    """Every organisation's team result of the given years as {round id: Peer}: one
    query of plain values, and a few more only when stored results are stale."""
    years = set(years)
    rows = _peer_rows(years)
    stale = [row[0] for row in rows if (row[7], row[8]) != (row[9], row[10])]
    if stale:
        team_results_for(Round.objects.filter(pk__in=stale))
        rows = _peer_rows(years)
    return {
        pk: Peer(
            organisation_id=organisation_id,
            year=year,
            industry=industry.strip(),
            band=size_band(team_size),
            x=x,
            y=y,
        )
        for pk, organisation_id, year, industry, x, y, team_size, *_ in rows
    }


def peer_index(years: Iterable[int]) -> PeerIndex:
    """Every organisation's team result of the given years, grouped for benchmarks."""
    return PeerIndex(peers_of_years(years).values())


PEERS_PREFIX = "lmm:peers:"
PEERS_TIMEOUT = 60 * 60 * 24


class PeerIndexes:
    """Each year's peer index, kept in the shared store under the clients'
    generation (renewed by every stored team result and every organisation's
    edit): a page of benchmarks reads one small value, however many
    organisations."""

    def __init__(self) -> None:
        self._years: dict[int, PeerIndex] = {}
        self._token = ""

    def of_year(self, year: int) -> PeerIndex:
        if year not in self._years:
            self._years[year] = self._load(year)
        return self._years[year]

    def _key(self, year: int) -> str:
        self._token = self._token or generation.current()
        return f"{PEERS_PREFIX}{year}:{self._token}"

    def _load(self, year: int) -> PeerIndex:
        return _index_kept(self._key(year), year)

    def keep(self, year: int, index: PeerIndex) -> None:
        store.set(self._key(year), index, PEERS_TIMEOUT)


@functools.lru_cache(maxsize=8)
def _index_kept(key: str, year: int) -> PeerIndex:
    """The index stored under `key`, kept as an object by this process: read from
    the store (a pickle of every peer of the year) once per generation, not once
    per page. A new generation is a new key."""
    index = store.get(key)
    if index is None:
        index = peer_index([year])
        store.set(key, index, PEERS_TIMEOUT)
    return index


def index_kept_clear() -> None:
    """Forget the indexes this process keeps (tests: keys repeat after a flush)."""
    _index_kept.cache_clear()


def _own_peer_and_index(round_: Round) -> tuple[Peer | None, PeerIndex | None]:
    """The round's peer and its year's index: from the stored team result and the
    kept index when the result is up to date (a few queries, whatever the number of
    organisations), else recomputed as the peers of the whole year."""
    stored = (
        rounds_with_submissions(Round.objects.filter(pk=round_.pk))
        .select_related(None)
        .select_related("organisation", "team_result")
        .first()
    )
    result = getattr(stored, "team_result", None) if stored else None
    if (
        result is not None
        and result.respondents == stored.submitted_count
        and result.last_submitted_at == stored.submitted_last
    ):
        return peer_of(stored), PeerIndexes().of_year(round_.year)
    peers = peers_of_years([round_.year])
    index = PeerIndex(peers.values())
    # Under the token this refresh has just renewed: the next view reads it.
    PeerIndexes().keep(round_.year, index)
    if round_.pk not in peers:
        return None, None
    return peers[round_.pk], index


def benchmark_for_round(round_: Round) -> Benchmark | None:
    """The benchmark of a round's team result; None without one or without peers."""
    own, index = _own_peer_and_index(round_)
    return None if own is None else index.benchmark(own)


def group_definition(benchmark: Benchmark) -> str:
    """The peer group in words: who is in it and how many."""
    band = SIZE_BAND_NAMES.get(benchmark.band, "")
    if benchmark.scope == SCOPE_INDUSTRY_AND_SIZE:
        who = _("%(industry)s, revenue teams of %(band)s") % {
            "industry": benchmark.industry,
            "band": band,
        }
    elif benchmark.scope == SCOPE_SIZE:
        who = _("all industries, revenue teams of %(band)s") % {"band": band}
    else:
        who = _("all organisations")
    return _("%(who)s, %(year)s: %(size)s organisations") % {
        "who": who,
        "year": benchmark.year,
        "size": benchmark.size,
    }


NOT_ENOUGH_PEERS = gettext_lazy(
    "Not enough peers yet: a benchmark needs at least 5 organisations with a team "
    "result in the same year."
)


def team_page_context(round_: Round) -> dict:
    """What the team page shows of the benchmark: the definition and size of the peer
    group, the percentiles and a grid with the team's point and the peer median."""
    own, index = _own_peer_and_index(round_)
    if own is None:
        return {"benchmark": None, "has_team_result": False}
    benchmark = index.benchmark(own)
    context = {
        "benchmark": benchmark,
        "has_team_result": True,
        "benchmark_definition": group_definition(benchmark)
        if benchmark
        else NOT_ENOUGH_PEERS,
    }
    if benchmark is not None:
        points = [
            charts.PlotPoint(
                benchmark.median_x, benchmark.median_y, _("Peer median"), kind="role"
            ),
            charts.PlotPoint(own.x, own.y, _("Your team"), kind="team"),
        ]
        svg = charts.grid_svg_cached(
            f"benchmark:{round_.pk}:{get_language()}",
            charts.GridChart(points, labels=result_texts.chart_labels()),
        )
        context["benchmark_chart"] = charts.with_accessible_name(
            svg, _("LMM grid with your team's point and the peer group's median")
        )
    return context
