"""Who the test provider knows, shared by the provider and the tests. A person's
groups decide what the provider says or does for them."""

from typing import NamedTuple

PASSWORD = "provider-pass-9137"
CLIENT_ID = "lmm-assessment"
CLIENT_SECRET = "lmm-sso-secret-4410"
# The provider's own claims for these groups (see validator.py).
UNVERIFIED = "unverified"  # email_verified is false
OTHER_AUDIENCE = "other-audience"  # the id token names another client
EXPIRED = "expired"  # the id token expired an hour before it was issued
OTHER_CLIENT_ID = "another-application"


class Person(NamedTuple):
    email: str
    groups: tuple[str, ...] = ()


PEOPLE = (
    Person("ada@sso.test"),
    Person("bo@sso.test"),
    Person("cy@sso.test"),
    Person("dee@sso.test"),
    Person("eve@sso.test", (UNVERIFIED,)),
    Person("fay@sso.test", (OTHER_AUDIENCE,)),
    Person("gus@sso.test", (EXPIRED,)),
    Person("hal@elsewhere.test"),
)
