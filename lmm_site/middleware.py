"""Checks on what a request carries, before and after a view reads it."""

from __future__ import annotations

import logging

from django.db import DataError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import bad_request as page_bad_request

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before it sends a request again that found
# SQLite's write lock held past the busy timeout (DJANGO_SQLITE_TIMEOUT).
LOCKED_RETRY_AFTER = 10


def bad_request(request, exception):
    # API clients read JSON, also when the request is refused before any view.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(exception)}, status=400)
    return page_bad_request(request, exception)


def _database_locked(exception) -> bool:
    return isinstance(exception, OperationalError) and "database is locked" in str(
        exception
    )


def busy(request):
    """503 with Retry-After: the request waited for a long write (a large import)
    longer than SQLite's busy timeout. The write that raised did not happen."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The database is busy. Please try again shortly.")},
            status=503,
        )
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(LOCKED_RETRY_AFTER)
    # Logged above as a warning: the handler would log every 5xx as an error.
    response._has_been_logged = True
    return response


def _holds_nul(query) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query.lists()
    )


class BadInputMiddleware:
    """Answer 400, not 500, to input no page takes.

    - A NUL character in the path, the query string or a posted form: PostgreSQL
      refuses it in any text it compares, and the admin's filters and search read
      the query string directly, not through a form (whose fields refuse NUL).
    - A number out of the database's range that reached a query (the admin lets a
      query string filter by `id__in=99…9`): SQLite raises OverflowError and
      PostgreSQL DataError. Both are logged, so a real bug still shows.

    And 503 with Retry-After, not 500, to a request that waited longer than the
    busy timeout for SQLite's write lock (held by a large import): the person is
    told to send it again, and the warning in the log says why.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or _holds_nul(request.GET):
            return bad_request(request, ValueError("NUL character in the request."))
        if request.method == "POST" and _holds_nul(request.POST):
            return bad_request(request, ValueError("NUL character in the form."))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError | DataError):
            logger.warning(
                "value out of range in %s %s: %s",
                request.method,
                request.path,
                exception,
            )
            return bad_request(request, exception)
        if _database_locked(exception):
            logger.warning(
                "database locked past the busy timeout in %s %s: answered 503",
                request.method,
                request.path,
            )
            return busy(request)
        return None
