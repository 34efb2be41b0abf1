"""What every part of the page benchmark (bench/run.py) shares: the checkout, the
address and user, the endpoints measured, and the log line."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
EMAIL = "bench@example.com"
WORKER_HEADER = "X-Bench-Worker"  # set by bench.middleware
REQUEST_TIMEOUT = 10.0
QUIET_THRESHOLD = 0.25  # busy CPU-seconds per second that count as "quiet"
ENDPOINTS = {
    "floor": "floor (bare Django view)",
    "step": "questionnaire step 1",
    "result": "result page",
    "round": "team round page, 50 respondents",
    "history": "history page, 10 years of 5 respondents",
    "portfolio": "portfolio (/admin/portfolio/, consultant, 50 clients)",
    "pdf": "result PDF (/responses/<id>/report.pdf)",
}


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)
