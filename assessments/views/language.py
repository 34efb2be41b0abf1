"""The header's language switch: Django's set_language, remembered for the user."""

from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from assessments.accounts import languages


@require_POST
def language_set(request):
    """Switch the language (cookie, via Django's view) and, when logged in, remember
    it on the person's profile and in their session."""
    response = set_language(request)
    language = languages.supported(request.POST.get("language"))
    if language and request.user.is_authenticated:
        languages.language_remember(user=request.user, language=language)
        request.session[languages.SESSION_KEY] = language
    return response
