"""gunicorn's access log as JSON lines, one object per request.

gunicorn's `access_log_format` is a %-template that does not escape values, so a
quote in a user agent or a path would break a JSON template; this logger writes
each line with `json.dumps` instead.
"""

import json
import os
from datetime import UTC, datetime

from gunicorn import glogging


def access_record(resp, req, environ, request_time) -> dict:
    """The fields of one access-log line, as plain JSON values."""
    status = resp.status
    if isinstance(status, str):
        status = status.split(None, 1)[0]
    sent = getattr(resp, "sent", None)
    if not sent and environ.get("REQUEST_METHOD") != "HEAD":
        # gunicorn does not count a body it hands to sendfile() (static files).
        sent = getattr(resp, "response_length", None) or sent
    return {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "remote_addr": environ.get("REMOTE_ADDR"),
        "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
        "host": environ.get("HTTP_HOST"),
        "method": environ.get("REQUEST_METHOD"),
        "path": environ.get("PATH_INFO"),
        "query": environ.get("QUERY_STRING") or "",
        "status": int(status),
        "bytes": sent,
        "duration_ms": round(request_time.total_seconds() * 1000, 3),
        "referer": environ.get("HTTP_REFERER"),
        "user_agent": environ.get("HTTP_USER_AGENT"),
        "pid": os.getpid(),
    }


class JsonAccessLogger(glogging.Logger):
    """gunicorn's logger with the access log as JSON lines; the error log unchanged."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        try:
            line = json.dumps(access_record(resp, req, environ, request_time))
            self.access_log.info("%s", line)
        except Exception:
            self.exception("could not write the access log line")
