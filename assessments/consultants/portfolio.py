"""The consultant's portfolio: every visible client's latest team result, filtered,
sorted and compared with last year and with its peers, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import converters, scoring
from assessments.consultants import benchmarks
from assessments.models import Organisation, Round, TeamResult, Verdict
from assessments.organisations.access import organisations_for_staff
from assessments.results import texts as result_texts
from assessments.results.number_words import format_numbers
from assessments.teams.stored_results import team_results_for


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


def change_since_last_year(
    current: TeamResult,
    previous: TeamResult | None,
    previous_year: int,
    versions: tuple[int, int] | None = None,
) -> Change | None:
    """The move from last year's team result to this one; None without last year's."""
    if previous is None:
        return None
    return Change(
        previous_year=previous_year,
        dx=current.x - previous.x,
        dy=current.y - previous.y,
        stage_from=previous.stage,
        stage_to=current.stage,
        versions=versions,
    )


@dataclass
class PortfolioRow:
    organisation: Organisation
    round: Round
    result: TeamResult
    band: int | None
    change: Change | None
    benchmark: benchmarks.Benchmark | None
    number: int = 0

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


@dataclass(frozen=True)
class PortfolioFilters:
    year: int | None = None
    industry: str = ""
    band: int | None = None
    stage: int | None = None
    verdict: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> PortfolioFilters:
        """Filters from the page's query string; a value that is not one of the
        choices filters nothing rather than failing."""

        def number(name: str, allowed: range) -> int | None:
            value = converters.parse_number(query.get(name, ""), digits=4)
            return value if value in allowed else None

        verdict = query.get("verdict", "")
        return cls(
            year=number("year", range(2000, 2101)),
            industry=query.get("industry", "").strip(),
            band=number("band", range(1, len(benchmarks.SIZE_BANDS) + 1)),
            stage=number("stage", range(1, 5)),
            verdict=verdict if verdict in Verdict.values else "",
        )

    def keep(self, row: PortfolioRow) -> bool:
        return (
            (self.year is None or row.round.year == self.year)
            and (not self.industry or row.organisation.industry == self.industry)
            and (self.band is None or row.band == self.band)
            and (self.stage is None or row.result.stage == self.stage)
            and (not self.verdict or row.result.verdict == self.verdict)
        )


def _change_key(row: PortfolioRow):
    if row.change is None or row.change.versions_differ:
        return None
    return row.change.dx + row.change.dy


SORT_KEYS = {
    "number": lambda r: r.number,
    "organisation": lambda r: r.organisation.name.lower(),
    "year": lambda r: r.round.year,
    "industry": lambda r: r.organisation.industry.lower(),
    "team": lambda r: r.result.revenue_team_size,
    "leads": lambda r: r.result.monthly_lead_volume,
    "x": lambda r: r.result.x,
    "y": lambda r: r.result.y,
    "stage": lambda r: r.result.stage,
    "verdict": lambda r: r.result.verdict,
    "distance": lambda r: r.result.distance,
    "respondents": lambda r: r.result.respondents,
    "version": lambda r: r.round.questionnaire.version,
    "change": _change_key,
    "percentile_x": lambda r: r.benchmark.percentile_x if r.benchmark else None,
    "percentile_y": lambda r: r.benchmark.percentile_y if r.benchmark else None,
}
SORT_LABELS = {
    "number": gettext_lazy("No."),
    "organisation": gettext_lazy("Organisation"),
    "year": gettext_lazy("Year"),
    "industry": gettext_lazy("Industry"),
    "team": gettext_lazy("Revenue team"),
    "leads": gettext_lazy("Leads a month"),
    "x": "x",
    "y": "y",
    "stage": gettext_lazy("Stage"),
    "verdict": gettext_lazy("Verdict"),
    "distance": gettext_lazy("Distance"),
    "respondents": gettext_lazy("Respondents"),
    "version": gettext_lazy("Version"),
    "change": gettext_lazy("Change since last year"),
    "percentile_x": gettext_lazy("Percentile x"),
    "percentile_y": gettext_lazy("Percentile y"),
}


def sort_rows(rows: list[PortfolioRow], sort: str) -> list[PortfolioRow]:
    """Rows sorted by a column of `SORT_KEYS` ("-x" descending); empty values last."""
    descending = sort.startswith("-")
    key = SORT_KEYS.get(sort.lstrip("-"), SORT_KEYS["number"])
    filled = [r for r in rows if key(r) is not None]
    empty = [r for r in rows if key(r) is None]
    return sorted(filled, key=key, reverse=descending) + empty


@dataclass
class Portfolio:
    rows: list[PortfolioRow]
    total: int
    choices: dict = field(default_factory=dict)


def portfolio_for(*, user, filters: PortfolioFilters, sort: str = "") -> Portfolio:
    """The user's clients, each with its latest team result, the change since the year
    before and its benchmark; filtered, numbered in name order, then sorted."""
    rounds = team_results_for(
        Round.objects.filter(
            organisation__in=organisations_for_staff(user).values("pk")
        )
    )
    by_organisation: dict[int, dict[int, Round]] = {}
    for round_ in rounds:
        by_organisation.setdefault(round_.organisation_id, {})[round_.year] = round_
    latest = [years[max(years)] for years in by_organisation.values()]
    index = benchmarks.peer_index({r.year for r in latest})
    rows = []
    for round_ in latest:
        previous = by_organisation[round_.organisation_id].get(round_.year - 1)
        peer = benchmarks.peer_of(round_)
        rows.append(
            PortfolioRow(
                organisation=round_.organisation,
                round=round_,
                result=round_.team_result,
                band=peer.band,
                change=change_since_last_year(
                    round_.team_result,
                    previous.team_result if previous else None,
                    round_.year - 1,
                    versions=(
                        previous.questionnaire.version,
                        round_.questionnaire.version,
                    )
                    if previous
                    else None,
                ),
                benchmark=index.benchmark(peer),
            )
        )
    choices = {
        "years": sorted({r.round.year for r in rows}, reverse=True),
        "industries": sorted({r.organisation.industry for r in rows} - {""}),
        "bands": [
            (band, benchmarks.SIZE_BAND_NAMES[band])
            for band in sorted({r.band for r in rows} - {None})
        ],
        "stages": [(n, result_texts.STAGES[n]) for n in scoring.STAGE_NAMES],
        "verdicts": [
            (v, result_texts.VERDICT_SHORT[scoring.VerdictCode(v)]) for v in Verdict
        ],
    }
    kept = sorted(
        (r for r in rows if filters.keep(r)),
        key=lambda r: (r.organisation.name.lower(), r.organisation.pk),
    )
    for number, row in enumerate(kept, start=1):
        row.number = number
    return Portfolio(rows=sort_rows(kept, sort), total=len(rows), choices=choices)


CSV_COLUMNS = (
    "number",
    "organisation",
    "year",
    "industry",
    "revenue_team_size",
    "monthly_lead_volume",
    "x",
    "y",
    "relationship_level",
    "relationship",
    "maturity_level",
    "maturity",
    "stage",
    "stage_name",
    "verdict",
    "verdict_code",
    "distance",
    "respondents",
    "questionnaire_version",
    "change_x",
    "change_y",
    "previous_stage",
    "change",
    "peer_group",
    "peer_group_size",
    "peer_median_x",
    "peer_median_y",
    "percentile_x",
    "percentile_y",
)
DECIMALS = 3


def _rounded(value: float | None, decimals: int = DECIMALS) -> float | None:
    return None if value is None else round(value, decimals)


def csv_row(row: PortfolioRow) -> dict:
    """One table row as CSV values, in `CSV_COLUMNS`."""
    result, change, bench = row.result, row.change, row.benchmark
    return {
        "number": row.number,
        "organisation": row.organisation.name,
        "year": row.round.year,
        "industry": row.organisation.industry,
        "revenue_team_size": result.revenue_team_size,
        "monthly_lead_volume": result.monthly_lead_volume,
        "x": _rounded(result.x),
        "y": _rounded(result.y),
        "relationship_level": result.relationship_level,
        "relationship": row.relationship_name,
        "maturity_level": result.maturity_level,
        "maturity": row.maturity_name,
        "stage": result.stage,
        "stage_name": row.stage_name,
        "verdict": row.verdict_name,
        "verdict_code": result.verdict,
        "distance": _rounded(result.distance),
        "respondents": result.respondents,
        "questionnaire_version": row.round.questionnaire.version,
        "change_x": _rounded(change.dx) if change else None,
        "change_y": _rounded(change.dy) if change else None,
        "previous_stage": change.stage_from if change else None,
        "change": row.change_text,
        "peer_group": row.benchmark_definition,
        "peer_group_size": bench.size if bench else None,
        "peer_median_x": _rounded(bench.median_x) if bench else None,
        "peer_median_y": _rounded(bench.median_y) if bench else None,
        "percentile_x": _rounded(bench.percentile_x, 0) if bench else None,
        "percentile_y": _rounded(bench.percentile_y, 0) if bench else None,
    }
