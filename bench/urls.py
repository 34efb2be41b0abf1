"""The project's URLs plus the floor: the cheapest page Django can serve here."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    """Full middleware stack and URL resolution; no database, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench-floor"),
    path("", include("lmm_site.urls")),
]
