"""Each person's language: remembered on their profile, active on every page they
see once logged in, and used for every email they are sent."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from assessments.models import Profile

# The session carries the profile's language so that pages need no query for it.
SESSION_KEY = "lmm_language"


def supported(code: str | None) -> str:
    """``code`` when the site offers that language, else an empty string."""
    return code if code in dict(settings.LANGUAGES) else ""


def user_language(user) -> str:
    """The language ``user`` chose, or the site's default when they never chose."""
    return user_languages([user]).get(user.pk, settings.LANGUAGE_CODE)


def user_languages(users: Iterable) -> dict[int, str]:
    """{user id: language} for these users, in one query; the site's default for
    those who never chose."""
    ids = [user.pk for user in users]
    chosen = dict(
        Profile.objects.filter(user_id__in=ids)
        .exclude(language="")
        .values_list("user_id", "language")
    )
    return {pk: supported(chosen.get(pk)) or settings.LANGUAGE_CODE for pk in ids}


def language_remember(*, user, language: str) -> None:
    """Store ``language`` as ``user``'s choice."""
    Profile.objects.update_or_create(user=user, defaults={"language": language})


@receiver(user_logged_in, dispatch_uid="lmm-language-on-log-in")
def _language_on_log_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    chosen = Profile.objects.filter(user=user).values_list("language", flat=True)
    language = supported(next(iter(chosen), ""))
    if not language:
        # A language picked before logging in becomes the person's choice.
        language = supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        if language:
            language_remember(user=user, language=language)
    request.session[SESSION_KEY] = language


class UserLanguageMiddleware:
    """Shows a logged-in person the site in their remembered language, whatever
    the browser asks for. Runs after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        language = supported(session.get(SESSION_KEY)) if session is not None else ""
        if language and request.user.is_authenticated:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
