"""Deployment tests start real servers (gunicorn, redis-server, PostgreSQL's tools):
they carry the `deploy` marker, and .ci/run runs them once, in its PostgreSQL step."""

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.fspath).parents:
            item.add_marker(pytest.mark.deploy)
