"""Benchmarks: peer groups of at least five, widened step by step, with medians and
percentiles that match a hand calculation."""

import pytest
from django.urls import reverse

from assessments.consultants import benchmarks
from assessments.consultants.benchmarks import (
    Peer,
    PeerIndex,
    percentile_rank,
    size_band,
)
from tests.factories import answers_for, make_membership, make_response, make_round


def peer(n, *, industry="Software", band=2, x=1.0, y=1.0, year=2026):
    return Peer(organisation_id=n, year=year, industry=industry, band=band, x=x, y=y)


@pytest.mark.parametrize(
    ("size", "band"),
    [
        (None, None),
        (0, None),
        (1, 1),
        (5, 1),
        (6, 2),
        (20, 2),
        (21, 3),
        (100, 3),
        (101, 4),
    ],
)
def test_team_sizes_fall_in_the_seeds_bands(size, band):
    assert size_band(size) == band


def test_percentile_counts_the_share_below_and_half_the_ties():
    ordered = [0.5, 1.0, 1.0, 2.0, 3.0]
    # 1 below, 2 equal: (1 + 2 / 2) / 5 = 40 %.
    assert percentile_rank(1.0, ordered) == pytest.approx(40.0)
    # The top: 4 below, itself equal: (4 + 0.5) / 5 = 90 %.
    assert percentile_rank(3.0, ordered) == pytest.approx(90.0)
    assert percentile_rank(0.5, ordered) == pytest.approx(10.0)


def test_median_and_percentiles_of_a_full_industry_group_by_hand():
    xs = [0.4, 1.2, 2.0, 2.8, 3.6]
    ys = [3.0, 1.0, 2.0, 0.5, 1.5]
    peers = [peer(n, x=x, y=y) for n, (x, y) in enumerate(zip(xs, ys, strict=True))]
    # Another industry and another band must not count.
    peers += [peer(10, industry="Retail", x=4.0, y=4.0), peer(11, band=3, x=0, y=0)]
    result = PeerIndex(peers).benchmark(peers[1])
    assert result.scope == benchmarks.SCOPE_INDUSTRY_AND_SIZE
    assert result.size == 5
    # Sorted x 0.4 1.2 2.0 2.8 3.6 -> median 2.0; sorted y 0.5 1.0 1.5 2.0 3.0 -> 1.5.
    assert (result.median_x, result.median_y) == pytest.approx((2.0, 1.5))
    # x = 1.2: one below -> (1 + 0.5) / 5 = 30 %; y = 1.0: one below -> 30 %.
    assert (result.percentile_x, result.percentile_y) == pytest.approx((30.0, 30.0))


def test_fewer_than_five_in_the_industry_widens_to_the_size_band():
    peers = [peer(n, x=n) for n in range(4)]
    peers += [peer(n, industry="Retail", x=n) for n in range(4, 6)]
    peers += [peer(9, band=4, x=9)]
    result = PeerIndex(peers).benchmark(peers[0])
    assert result.scope == benchmarks.SCOPE_SIZE
    assert result.size == 6
    # x values 0..5: median 2.5; x = 0 is the lowest: 0.5 / 6.
    assert result.median_x == pytest.approx(2.5)
    assert result.percentile_x == pytest.approx(100 * 0.5 / 6)


def test_fewer_than_five_in_the_band_widens_to_every_organisation_of_the_year():
    peers = [peer(n, band=n % 4 + 1, x=n) for n in range(7)]
    peers += [peer(20 + n, year=2025) for n in range(5)]  # another year never counts
    result = PeerIndex(peers).benchmark(peers[0])
    assert result.scope == benchmarks.SCOPE_ALL
    assert result.size == 7
    assert result.median_x == pytest.approx(3.0)


def test_an_unknown_industry_or_size_skips_the_narrower_groups():
    peers = [peer(n, industry="", band=None, x=n) for n in range(5)]
    assert PeerIndex(peers).benchmark(peers[0]).scope == benchmarks.SCOPE_ALL


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_below_five_in_all_there_is_no_benchmark(count):
    peers = [peer(n, x=n) for n in range(count)]
    assert PeerIndex(peers).benchmark(peers[0]) is None


