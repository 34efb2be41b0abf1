"""How a delivery is signed: HMAC-SHA256, with the webhook's secret, over
"<event id>.<timestamp>.<body>"; the receiver recomputes it (docs/api.md)."""

import hashlib
import hmac


def signature(*, secret: str, event_id: str, timestamp: int, body: bytes) -> str:
    message = f"{event_id}.{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def is_valid(
    *, secret: str, event_id: str, timestamp: int, body: bytes, given: str
) -> bool:
    expected = signature(
        secret=secret, event_id=event_id, timestamp=timestamp, body=body
    )
    return hmac.compare_digest(expected, given)
