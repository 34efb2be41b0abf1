"""Go through the test provider's log-in page without a browser, for tests that use
Django's test client: the provider is real, only the person's clicks are scripted."""

from urllib.parse import urlsplit

import requests

from tests.sso_provider import people


def provider_sign_in(authorize_url: str, email: str, *, back_to: str) -> str:
    """Open the authorization URL at the provider, sign in there as `email`, and
    return the URL it sends the browser back to (which starts with `back_to`)."""
    session = requests.Session()
    url = authorize_url
    for _hop in range(10):
        answer = session.get(url, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and "csrfmiddlewaretoken" in answer.text:
            answer = session.post(
                url,
                data={
                    "csrfmiddlewaretoken": session.cookies["provider_csrftoken"],
                    "username": email,
                    "password": people.PASSWORD,
                    "next": _next_of(url),
                },
                headers={"Referer": url},
                allow_redirects=False,
                timeout=10,
            )
        assert answer.status_code in (301, 302), (answer.status_code, answer.text)
        location = answer.headers["Location"]
        url = requests.compat.urljoin(url, location)
        if url.startswith(back_to):
            return url
    raise AssertionError("the provider never sent the browser back")


def _next_of(url: str) -> str:
    from urllib.parse import parse_qs

    return parse_qs(urlsplit(url).query).get("next", [""])[0]
