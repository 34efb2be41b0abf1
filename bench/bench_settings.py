"""Settings for the benchmark: the project's settings plus three changes.

- ROOT_URLCONF adds the floor view (`bench/urls.py`).
- STATIC_ROOT comes from BENCH_STATIC_ROOT, so `collectstatic` (needed with
  DEBUG off, for the manifest) writes into the benchmark's temp dir.
- An outermost middleware names the worker process in a response header, so the
  runner can tell that its warm-up reached every gunicorn worker.
"""

import os

from lmm_site.settings import *  # noqa: F403
from lmm_site.settings import MIDDLEWARE, STATIC_ROOT

ROOT_URLCONF = "bench.urls"
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT") or STATIC_ROOT
MIDDLEWARE = ["bench.middleware.worker_header", *MIDDLEWARE]
