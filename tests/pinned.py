"""Pin the factories to questionnaire version 1.

Tests whose expected figures follow version 1's scales build their rounds and answers
with it, so they hold whichever version is current (a round keeps its version).
"""

import pytest

from assessments.models import Questionnaire
from tests import factories


@pytest.fixture
def version_1(monkeypatch):
    questionnaire = Questionnaire.objects.get(version=1)
    monkeypatch.setattr(factories, "questionnaire_current", lambda: questionnaire)
    return questionnaire
