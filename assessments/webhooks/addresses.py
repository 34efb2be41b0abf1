"""Where a webhook may point: HTTPS to a public address, unless the operator
allows private ones (WEBHOOK_ALLOW_PRIVATE). Checked when the webhook is saved, and
at each delivery on the very address the connection is made to (`address_for`):
a name that resolved to a public address for the check could resolve to a private
one a moment later (DNS rebinding), so the name is resolved once and that address
is both checked and connected to."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MESSAGE_HTTPS = _("Use an https:// address.")
MESSAGE_PRIVATE = _(
    "This address is private, loopback or link-local: webhooks go to public "
    "addresses only."
)
MESSAGE_UNRESOLVED = _("This host name does not resolve.")


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return ip.is_global and not ip.is_multicast


def address_for(host: str, port: int) -> str:
    """The one address to connect to for `host`: its first resolved address, or
    ValidationError if any of them is not public (unless private ones are allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(MESSAGE_UNRESOLVED, code="unresolved") from None
    if not infos:
        raise ValidationError(MESSAGE_UNRESOLVED, code="unresolved")
    if not settings.WEBHOOK_ALLOW_PRIVATE and not all(
        _is_public(info[4][0]) for info in infos
    ):
        raise ValidationError(MESSAGE_PRIVATE, code="private")
    return infos[0][4][0]


def check_connected(address: str) -> None:
    """Refuse a connected socket's peer that is not public: the last word, whatever
    the resolver said."""
    if not settings.WEBHOOK_ALLOW_PRIVATE and not _is_public(address):
        raise ValidationError(MESSAGE_PRIVATE, code="private")


def check_url(url: str) -> None:
    """Raise ValidationError unless deliveries to `url` are allowed."""
    parts = urlsplit(url)
    allow_private = settings.WEBHOOK_ALLOW_PRIVATE
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise ValidationError(MESSAGE_HTTPS, code="https")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname or "", parts.port or 443)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(MESSAGE_UNRESOLVED, code="unresolved") from None
    if not infos or not all(_is_public(info[4][0]) for info in infos):
        raise ValidationError(MESSAGE_PRIVATE, code="private")