@pytest.mark.parametrize("count", range(1, 12))
def test_a_group_is_never_smaller_than_five(count):
    peers = [
        peer(n, industry=("A", "B")[n % 2], band=n % 3 + 1, x=n) for n in range(count)
    ]
    index = PeerIndex(peers)
    for item in peers:
        result = index.benchmark(item)
        assert result is None or result.size >= benchmarks.MIN_GROUP


def team_with_rating(rating, *, industry="Software", year=2026):
    round_ = make_round(year=year)
    round_.organisation.industry = industry
    round_.organisation.save()
    make_response(
        round=round_,
        answers=answers_for(relationship=rating, maturity=rating),
        submitted=True,
    )
    return round_


@pytest.mark.django_db
def test_members_see_their_benchmark_on_the_team_page(client):
    rounds = [team_with_rating(r) for r in (1, 2, 3, 4, 5)]
    member = make_membership(organisation=rounds[1].organisation)
    client.force_login(member.user)
    page = client.get(reverse("assessments:round-detail", args=[rounds[1].pk]))
    html = page.content.decode()
    assert page.context["benchmark"].size == 5
    # Team ratings 1..5 -> x = 0..4; the median is 2.0; this team (x = 1) has one
    # below: (1 + 0.5) / 5 = 30 %.
    assert page.context["benchmark"].median_x == pytest.approx(2.0)
    assert "Software, revenue teams of 6–20 people, 2026: 5 organisations" in html
    assert "percentile 30 on the marketing–sales relationship" in html
    assert "Peer median" in page.context["benchmark_chart"]


@pytest.mark.django_db
def test_with_four_peers_the_team_page_says_not_enough_peers_yet(client):
    rounds = [team_with_rating(r) for r in (1, 2, 3, 4)]
    team_with_rating(5, year=2025)
    member = make_membership(organisation=rounds[0].organisation)
    client.force_login(member.user)
    page = client.get(reverse("assessments:round-detail", args=[rounds[0].pk]))
    assert page.context["benchmark"] is None
    assert "Not enough peers yet" in page.content.decode()


@pytest.mark.django_db
def test_a_new_submission_moves_the_benchmark():
    rounds = [team_with_rating(r) for r in (1, 2, 3, 4, 5)]
    assert benchmarks.benchmark_for_round(rounds[0]).median_x == pytest.approx(2.0)
    # A second respondent rating 5 moves the first team from x = 0 to x = 2: the
    # sorted xs become 1, 2, 2, 3, 4 and the median stays 2.0, while the first team's
    # percentile rises from 10 to (1 + 2 / 2) / 5 = 40 %.
    make_response(
        round=rounds[0],
        answers=answers_for(relationship=5, maturity=5),
        submitted=True,
    )
    result = benchmarks.benchmark_for_round(rounds[0])
    assert result.median_x == pytest.approx(2.0)
    assert result.percentile_x == pytest.approx(40.0)


# Session, user, round, membership, the submissions' signature (the combined result
# is stored: teams/round_store.py); the round's stored team result with its
# signature, the clients' generation (the peer groups are kept under it:
# benchmarks.PeerIndexes, here in the process's copy); advice; the change since last
# year's earlier round; the action plan's previous round and actions.
TEAM_PAGE_QUERIES = 11


@pytest.mark.django_db
@pytest.mark.parametrize("peers", [5, 9])
def test_the_team_page_benchmark_takes_a_fixed_number_of_queries(
    client, django_assert_num_queries, peers
):
    rounds = [team_with_rating(1 + n % 5) for n in range(peers)]
    member = make_membership(organisation=rounds[0].organisation)
    client.force_login(member.user)
    url = reverse("assessments:round-detail", args=[rounds[0].pk])
    client.get(url)  # the first view stores the peers' team results
    client.get(url)  # the second keeps their groups
    with django_assert_num_queries(TEAM_PAGE_QUERIES):
        assert client.get(url).context["benchmark"].size == peers
