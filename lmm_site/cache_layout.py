"""Which caches the site has and where each keeps its entries (docs/deploy.md):
settings.py sets CACHES from `caches()`."""


def caches(*, redis_url: str, key_prefix: str) -> dict:
    """With `redis_url` every instance shares one cache (charts, the questionnaire,
    anything else cached). Without it: one machine, a cache per process, and drawn
    charts and PDFs in a database table shared by the machine's workers."""
    if redis_url:
        layout = {
            "default": {
                # Django's, serving misses instead of 500s while Redis is down.
                "BACKEND": "lmm_site.cache.DegradingRedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": key_prefix,
                # A hung Redis fails a request (and /healthz) in seconds, not at
                # gunicorn's worker timeout.
                "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
            }
        }
        # Drawn charts and PDFs (assessments/charts/store.py): the same Redis.
        layout["charts"] = layout["default"]
        layout["shared"] = layout["default"]
    else:
        layout = {
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "lmm",
            },
            # Drawn charts and PDFs in a table (made by migration 0014_drawn_cache_table),
            # so every worker process shares them and they survive a restart.
            "charts": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "lmm_charts",
                "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
            },
            # What every process must see alike, small and short-lived (an import's
            # progress, the portfolio's generation): a table made by migration
            # 0025_shared_cache_table.
            "shared": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "lmm_shared",
            },
        }
    # Each process's copies of the drawings it served last, in front of the shared
    # `charts` cache (assessments/charts/store.py): about a hundred charts and PDFs.
    layout["charts-local"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lmm-charts",
        "OPTIONS": {"MAX_ENTRIES": 100},
    }
    # Template fragments that depend only on their key (a published version's
    # questions, {% cache ... using="fragments" %}): each process keeps its own.
    layout["fragments"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "lmm-fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
    # Counts of django-ratelimit, shared by every worker process and every instance:
    # in the database (the table is made by migration 0011_hardening_ratelimit_cache).
    layout["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "lmm_ratelimit",
    }
    return layout
