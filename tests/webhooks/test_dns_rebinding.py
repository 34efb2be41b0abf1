"""A delivery connects to the address it checked: a name is resolved once per
delivery, that address is checked and connected to, and TLS is still verified
against the name (SNI and certificate)."""

import datetime
import http.server
import socket
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from assessments.models import WebhookDelivery
from assessments.webhooks import addresses, deliveries
from tests.jobs.helpers import run_jobs
from tests.webhooks.test_webhooks import Receiver

pytestmark = pytest.mark.django_db

NAME = "hooks.rebind.test"


@pytest.fixture
def resolves_to_loopback(monkeypatch):
    """NAME resolves to 127.0.0.1; every other name as usual."""
    real = socket.getaddrinfo
    asked = []

    def getaddrinfo(host, port, *args, **kwargs):
        if host == NAME:
            asked.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_a_name_rebound_to_loopback_is_refused_at_connect_time(
    settings, monkeypatch, resolves_to_loopback, django_capture_on_commit_callbacks
):
    from tests.factories import make_membership

    settings.JOB_RETRY_BACKOFF = 0
    settings.JOB_MAX_ATTEMPTS = 1
    admin = make_membership(is_admin=True)
    with Receiver() as receiver:
        # Plain HTTP so that, were the connection made, the receiver would get it.
        url = f"http://{NAME}:{receiver.server.server_port}/hook"
        # The check made at registration and before sending saw a public address;
        # by the time of connecting, the name points at the machine itself.
        monkeypatch.setattr(addresses, "check_url", lambda url: None)
        hook = deliveries.webhook_create(
            organisation=admin.organisation,
            created_by=admin.user,
            url=url,
            events=["round.closed"],
        )
        with django_capture_on_commit_callbacks(execute=True):
            deliveries.test_event_send(webhook=hook)
        run_jobs()
    assert receiver.received == []
    assert resolves_to_loopback == [NAME]
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "public addresses only" in delivery.error


def test_a_connected_peer_that_is_not_public_is_refused(settings):
    settings.WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(Exception, match="public addresses only"):
        addresses.check_connected("10.1.2.3")
    addresses.check_connected("93.184.216.34")


def _certificate(tmp_path, name):
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert = tmp_path / "cert.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file = tmp_path / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, key_file


class TlsReceiver:
    """An HTTPS endpoint on 127.0.0.1 for `name`, keeping the SNI and Host it saw."""

    def __init__(self, tmp_path, name):
        self.cert, key = _certificate(tmp_path, name)
        self.seen = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers["Content-Length"]))
                receiver.seen.append(self.headers["Host"])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert, key)
        self.sni = []
        context.sni_callback = lambda sock, server_name, ctx: self.sni.append(
            server_name
        )
        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def _send(url):
    from tests.factories import make_membership

    admin = make_membership(is_admin=True)
    hook = deliveries.webhook_create(
        organisation=admin.organisation,
        created_by=admin.user,
        url=url,
        events=["round.closed"],
    )
    delivery = WebhookDelivery.objects.create(
        webhook=hook, event="round.closed", payload={"id": "x"}
    )
    return deliveries.delivery_send(delivery)


def test_the_pinned_address_still_verifies_tls_against_the_name(
    settings, monkeypatch, tmp_path, resolves_to_loopback
):
    # Loopback allowed for the test's own server: what is tested is TLS.
    settings.WEBHOOK_ALLOW_PRIVATE = True
    receiver = TlsReceiver(tmp_path, NAME)
    try:
        url = f"https://{NAME}:{receiver.server.server_port}/hook"
        # A certificate nobody trusts: refused.
        with pytest.raises(deliveries.DeliveryFailed, match="CERTIFICATE_VERIFY"):
            _send(url)
        trusted = ssl.create_default_context(cafile=str(receiver.cert))
        monkeypatch.setattr(deliveries, "tls_context", lambda: trusted)
        assert _send(url) == 204
        # Connected to 127.0.0.1, but spoke to the name: SNI and Host carry it.
        assert receiver.sni[-1] == NAME
        assert receiver.seen == [f"{NAME}:{receiver.server.server_port}"]
        # The certificate names another host than the URL: refused.
        other = f"https://other.rebind.test:{receiver.server.server_port}/hook"
        monkeypatch.setattr(
            socket,
            "getaddrinfo",
            lambda host, port, *a, **k: [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))
            ],
        )
        with pytest.raises(deliveries.DeliveryFailed, match="CERTIFICATE_VERIFY"):
            _send(other)
    finally:
        receiver.close()
