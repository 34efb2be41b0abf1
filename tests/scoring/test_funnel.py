"""The team's numbers, pure: ratios, the acceptance band and a team's medians."""

import pytest

from assessments import scoring
from assessments.scoring import Numbers


def test_each_step_converts_to_the_next_rounded_to_two_decimals():
    counted = scoring.funnel_for(
        Numbers(inquiries=900, mqls=300, sals=240, sqls=80, won_deals=12)
    )
    # 300/900 = 0.333, 240/300 = 0.8, 80/240 = 0.333, 12/80 = 0.15.
    assert [(r.source, r.target, r.value) for r in counted.ratios] == [
        ("inquiries", "mqls", 0.33),
        ("mqls", "sals", 0.8),
        ("sals", "sqls", 0.33),
        ("sqls", "won_deals", 0.15),
    ]
    assert counted.acceptance == 0.8
    assert counted.acceptance_band == "below_target"
    assert counted.ratio("sqls", "won_deals") == 0.15


def test_a_missing_count_or_a_zero_gives_no_ratio():
    counted = scoring.funnel_for(Numbers(inquiries=0, mqls=10, sqls=5))
    assert [r.value for r in counted.ratios] == [None, None, None, None]
    assert (counted.acceptance, counted.acceptance_band) == (None, None)


@pytest.mark.parametrize(
    ("ratio", "band"),
    [
        (1.0, "on_target"),
        (0.9, "on_target"),
        (0.89, "below_target"),
        (0.7, "below_target"),
        (0.69, "far_below"),
        (0.0, "far_below"),
    ],
)
def test_acceptance_bands(ratio, band):
    assert scoring.acceptance_band(ratio) == band


def test_a_team_takes_the_median_of_what_was_given():
    team = scoring.combined_numbers(
        [
            Numbers(mqls=100, sals=90, hours_to_first_contact=4),
            Numbers(mqls=40, sals=40, known_source_share=30),
            Numbers(mqls=80, sals=20, hours_to_first_contact=9),
        ]
    )
    # mqls 40, 80, 100 -> 80; sals 20, 40, 90 -> 40; hours 4, 9 -> 6.5 -> 6.
    assert team == Numbers(
        mqls=80, sals=40, hours_to_first_contact=6, known_source_share=30
    )


def test_empty_numbers_know_they_are_empty():
    assert Numbers().is_empty
    assert not Numbers(won_deals=0).is_empty


def test_a_teams_ratios_are_the_medians_of_the_members_own_ratios():
    # 100 MQLs / 90 SALs (0.90) and 1000 / 100 (0.10): field-by-field medians give
    # 550 / 95 = 0.17, a ratio neither member reported.
    team = scoring.combined_numbers(
        [Numbers(mqls=100, sals=90), Numbers(mqls=1000, sals=100)]
    )

    assert (team.mqls, team.sals) == (550, 95)
    assert scoring.funnel_for(team).acceptance == 0.5


def test_the_acceptance_band_uses_the_unrounded_ratio():
    # 6,996 / 10,000 = 0.6996 shows as 0.70 but is under 0.7.
    funnel = scoring.funnel_for(Numbers(mqls=10_000, sals=6_996))

    assert funnel.acceptance == 0.70
    assert funnel.acceptance_band == "far_below"
