import os

WORKER_HEADER = "X-Bench-Worker"


def worker_header(get_response):
    """Add the serving process's PID to every response (bench settings only)."""

    def middleware(request):
        response = get_response(request)
        response[WORKER_HEADER] = str(os.getpid())
        return response

    return middleware
