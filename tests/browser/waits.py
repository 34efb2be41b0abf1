"""Waits on states, never on time.

With SQLite in memory the live server's threads share the tests' database connection:
a test touches the database only while the server handles no request, and the flush
after a test (or the next test's setup) only once no request can still arrive. The
watch below counts, as they come and go, the requests the live server is handling and
the connections it has open or waiting to be accepted. Its limits are upper bounds on
a wait that fail the test, never delays.
"""

import select
import threading

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started

LIMIT = 60.0
# A PDF is drawn by a worker before its page hands it over; the first PDF in a process
# loads WeasyPrint, which on a machine busy with other suites takes well over the
# pages' usual 15 s. An upper bound on a wait for the download, never a delay.
WORKER_DOWNLOAD_MS = 120_000


def _served(sender) -> bool:
    """Whether a request signal comes from a WSGI server's handler (the live server's),
    not from Django's test client, which sends the same signals."""
    return isinstance(sender, type) and issubclass(sender, WSGIHandler)


class LiveServerWatch:
    def __init__(self):
        self._changed = threading.Condition()
        self._requests = 0
        self._accepting = 0
        self._open = set()
        self._httpd = None
        request_started.connect(self._started, weak=False, dispatch_uid="lmm-watch")
        request_finished.connect(self._finished, weak=False, dispatch_uid="lmm-watch")

    def _started(self, sender, **kwargs):
        if _served(sender):
            with self._changed:
                self._requests += 1
                self._changed.notify_all()

    def _finished(self, sender, **kwargs):
        if _served(sender):
            with self._changed:
                self._requests -= 1
                self._changed.notify_all()

    def watch(self, live_server) -> "LiveServerWatch":
        """Count the live server's connections, from before it accepts one until
        it has shut it down (once per server: the live server lasts the session)."""
        httpd = live_server.thread.httpd
        if self._httpd is httpd:
            return self
        self._httpd = httpd
        get_request, shutdown_request = httpd.get_request, httpd.shutdown_request

        def counted_get_request():
            with self._changed:
                self._accepting += 1
            try:
                request, address = get_request()
            except BaseException:
                with self._changed:
                    self._accepting -= 1
                    self._changed.notify_all()
                raise
            with self._changed:
                self._accepting -= 1
                self._open.add(request)
                self._changed.notify_all()
            return request, address

        def counted_shutdown_request(request):
            try:
                shutdown_request(request)
            finally:
                with self._changed:
                    self._open.discard(request)
                    self._changed.notify_all()

        httpd.get_request = counted_get_request
        httpd.shutdown_request = counted_shutdown_request
        return self

    def _waiting(self) -> bool:
        """A connection the server has not accepted yet."""
        readable, _, _ = select.select([self._httpd.socket], [], [], 0)
        return bool(readable)

    def _wait(self, done, what: str) -> None:
        with self._changed:
            if self._changed.wait_for(done, timeout=LIMIT):
                return
            state = (self._requests, len(self._open), self._accepting)
        raise AssertionError(
            f"the live server is still busy after {LIMIT:.0f}s, waiting until {what} "
            f"(requests, open connections, accepting): {state}"
        )

    def wait_until_answered(self) -> None:
        """Until the live server handles no request: each it took is answered."""
        self._wait(lambda: self._requests == 0, "every request is answered")

    def wait_until_closed(self) -> None:
        """Until the live server has no connection open, being accepted or waiting:
        after the browser contexts are closed, no request can arrive any more."""
        self._wait(
            lambda: (
                self._requests == 0
                and not self._open
                and not self._accepting
                and not self._waiting()
            ),
            "every connection is closed",
        )


SERVER = LiveServerWatch()


def settled(page) -> None:
    """The page's document has loaded (its stylesheets, scripts and the print footer's
    stylesheet, which the server draws from the database) and the live server has
    answered every request: a test may now read or change the database, or measure
    the page's styled layout.

    Call it once the page shows something only the awaited document has (an
    `expect`, `wait_for_url`): right after a click that navigates, the load state
    read would still be the previous document's."""
    page.wait_for_load_state("load")
    SERVER.wait_until_answered()
