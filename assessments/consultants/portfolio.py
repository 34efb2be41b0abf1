"""The consultant's portfolio: every visible client's latest team result, filtered,
sorted and compared with last year, with its marketing-sales gap, responses and
overdue actions, in a fixed number of queries."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Greatest, Lower
from django.utils.translation import gettext_lazy

from assessments import converters, scoring
from assessments.consultants import benchmarks
from assessments.consultants.portfolio_rows import (
    PortfolioRow,
    actions_of,
    members_of,
    row_of,
    rows_of,
)
from assessments.models import (
    TeamResult,
    Verdict,
)
from assessments.organisations import generation
from assessments.organisations.access import organisations_for_staff
from assessments.results import texts as result_texts
from assessments.teams import anonymity, stored_results


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


def _shown() -> dict:
    """What an anonymous round below its threshold hides, as annotations."""
    return {
        "team_shown": ExpressionWrapper(
            anonymity.stored_team_shown(), output_field=BooleanField()
        ),
        "gap_shown": ExpressionWrapper(
            anonymity.stored_gap_shown(), output_field=BooleanField()
        ),
    }


def latest_results(user) -> QuerySet[TeamResult]:
    """Each visible client's latest stored team result."""
    organisations = organisations_for_staff(user).values("pk")
    return TeamResult.objects.filter(
        is_latest=True, round__organisation__in=organisations
    ).annotate(**_shown())


def filtered_results(
    user, filters: PortfolioFilters, *, change: bool = True
) -> QuerySet[TeamResult]:
    """The filtered rows; with `change`, last year's values beside (subqueries
    for every row: a page without that sort reads them for its own rows only,
    `_attach_previous`)."""
    results = latest_results(user).filter(filters.where())
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


@dataclass
class Portfolio:
    rows: list[PortfolioRow]
    total: int
    count: int = 0
    page: object = None
    choices: dict = field(default_factory=dict)
    # The page's rows' cache key: what is drawn from them alone (their cells, in
    # a language) may be kept under it.
    key: str = ""


# What is kept under the clients' generation is dropped after this at the latest,
# to bound the memory of lists nobody asks for again.
KEPT_SECONDS = 60 * 60


def _kept(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, KEPT_SECONDS)
    return value


def _user_key(user) -> str:
    return (
        f"{user.pk}:{int(user.is_staff)}{int(user.is_superuser)}{int(user.is_active)}"
    )


def _order_key(user, filters: PortfolioFilters, sort: str, token: str) -> str:
    query = hashlib.sha256(f"{filters!r}:{sort}".encode()).hexdigest()[:32]
    return f"lmm:portfolio-order:{token}:{_user_key(user)}:{query}"


def _ordered_ids(user, filters: PortfolioFilters, sort: str, token: str) -> list:
    """The ids of the filtered rows in the table's order, kept under the clients'
    generation: sorting every client is done once per change, not per page."""
    by_change = sort.lstrip("-") == "change"
    return _kept(
        _order_key(user, filters, sort, token),
        lambda: list(
            filtered_results(user, filters, change=by_change)
            .order_by(*ordering(sort))
            .values_list("pk", flat=True)
        ),
    )


def _choice_values(user, token: str) -> tuple:
    """The years, industries and size bands among the user's clients: three
    DISTINCT scans of every client, kept under the clients' generation."""

    def compute():
        latest = latest_results(user).order_by()
        years = latest.values_list("round__year", flat=True).distinct()
        industries = latest.values_list(
            "round__organisation__industry", flat=True
        ).distinct()
        sizes = latest.values_list("revenue_team_size", flat=True).distinct()
        bands = {benchmarks.size_band(size) for size in sizes} - {None}
        return (
            sorted(set(years), reverse=True),
            sorted({i for i in industries if i}),
            sorted(bands),
        )

    return _kept(f"lmm:portfolio-choices:{token}:{_user_key(user)}", compute)


def _choices(user, token: str) -> dict:
    years, industries, bands = _choice_values(user, token)
    return {
        "years": years,
        "industries": industries,
        "bands": [(band, benchmarks.SIZE_BAND_NAMES[band]) for band in bands],
        "stages": [(n, result_texts.STAGES[n]) for n in scoring.STAGE_NAMES],
        "verdicts": [
            (v, result_texts.VERDICT_SHORT[scoring.VerdictCode(v)]) for v in Verdict
        ],
    }


# What a row of the page reads (`portfolio_rows.row_of`, the admin's cells, the API).
PAGE_FIELDS = (
    "round__year",
    "round__organisation__name",
    "round__organisation__industry",
    "round__questionnaire__version",
    "round__is_anonymous",
)


def _page_results(ids: list) -> list[TeamResult]:
    """The page's rows, in the order of `ids`, with last year's values beside. They
    come from the user's own list, kept under their visibility and the clients'
    generation, so no check of every visible client here; a row no longer latest
    is left out."""
    if not ids:
        return []
    rows = (
        TeamResult.objects.filter(pk__in=ids, is_latest=True)
        .annotate(**_shown())
        .select_related("round__organisation", "round__questionnaire")
        .only(*stored_results.STORED_FIELDS, *PAGE_FIELDS)
        .order_by()
    )
    by_pk = {row.pk: row for row in rows}
    results = [by_pk[pk] for pk in ids if pk in by_pk]
    _attach_previous(results)
    return results


def portfolio_for(
    *,
    user,
    filters: PortfolioFilters,
    sort: str = "",
    page: int | str = 1,
    with_peers: bool = False,
) -> Portfolio:
    """One page of the user's clients, each with its latest team result, the change
    since the year before: filtered and sorted in SQL over one stored row per client
    (`TeamResult.is_latest`), the order kept until the clients change
    (`generation`), so a page costs about the same at 10 clients as at 10,000."""
    stored_results.refresh_if_stale()
    token = generation.current()
    ids = _ordered_ids(user, filters, sort, token)
    current = Paginator(ids, PAGE_SIZE).get_page(page)
    # Everything a page's rows hold is stored data the generation follows: kept
    # with the order. Members and actions are not, and are read for each view.
    key = f"{_order_key(user, filters, sort, token)}:page:{current.number}"
    page_results = _kept(key, lambda: _page_results(list(current)))
    organisation_ids = [result.round.organisation_id for result in page_results]
    members = members_of(organisation_ids) if organisation_ids else {}
    actions = actions_of(organisation_ids) if organisation_ids else {}
    # The peer group is on the client's page and in the files, not in the list.
    index_for = benchmarks.PeerIndexes().of_year if with_peers else lambda _year: None
    # A row's number is its place in the table, as on the chart's markers.
    rows = [
        row_of(result, number, index_for(result.round.year), members, actions)
        for number, result in enumerate(page_results, start=current.start_index())
    ]
    unfiltered = PortfolioFilters()
    total = len(
        ids if filters == unfiltered else _ordered_ids(user, unfiltered, "", token)
    )
    return Portfolio(
        rows=rows,
        total=total,
        count=len(ids),
        page=current,
        choices=_choices(user, token),
        key=key,
    )


def portfolio_rows(*, user, filters: PortfolioFilters, sort: str = ""):
    """Every filtered row in the table's order, read as it is written (the CSV)."""
    stored_results.refresh_if_stale()
    results = filtered_results(user, filters).order_by(*ordering(sort))
    organisations = organisations_for_staff(user).values("pk")
    return rows_of(
        results,
        benchmarks.PeerIndexes().of_year,
        members_of(organisations),
        actions_of(organisations),
    )
