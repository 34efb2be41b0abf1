"""Checks on what a request carries, before and after a view reads it."""

from __future__ import annotations

import logging

from django.db import DataError
from django.http import JsonResponse
from django.views.defaults import bad_request as page_bad_request

logger = logging.getLogger(__name__)


def bad_request(request, exception):
    # API clients read JSON, also when the request is refused before any view.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(exception)}, status=400)
    return page_bad_request(request, exception)


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
        return None
