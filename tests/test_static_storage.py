"""Hashed static URLs are worked out once per name and process."""

import json

import pytest
from django.test import override_settings

from lmm_site.static_storage import StaticStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"paths": {"css/site.css": "css/site.0123abcd.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    with override_settings(DEBUG=False, STATIC_URL="/static/"):
        yield StaticStorage(location=tmp_path, base_url="/static/")


def test_the_hashed_url_is_looked_up_once(storage, monkeypatch):
    lookups = []
    original = storage.stored_name

    def counted(name):
        lookups.append(name)
        return original(name)

    monkeypatch.setattr(storage, "stored_name", counted)
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    assert lookups == ["css/site.css"]


def test_a_file_missing_from_the_manifest_still_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/nowhere.css")
