"""`manage.py check --deploy` warnings about how throttling sees clients."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_count_check(app_configs, **kwargs):
    """Behind a proxy without DJANGO_PROXY_COUNT every client has the proxy's
    address: one client's failed log-ins lock the others out, and the sign-up and
    reset limits become limits for the whole site."""
    if settings.SECURE_PROXY_SSL_HEADER and not settings.PROXY_COUNT:
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER trusts a reverse proxy, but DJANGO_PROXY_COUNT "
                "is not set: throttling would count every client as the proxy's "
                "address.",
                hint="Set DJANGO_PROXY_COUNT to the number of proxies in front of the "
                "app (1 for one nginx); see docs/deploy.md.",
                id="lmm.W001",
            )
        ]
    return []
