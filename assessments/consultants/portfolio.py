"""The consultant's portfolio: every visible client's latest team result, filtered,
sorted and compared with last year, with its marketing-sales gap, responses and
overdue actions, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Greatest, Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments import converters, scoring
from assessments.consultants import benchmarks
from assessments.models import (
    Action,
    Membership,
    Organisation,
    Response,
    Round,
    TeamResult,
    Verdict,
)
from assessments.organisations.access import organisations_for_staff
from assessments.results import texts as result_texts
from assessments.results.number_words import format_numbers
from assessments.teams import anonymity, stored_results
from assessments.teams.stored_results import (
    rounds_with_submissions,
    team_results_for,
)


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

    def where(self) -> Q:
        """The filters as a condition on `TeamResult` rows."""
        condition = Q()
        if self.year is not None:
            condition &= Q(round__year=self.year)
        if self.industry:
            condition &= Q(round__organisation__industry=self.industry)
        if self.band is not None:
            _band, low, high = benchmarks.SIZE_BANDS[self.band - 1]
            condition &= Q(revenue_team_size__gte=low)
            if high is not None:
                condition &= Q(revenue_team_size__lte=high)
        # A hidden result is not found by what it hides.
        if self.stage is not None:
            condition &= Q(stage=self.stage) & anonymity.stored_team_shown()
        if self.verdict:
            condition &= Q(verdict=self.verdict) & anonymity.stored_team_shown()
        return condition


PAGE_SIZE = 50


def _previous(field: str):
    """A value of the same organisation's team result of the year before, unless
    that year's round hides it."""
    return Subquery(
        TeamResult.objects.filter(
            anonymity.stored_team_shown(),
            round__organisation=OuterRef("round__organisation"),
            round__year=OuterRef("round__year") - 1,
        ).values(field)[:1]
    )


def _if_shown(value) -> Case:
    """A value of the team's result, or none where the round hides it: sorting by
    it must not tell a hidden result either."""
    return Case(When(team_shown=True, then=value), default=None)


NAME_ORDER = (Lower("round__organisation__name"), F("round__organisation"))
# Each column's SQL ordering; "number" is name order.
SORT_FIELDS = {
    "number": NAME_ORDER[0],
    "organisation": Lower("round__organisation__name"),
    "year": F("round__year"),
    "stage": _if_shown(F("stage")),
    "verdict": _if_shown(F("verdict")),
    "change": F("change"),
    "gap": Case(
        When(gap_shown=True, then=Greatest(F("gap_x"), F("gap_y"))),
        default=None,
        output_field=FloatField(),
    ),
    "respondents": F("respondents"),
}
# The columns a consultant scans, in the table's order (the rest is on the
# client's page); those without a sort field are shown, not sorted.
SORT_LABELS = {
    "number": gettext_lazy("No."),
    "organisation": gettext_lazy("Client"),
    "year": gettext_lazy("Year"),
    "stage": gettext_lazy("Stage"),
    "verdict": gettext_lazy("Verdict"),
    "change": gettext_lazy("Change since last year"),
    "gap": gettext_lazy("Marketing–sales gap"),
    "respondents": gettext_lazy("Responses of members"),
    "actions": gettext_lazy("Overdue actions"),
}


def ordering(sort: str) -> list:
    """The SQL ordering of a column of `SORT_FIELDS` ("-x" descending); empty values
    last, ties in name order."""
    descending = sort.startswith("-")
    field = SORT_FIELDS.get(sort.lstrip("-"), SORT_FIELDS["number"])
    first = field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)
    return [first, *(part.asc() for part in NAME_ORDER)]


def refresh_stale_results(organisations) -> None:
    """Store the team results that are missing or out of date (rounds imported or
    answered while no worker ran): one query that normally finds none."""
    stale = (
        rounds_with_submissions(Round.objects.filter(organisation__in=organisations))
        .filter(
            Q(team_result__isnull=True)
            | ~Q(team_result__respondents=F("submitted_count"))
            | ~Q(team_result__last_submitted_at=F("submitted_last"))
            | ~Q(team_result__version=stored_results.VERSION)
        )
        .values_list("pk", flat=True)
    )
    stale_ids = list(stale)
    if stale_ids:
        team_results_for(Round.objects.filter(pk__in=stale_ids))


