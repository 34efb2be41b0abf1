"""The one template engine this site uses, also built by the test OpenID provider's
settings (tests/sso_provider/settings.py)."""


def django_templates(directory, *, context_processors=()) -> list[dict]:
    """TEMPLATES: Django's engine reading `directory` first, then each app's
    templates/, with the request and the user in every context."""
    return [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [directory],
            "APP_DIRS": True,
            "OPTIONS": {
                "context_processors": [
                    "django.template.context_processors.request",
                    "django.contrib.auth.context_processors.auth",
                    *context_processors,
                ],
            },
        }
    ]
