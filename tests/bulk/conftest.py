import pytest

from tests.factories import make_consultant, make_organisation


@pytest.fixture
def consultant(client):
    """A logged-in consultant of the organisation `consultant.own`."""
    own = make_organisation(name="Own Client")
    user = make_consultant(own)
    client.force_login(user)
    user.own = own
    return user