def results_may_be_stale() -> bool:
    """Whether some submission is newer than every stored team result, or a row was
    stored by older code: two indexed look-ups instead of counting every round's
    submissions. (A submission deleted outside `privacy.deletion` is not seen.)"""
    newest_stored = TeamResult.objects.order_by("-last_submitted_at").values(
        "last_submitted_at"
    )[:1]
    newer = Response.objects.filter(status=Response.Status.SUBMITTED).filter(
        Q(submitted_at__gt=Subquery(newest_stored)) | ~Exists(TeamResult.objects.all())
    )
    return (
        newer.exists()
        or TeamResult.objects.exclude(version=stored_results.VERSION).exists()
    )


def latest_results(user, *, refresh: bool = False) -> QuerySet[TeamResult]:
    """Each visible client's latest stored team result (`refresh`: stored first
    where missing or out of date, for every organisation, so the check finds
    nothing next time)."""
    organisations = organisations_for_staff(user).values("pk")
    if refresh and results_may_be_stale():
        refresh_stale_results(Organisation.objects.values("pk"))
    return TeamResult.objects.filter(
        is_latest=True, round__organisation__in=organisations
    ).annotate(
        team_shown=ExpressionWrapper(
            anonymity.stored_team_shown(), output_field=BooleanField()
        ),
        gap_shown=ExpressionWrapper(
            anonymity.stored_gap_shown(), output_field=BooleanField()
        ),
    )


def filtered_results(
    user, filters: PortfolioFilters, *, refresh: bool = False, change: bool = True
) -> QuerySet[TeamResult]:
    """The filtered rows; with `change`, last year's values beside (subqueries
    for every row: a page without that sort reads them for its own rows only,
    `_attach_previous`)."""
    results = latest_results(user, refresh=refresh).filter(filters.where())
    if not change:
        return results
    return results.annotate(
        previous_x=_previous("x"),
        previous_y=_previous("y"),
        previous_stage=_previous("stage"),
        previous_version=_previous("round__questionnaire__version"),
    ).annotate(
        # A move between two questionnaire versions is not ranked as progress.
        change=Case(
            When(
                team_shown=True,
                previous_version=F("round__questionnaire__version"),
                then=F("x") - F("previous_x") + F("y") - F("previous_y"),
            ),
            default=None,
            output_field=FloatField(),
        )
    )


def _attach_previous(results: list[TeamResult]) -> None:
    """Last year's values of these rows' organisations: one query for a page (by
    organisation and year, matched here: fifty OR-ed conditions cost more to
    build than to run)."""
    organisations = {result.round.organisation_id for result in results}
    years = {result.round.year - 1 for result in results}
    previous = {
        (organisation, year): (x, y, stage, version)
        for organisation, year, x, y, stage, version in TeamResult.objects.filter(
            anonymity.stored_team_shown(),
            round__organisation__in=organisations,
            round__year__in=years,
        ).values_list(
            "round__organisation_id",
            "round__year",
            "x",
            "y",
            "stage",
            "round__questionnaire__version",
        )
    }
    for result in results:
        x, y, stage, version = previous.get(
            (result.round.organisation_id, result.round.year - 1),
            (None, None, None, None),
        )
        result.previous_x, result.previous_y, result.previous_stage = x, y, stage
        result.previous_version = version


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


