"""Where a webhook may point: HTTPS to a public address, unless the operator
allows private ones (WEBHOOK_ALLOW_PRIVATE). Checked when the webhook is saved and
again at each delivery, since a name may resolve elsewhere later."""

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
