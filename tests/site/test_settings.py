import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deploy_check():
    completed = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x7!kq2p-n3v8r5t0w9y4z1a6b2c7d8e3f4g5h6j7k8m9p0qRsTuVwXyZ",
        DJANGO_ALLOWED_HOSTS="lmm.example.com",
        DJANGO_PROXY_COUNT="1",
    )
    assert completed.returncode == 0, completed.stderr


def test_production_refuses_to_start_without_a_secret_key():
    completed = manage("check", DJANGO_DEBUG="0")
    assert completed.returncode != 0
    assert "DJANGO_SECRET_KEY" in completed.stderr
