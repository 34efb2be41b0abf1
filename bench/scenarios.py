"""The benchmark's further pages: the consultant's portfolio, a team round with 50
respondents, and single-request figures for the pages whose chart is not cached.

Called by bench/seed.py in its child process (Django set up, throwaway database).
"""

from __future__ import annotations

import statistics
import time

PORTFOLIO_CLIENTS = 50
ROUND_RESPONDENTS = 50
HISTORY_YEARS = 10
HISTORY_RESPONDENTS = 5
COLD_REPEAT = 5


def consultant_with_clients(user, year: int, count: int = PORTFOLIO_CLIENTS) -> str:
    """Make the bench user a consultant of `count` client organisations, each with
    a stored team result for last year and this year; return the portfolio path."""
    from datetime import UTC, datetime

    from django.contrib.auth.models import Group

    from assessments.models import Organisation, Response, Round, TeamResult
    from assessments.questionnaire.data import questionnaire_current
    from assessments.teams import stored_results

    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name="Consultants"))
    questionnaire = questionnaire_current()
    when = datetime(year, 3, 1, 12, 0, tzinfo=UTC)
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Client {n:05}",
            industry=("Software", "Retail", "Health", "Manufacturing")[n % 4],
            revenue_team_size=2 + n % 180,
        )
        for n in range(count)
    )
    Organisation.consultants.through.objects.bulk_create(
        Organisation.consultants.through(organisation=o, user=user)
        for o in organisations
    )
    rounds = Round.objects.bulk_create(
        Round(organisation=o, year=y, questionnaire=questionnaire)
        for o in organisations
        for y in (year - 1, year)
    )
    Response.objects.bulk_create(
        Response(
            round=r,
            respondent=user,
            role="marketing",
            status="submitted",
            submitted_at=when,
            stage=2,
            x=1.5,
            y=1.5,
        )
        for r in rounds
    )
    TeamResult.objects.bulk_create(
        TeamResult(
            round=r,
            respondents=1,
            last_submitted_at=when,
            x=(n * 7 % 40) / 10,
            y=(n * 11 % 37) / 10 + 0.2,
            relationship_level=1 + n % 4,
            maturity_level=1 + n * 3 % 4,
            stage=1 + n % 4,
            verdict=("on_path", "above_path", "below_path")[n % 3],
            distance=0.5,
            revenue_team_size=r.organisation.revenue_team_size,
            version=stored_results.VERSION,
            is_latest=r.year == year,
        )
        for n, r in enumerate(rounds)
    )
    return "/admin/portfolio/"


def _imported_organisation(
    user,
    *,
    name: str,
    size: int,
    leads: int,
    years,
    respondents: int,
    email_prefix: str,
    answers: dict,
):
    """An organisation the user leads with `respondents` submitted responses in each
    of `years`, written through the import as the app would."""
    from assessments.bulk.imports.check import OrganisationMatch
    from assessments.bulk.imports.plan import import_plan
    from assessments.bulk.imports.write import import_write
    from assessments.organisations import create

    organisation = create.organisation_create(
        creator=user,
        name=name,
        industry="Software",
        revenue_team_size=size,
        monthly_lead_volume=leads,
    )
    roles = ("marketing", "sales", "leadership")
    import_write(
        plan=import_plan(
            records=[
                {
                    "organisation_id": organisation.pk,
                    "year": year,
                    "respondent": f"{email_prefix}{n}@bench.test",
                    "role": roles[n % 3],
                    "answers": answers,
                }
                for year in years
                for n in range(respondents)
            ],
            match=OrganisationMatch.STRICT,
        )
    )
    return organisation


def team_round(user, year: int, answers: dict, respondents: int = ROUND_RESPONDENTS):
    """An organisation the bench user leads, whose round has `respondents` submitted
    responses (through the import, which writes them as the app would); return the
    round page's path."""
    from assessments.models import Round

    organisation = _imported_organisation(
        user,
        name="Bench Team Ltd",
        size=40,
        leads=2000,
        years=[year],
        respondents=respondents,
        email_prefix="team",
        answers=answers,
    )
    round_ = Round.objects.get(organisation=organisation, year=year)
    return f"/rounds/{round_.pk}/"


def history_organisation(user, last_year: int, answers: dict) -> str:
    """An organisation the user leads with a round in each of `HISTORY_YEARS` years,
    written through the import as the app would; its history page's path."""
    from assessments.models import Round
    from assessments.teams import round_store

    organisation = _imported_organisation(
        user,
        name="Bench History Ltd",
        size=12,
        leads=300,
        years=range(last_year - HISTORY_YEARS + 1, last_year + 1),
        respondents=HISTORY_RESPONDENTS,
        email_prefix="history",
        answers=answers,
    )
    # What the workers do after each year's submissions: its result stored.
    for round_ in Round.objects.filter(organisation=organisation):
        round_store.round_refresh(round=round_)
    return f"/organisations/{organisation.pk}/history/"


def cold_chart_ms(client, paths: dict[str, str]) -> dict[str, dict]:
    """Each page with every cache emptied first (the chart is drawn again; the
    questionnaire comes from the database): median and max of COLD_REPEAT, ms."""
    from django.core.cache import caches

    from bench.jobs import follow

    figures = {}
    for name, path in paths.items():
        times = []
        for _ in range(COLD_REPEAT):
            # The shared store and this process's copies (charts-local) alike.
            for cache in caches.all():
                cache.clear()
            started = time.perf_counter()
            page = follow(client, path)
            times.append(1000 * (time.perf_counter() - started))
            if page.status_code != 200:
                raise SystemExit(f"cold check: GET {path} -> {page.status_code}")
        figures[name] = {
            "median_ms": round(statistics.median(times), 1),
            "max_ms": round(max(times), 1),
        }
    return figures
