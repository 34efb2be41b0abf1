"""Create the benchmark's data through the project's services; print it as JSON.

Run by bench/run.py as `python -m bench.seed` with DJANGO_SETTINGS_MODULE,
DATABASE_URL (a throwaway, migrated database), BENCH_EMAIL and BENCH_PASSWORD
set. It creates one user with two organisations, both with a round for the
current year:

- "Bench Result Ltd": the user's response is complete and submitted, for the
  result page /responses/<id>/;
- "Bench Draft Ltd": the user's response is a draft with step 1 answered, for
  the questionnaire step /rounds/<id>/steps/1/.

Then it requests the three pages once cold and once warm with Django's test
client (in this process, no server), checks for status 200, times both requests
and counts the SQL queries of the warm one. The first request loads the URLconf
(and with it matplotlib); the result page's cold request draws and caches the
chart and compiles its templates.
"""

import json
import os
import sys
import time

# Reports drawn at once in the PDF-under-load scenario.
PDF_LOAD_REPORTS = 20


def complete_answers(data):
    """A complete answer set: the middle choice of every required question."""
    answers = {}
    from assessments.answering.answer_scoring import missing_codes

    while missing := missing_codes(data, answers):
        for code in missing:
            values = sorted(data.choices[code])
            answers[code] = values[len(values) // 2]
    return answers


def ready_to_submit(response, data, answers: dict) -> dict:
    """Every page of `response` but the last saved complete, as the step flow requires
    before the submit; the submit's `url` and `form`, one POST."""
    from assessments.answering import responses
    from assessments.answering.steps import response_steps

    steps = response_steps(data)
    for step in steps[:-1]:
        responses.response_save_answers(
            response=response,
            answers={c: answers[c] for c in step.codes if c in answers},
            data=data,
            step_key=step.key,
            is_step_complete=True,
        )
    return {
        "url": f"/rounds/{response.round_id}/steps/{len(steps)}/",
        "form": {c: answers[c] for c in steps[-1].codes if c in answers}
        | {"next": "1"},
    }


def main() -> None:
    import django

    django.setup()

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from assessments.answering import responses, steps
    from assessments.organisations import create, rounds
    from assessments.questionnaire import data as questionnaire_data

    email = os.environ["BENCH_EMAIL"]
    password = os.environ["BENCH_PASSWORD"]
    year = timezone.now().year
    # As the sign-up form does: the email is also the username.
    user = get_user_model().objects.create_user(
        username=email, email=email, password=password
    )

    result_org = create.organisation_create(
        creator=user,
        name="Bench Result Ltd",
        industry="Software",
        revenue_team_size=12,
        monthly_lead_volume=500,
    )
    result_round = rounds.round_get_or_create(organisation=result_org, year=year)
    submitted = responses.response_get_or_create(
        round=result_round, respondent=user, role=result_org.memberships.get().role
    )
    data = questionnaire_data.questionnaire_data(result_round.questionnaire)
    responses.response_save_answers(
        response=submitted, answers=complete_answers(data), data=data
    )
    responses.response_submit(response=submitted, data=data)

    draft_org = create.organisation_create(
        creator=user,
        name="Bench Draft Ltd",
        industry="Software",
        revenue_team_size=12,
        monthly_lead_volume=500,
    )
    draft_round = rounds.round_get_or_create(organisation=draft_org, year=year)
    draft = responses.response_get_or_create(
        round=draft_round, respondent=user, role=draft_org.memberships.get().role
    )
    data = questionnaire_data.questionnaire_data(draft_round.questionnaire)
    first_step = steps.response_steps(data)[0]
    everything = complete_answers(data)
    responses.response_save_answers(
        response=draft,
        answers={code: everything[code] for code in first_step.codes},
        data=data,
        last_step=1,
    )

    from bench import scenarios
    from bench.jobs import follow

    portfolio_clients = int(
        os.environ.get("BENCH_PORTFOLIO_CLIENTS", scenarios.PORTFOLIO_CLIENTS)
    )

    paths = {
        "floor": "/bench/floor/",
        "step": f"/rounds/{draft_round.pk}/steps/1/",
        "result": f"/responses/{submitted.pk}/",
        "round": scenarios.team_round(user, year, complete_answers(data)),
        "history": scenarios.history_organisation(user, year, complete_answers(data)),
        "portfolio": scenarios.consultant_with_clients(user, year, portfolio_clients),
        # The loop measures it cached; the cold figure draws it again.
        "pdf": f"/responses/{submitted.pk}/report.pdf",
    }
    client = Client(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    queries, timings = {}, {}
    for name, path in paths.items():
        timings[name] = {}
        for attempt in ("cold", "warm"):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                page = follow(client, path)
                timings[name][attempt] = 1000 * (time.perf_counter() - started)
            if page.status_code != 200:
                sys.exit(f"seed check: GET {path} ({attempt}) -> {page.status_code}")
        queries[name] = len(captured)

    cold = scenarios.cold_chart_ms(
        client, {name: paths[name] for name in ("result", "round", "pdf")}
    )
    # The cold figures emptied the caches: draw everything once more, so the server
    # finds every chart and PDF in the shared table, as a running site would.
    for path in paths.values():
        follow(client, path)
    # Uncached PDFs for the PDF-under-load scenario (bench/pdf_load.py): each of
    # another organisation's result, whose chart is drawn, as a worker does on submit.
    pdf_paths = []
    for n in range(PDF_LOAD_REPORTS):
        organisation = create.organisation_create(
            creator=user,
            name=f"Bench PDF {n:02d} Ltd",
            industry="Software",
            revenue_team_size=12,
            monthly_lead_volume=500,
        )
        round_ = rounds.round_get_or_create(organisation=organisation, year=year)
        response = responses.response_get_or_create(
            round=round_, respondent=user, role=organisation.memberships.get().role
        )
        responses.response_save_answers(
            response=response, answers=complete_answers(data), data=data
        )
        responses.response_submit(response=response, data=data)
        client.get(f"/responses/{response.pk}/")
        pdf_paths.append(f"/responses/{response.pk}/report.pdf")
    print(
        json.dumps(
            {
                "cold_ms": cold,
                "year": year,
                "paths": paths,
                "pdf_load_paths": pdf_paths,
                "portfolio_clients": portfolio_clients,
                "queries": queries,
                "single_request_ms": timings,
                "step_questions": len(first_step.codes),
                "response_id": submitted.pk,
                "draft_round_id": draft_round.pk,
            }
        )
    )


if __name__ == "__main__":
    main()
