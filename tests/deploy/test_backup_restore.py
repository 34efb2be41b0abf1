"""The backup of docs/deploy.md restores: `pg_dump -Fc` of a database holding
organisations and submitted responses, `pg_restore` into a new database, and the
copy holds the same rows, the same migrations and gives the same results."""

import os
import shutil
import subprocess
import uuid
from urllib.parse import urlsplit

import dj_database_url
import psycopg2
import pytest
from django.db import connection

from assessments.models import Response
from tests.deploy.test_multi_instance import admin_sql, postgres_url
from tests.factories import (
    answers_for,
    ensure_seeded_questionnaire,
    make_membership,
    make_organisation,
    make_response,
    make_round,
)
from tests.servers import require

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

# Rows compared between the database and its restored copy, in a stable order.
CHECKS = {
    "users": "SELECT id, username, email, password FROM auth_user ORDER BY id",
    "responses": (
        "SELECT id, round_id, respondent_id, status, x, y, stage"
        " FROM assessments_response ORDER BY id"
    ),
    "answers": (
        "SELECT response_id, question_id, choice_id FROM assessments_answer"
        " ORDER BY response_id, question_id"
    ),
    "migrations": "SELECT app, name FROM django_migrations ORDER BY app, name",
}


def _rows(url: str) -> dict[str, list]:
    config = dj_database_url.parse(url)
    db = psycopg2.connect(
        dbname=config["NAME"],
        user=config["USER"],
        password=config["PASSWORD"],
        host=config["HOST"],
        port=config["PORT"] or 5432,
        connect_timeout=10,
    )
    try:
        with db.cursor() as cursor:
            rows = {}
            for name, sql in CHECKS.items():
                cursor.execute(sql)
                rows[name] = cursor.fetchall()
            return rows
    finally:
        db.close()


def _client_env(url: str) -> dict[str, str]:
    config = dj_database_url.parse(url)
    return {
        **os.environ,
        "PGHOST": config["HOST"] or "127.0.0.1",
        "PGPORT": str(config["PORT"] or 5432),
        "PGUSER": config["USER"],
        "PGPASSWORD": config["PASSWORD"],
    }


def test_a_dump_restores_into_a_new_database_with_the_same_data(tmp_path):
    url = postgres_url()
    require(
        bool(shutil.which("pg_dump") and shutil.which("pg_restore")),
        "needs PostgreSQL's client tools pg_dump and pg_restore",
    )
    ensure_seeded_questionnaire()
    for number in range(3):
        member = make_membership(
            organisation=make_organisation(name=f"Client {number}")
        )
        for year_offset in (1, 0):
            make_response(
                round=make_round(
                    organisation=member.organisation, year=2025 - year_offset
                ),
                respondent=member.user,
                role=member.role,
                answers=answers_for(relationship=2 + number % 3, maturity=2),
                submitted=True,
            )
    assert Response.objects.filter(status="submitted").count() == 6
    # The test database, committed (a transactional test), as the dump sees it.
    source_url = (
        urlsplit(url)._replace(path=f"/{connection.settings_dict['NAME']}").geturl()
    )
    dump = tmp_path / "lmm.dump"
    env = _client_env(url)
    done = subprocess.run(
        ["pg_dump", "-Fc", f"--file={dump}", connection.settings_dict["NAME"]],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr

    restored = f"lmm_restored_{uuid.uuid4().hex[:12]}"
    admin_sql(url, f'CREATE DATABASE "{restored}"')
    try:
        done = subprocess.run(
            [
                "pg_restore",
                "--exit-on-error",
                "--no-owner",
                f"--role={env['PGUSER']}",
                "--jobs=2",
                f"--dbname={restored}",
                str(dump),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        restored_url = urlsplit(url)._replace(path=f"/{restored}").geturl()
        original, copy = _rows(source_url), _rows(restored_url)
        assert len(original["responses"]) == 6
        assert len(original["answers"]) > 6 * 10
        assert copy == original
    finally:
        admin_sql(url, f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
