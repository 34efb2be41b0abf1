"""Run the test OpenID provider: `python -m tests.sso_provider.serve WORKDIR
REDIRECT_URI`. It makes its database in WORKDIR, seeds the people of people.py and
one application for the app under test, binds a free port on 127.0.0.1 and writes
its issuer URL to WORKDIR/issuer once it answers."""

import os
import socket
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

HOST = "127.0.0.1"


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        sys.stderr.write("provider: " + format % args + "\n")


def _new_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _seed(redirect_uri: str) -> None:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oauth2_provider.models import Application

    from tests.sso_provider import people

    call_command("migrate", verbosity=0, interactive=False)
    for person in people.PEOPLE:
        user = User.objects.create_user(
            username=person.email, email=person.email, password=people.PASSWORD
        )
        for name in person.groups:
            user.groups.add(Group.objects.get_or_create(name=name)[0])
    Application.objects.create(
        name="LMM Assessment",
        client_id=people.CLIENT_ID,
        client_secret=people.CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect_uri,
        post_logout_redirect_uris=redirect_uri.rsplit("/sso/", 1)[0] + "/",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


def main(workdir: Path, redirect_uri: str) -> None:
    probe = socket.socket()
    probe.bind((HOST, 0))
    port = probe.getsockname()[1]
    probe.close()
    issuer = f"http://{HOST}:{port}/o"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.sso_provider.settings",
        SSO_PROVIDER_DB=str(workdir / "provider.sqlite3"),
        SSO_PROVIDER_ISSUER=issuer,
        SSO_PROVIDER_KEY=_new_key(),
    )
    import django

    django.setup()
    _seed(redirect_uri)
    from django.core.wsgi import get_wsgi_application

    server = make_server(
        HOST, port, get_wsgi_application(), _Server, handler_class=_QuietHandler
    )
    (workdir / "issuer").write_text(issuer)
    server.serve_forever()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
