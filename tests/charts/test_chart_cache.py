"""A worker that only serves cached charts never imports matplotlib, and a chart\ndrawn by one process is served by the next one, without Redis: the drawn-chart\ntable in the database outlives the process that drew it."""

import json
import subprocess
import sys

from tests.servers import ROOT, app_env


def worker(tmp_path, *args):
    env = app_env(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    done = subprocess.run(
        [sys.executable, "-m", "tests.charts.chart_worker", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_a_fresh_process_serves_a_cached_chart_without_importing_matplotlib(tmp_path):
    migrate = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=app_env(
            DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"
        ),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert migrate.returncode == 0, migrate.stderr
    drawn = worker(tmp_path, "draw")
    assert drawn["status"] == 200
    assert drawn["chart"].startswith('<svg role="img"')
    assert drawn["matplotlib"] is True

    served = worker(tmp_path, "serve", *map(str, drawn["ids"]))
    assert served["status"] == 200
    assert served["chart"] == drawn["chart"]
    assert served["matplotlib"] is False