def _row(
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
        yield _row(result, number, index_for(result.round.year), members, actions)


@dataclass
class Portfolio:
    rows: list[PortfolioRow]
    total: int
    count: int = 0
    page: object = None
    choices: dict = field(default_factory=dict)


# The filters' choices are kept this long at most: a client's industry edited
# without a new result shows in the choices after it.
CHOICES_TIMEOUT = 10 * 60


def _choice_values(user, latest: QuerySet[TeamResult], total: int) -> tuple:
    """The years, industries and size bands among the user's clients, kept under
    the stored results' state (their newest submission and the clients' count):
    three DISTINCT scans of every client read once, not on every page."""
    newest = TeamResult.objects.aggregate(newest=Max("last_submitted_at"))["newest"]
    key = f"lmm:portfolio-choices:{user.pk}:{total}:{newest.isoformat() if newest else '-'}"
    values = cache.get(key)
    if values is None:
        years = latest.order_by().values_list("round__year", flat=True).distinct()
        industries = (
            latest.order_by()
            .values_list("round__organisation__industry", flat=True)
            .distinct()
        )
        sizes = latest.order_by().values_list("revenue_team_size", flat=True)
        bands = {benchmarks.size_band(size) for size in sizes.distinct()} - {None}
        values = (
            sorted(set(years), reverse=True),
            sorted({i for i in industries if i}),
            sorted(bands),
        )
        cache.set(key, values, CHOICES_TIMEOUT)
    return values


def _choices(user, latest: QuerySet[TeamResult], total: int) -> dict:
    years, industries, bands = _choice_values(user, latest, total)
    return {
        "years": years,
        "industries": industries,
        "bands": [(band, benchmarks.SIZE_BAND_NAMES[band]) for band in bands],
        "stages": [(n, result_texts.STAGES[n]) for n in scoring.STAGE_NAMES],
        "verdicts": [
            (v, result_texts.VERDICT_SHORT[scoring.VerdictCode(v)]) for v in Verdict
        ],
    }


def portfolio_for(
    *,
    user,
    filters: PortfolioFilters,
    sort: str = "",
    page: int | str = 1,
    with_peers: bool = False,
) -> Portfolio:
    """One page of the user's clients, each with its latest team result, the change
    since the year before: filtered, sorted and paged in SQL over one stored row
    per client (`TeamResult.is_latest`), so a page costs about the same at 10
    clients as at 10,000."""
    latest = latest_results(user, refresh=True)
    by_change = sort.lstrip("-") == "change"
    results = filtered_results(user, filters, change=by_change).order_by(
        *ordering(sort)
    )
    paginator = Paginator(
        results.select_related("round__organisation", "round__questionnaire"),
        PAGE_SIZE,
    )
    current = paginator.get_page(page)
    page_results = list(current)
    if not by_change and page_results:
        _attach_previous(page_results)
    ids = [result.round.organisation_id for result in page_results]
    members = members_of(ids) if ids else {}
    actions = actions_of(ids) if ids else {}
    # The peer group is on the client's page and in the files, not in the list.
    index_for = benchmarks.PeerIndexes().of_year if with_peers else lambda _year: None
    # A row's number is its place in the table, as on the chart's markers.
    rows = [
        _row(result, number, index_for(result.round.year), members, actions)
        for number, result in enumerate(page_results, start=current.start_index())
    ]
    # Unfiltered, the page's count is the total: one count less.
    total = paginator.count if filters == PortfolioFilters() else latest.count()
    return Portfolio(
        rows=rows,
        total=total,
        count=paginator.count,
        page=current,
        choices=_choices(user, latest, total),
    )


def portfolio_rows(*, user, filters: PortfolioFilters, sort: str = ""):
    """Every filtered row in the table's order, read as it is written (the CSV)."""
    results = filtered_results(user, filters, refresh=True).order_by(*ordering(sort))
    organisations = organisations_for_staff(user).values("pk")
    return rows_of(
        results,
        benchmarks.PeerIndexes().of_year,
        members_of(organisations),
        actions_of(organisations),
    )


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
    "gap_x",
    "gap_y",
    "marketing_respondents",
    "sales_respondents",
    "members",
    "response_rate",
    "actions_active",
    "actions_overdue",
    "actions_done",
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


# What an anonymous round below its threshold leaves empty in the files.
TEAM_COLUMNS = (
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
)


def csv_row(row: PortfolioRow) -> dict:
    """One table row as CSV values, in `CSV_COLUMNS`."""
    result, change, bench, gap = row.result, row.change, row.benchmark, row.gap
    rate = row.response_rate
    values = {
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
        "gap_x": _rounded(gap[0]) if gap else None,
        "gap_y": _rounded(gap[1]) if gap else None,
        "marketing_respondents": result.marketing_respondents,
        "sales_respondents": result.sales_respondents,
        "members": row.members,
        "response_rate": _rounded(rate) if rate is not None else None,
        "actions_active": row.actions.active,
        "actions_overdue": row.actions.overdue,
        "actions_done": row.actions.done,
        "peer_group": row.benchmark_definition if row.team_shown else "",
        "peer_group_size": bench.size if bench else None,
        "peer_median_x": _rounded(bench.median_x) if bench else None,
        "peer_median_y": _rounded(bench.median_y) if bench else None,
        "percentile_x": _rounded(bench.percentile_x, 0) if bench else None,
        "percentile_y": _rounded(bench.percentile_y, 0) if bench else None,
    }
    if not row.team_shown:
        values.update(dict.fromkeys(TEAM_COLUMNS))
    return values
