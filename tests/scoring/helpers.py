"""Hand-built statements for the version 1 scoring tests: 20 relationship statements
and five per lead-management phase."""

from assessments import scoring
from assessments.scoring import Statement

DIAG = scoring.DIAGNOSTIC_CODES
ALL_YES = dict.fromkeys(DIAG, True)


def relationship(ratings):
    if isinstance(ratings, int):
        ratings = [ratings] * 20
    return [
        Statement(code=f"rel-{i:02d}", rating=r, position=i)
        for i, r in enumerate(ratings, start=1)
    ]


def maturity(terminology, process, department):
    statements = []
    for phase, prefix, ratings in (
        (2, "t", terminology),
        (3, "p", process),
        (4, "d", department),
    ):
        if isinstance(ratings, int):
            ratings = [ratings] * 5
        statements += [
            Statement(code=f"lm-{prefix}{i}", rating=r, phase=phase, position=i)
            for i, r in enumerate(ratings, start=1)
        ]
    return statements


def ratings_with_sum(total, count=20):
    """`count` ratings of 1-5 adding up to `total`."""
    ratings = [1] * count
    remaining = total - count
    for i in range(count):
        step = min(4, remaining)
        ratings[i] += step
        remaining -= step
    return ratings


def score(rel=3, mat=(3, 3, 3), diagnostics=None, **kwargs):
    return scoring.score(
        relationship=relationship(rel),
        maturity=maturity(*mat),
        diagnostics=diagnostics or ALL_YES,
        **kwargs,
    )
