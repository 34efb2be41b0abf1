"""Settings for LMM Assessment: one code path, values from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lmm_site.cache_layout import caches
from lmm_site.security_headers import content_security_policy, permissions_policy
from lmm_site.template_engines import django_templates

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default or [])


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY, or DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "auditlog",
    "assessments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "lmm_site.middleware.BadInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "assessments.accounts.languages.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "assessments.audit.events.AuditMiddleware",
    "assessments.accounts.two_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "assessments.accounts.throttling.ThrottledBackend",
    "assessments.accounts.backends.PasswordOffGuard",
    "django.contrib.auth.backends.ModelBackend",
    "assessments.accounts.backends.EmailBackend",
    # Answers only the single sign-on callback, and only when SSO is configured.
    "assessments.accounts.sso.SSOBackend",
]

ROOT_URLCONF = "lmm_site.urls"

TEMPLATES = django_templates(
    BASE_DIR / "templates",
    context_processors=[
        "django.contrib.messages.context_processors.messages",
        "assessments.accounts.sso.context",
    ],
)

WSGI_APPLICATION = "lmm_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two gunicorn workers write at once. A deferred transaction that reads first
    # and writes later fails at once with "database is locked"; IMMEDIATE takes the
    # write lock at BEGIN and waits up to `timeout` seconds for it, WAL lets readers
    # go on beside the one writer.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("DJANGO_SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "assessments:home"
LOGOUT_REDIRECT_URL = "assessments:home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["lmm_site.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "lmm@localhost")
# The public address of the site, for links in emails sent from the command line.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000")

# Log-in throttling (site and admin) by django-axes: per account and, separately,
# per IP address; a lockout lasts 15 minutes or until reset in the admin.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = "assessments.accounts.throttling.lockout_parameters"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "assessments.accounts.throttling.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "assessments.accounts.throttling.client_ip"
# Behind reverse proxies, the number of them that append to X-Forwarded-For; the
# client's address is then read from that header instead of the connection.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

# Retention (docs/privacy.md): days after which `purge_expired_data` deletes accounts
# never confirmed, and invitations past their expiry or use.
PRIVACY_RETENTION_DAYS = {
    "unconfirmed_accounts": int(os.environ.get("DJANGO_RETAIN_UNCONFIRMED_DAYS", "7")),
    "invitations": int(os.environ.get("DJANGO_RETAIN_INVITATIONS_DAYS", "90")),
}

# Staff (consultants included) reach the admin and the portfolio only after a
# second factor (docs/security.md).
MFA_REQUIRED_FOR_STAFF = env_bool("DJANGO_MFA_REQUIRED_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = "LMM Assessment"

# Single sign-on with OpenID Connect (docs/security.md): off unless the issuer, the
# client id and its secret are all given; the provider's endpoints are read from its
# discovery document. Which addresses may use it is set per organisation.
SSO_ISSUER = os.environ.get("DJANGO_SSO_ISSUER", "").rstrip("/")
SSO_CLIENT_ID = os.environ.get("DJANGO_SSO_CLIENT_ID", "")
SSO_CLIENT_SECRET = os.environ.get("DJANGO_SSO_CLIENT_SECRET", "")
SSO_PROVIDER_NAME = os.environ.get("DJANGO_SSO_PROVIDER_NAME", "")
# Clocks of the provider and this site may differ a little; no more than this.
SSO_CLOCK_LEEWAY_SECONDS = int(os.environ.get("DJANGO_SSO_CLOCK_LEEWAY", "30"))
SSO_DISCOVERY_CACHE_SECONDS = int(os.environ.get("DJANGO_SSO_DISCOVERY_CACHE", "3600"))
# mozilla-django-oidc's own settings, the same for every provider.
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_TIMEOUT = 10
OIDC_CREATE_USER = True
OIDC_CALLBACK_CLASS = "assessments.views.sso.SSOCallbackView"
OIDC_AUTHENTICATE_CLASS = "assessments.views.sso.SSOStartView"

# The audit trail (docs/security.md): django-auditlog records changes of these models,
# each tagged with its organisation; explicit events are AuditEvent rows.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "assessments.Organisation",
    {"model": "assessments.Membership"},
    {"model": "assessments.Invitation", "exclude_fields": ["token"]},
    "assessments.Round",
    "assessments.Action",
)
AUDIT_RETENTION_DAYS = int(os.environ.get("DJANGO_AUDIT_RETENTION_DAYS", "365"))

RATELIMIT_USE_CACHE = "ratelimit"
# Off only for a security scan, so that the scanners reach the code behind the forms.
RATELIMIT_ENABLE = env_bool("DJANGO_RATELIMIT_ENABLE", default=True)
RATELIMIT_VIEW = "assessments.accounts.throttling.throttled"

# Hardening follows DEBUG, so `check --deploy` is clean with DJANGO_DEBUG=0.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# No script of ours reads the CSRF cookie (forms carry the token), so hide it from JS.
CSRF_COOKIE_HTTPONLY = True
# The language switch is a form posted to the server; no script reads the cookie.
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# The REST API (docs/api.md): personal tokens for programs, the session for the
# browsable docs; every list paginated, every client throttled.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "assessments.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "assessments.api.permissions.TokenScope",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_RATE_USER", "1000/hour"),
        "anon": os.environ.get("API_RATE_ANON", "60/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "assessments.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "LMM Assessment API",
    "DESCRIPTION": "Lead Management Maturity assessments: organisations, rounds, "
    "results, history and action plans. See docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "assessments.models.plans.Action.Status",
        "ResponseStatusEnum": "assessments.models.responses.Response.Status",
    },
}

# The tables and the reasons for them are in security_headers.py.
CONTENT_SECURITY_POLICY = content_security_policy()
PERMISSIONS_POLICY = permissions_policy()

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Several app servers: shared cache and sessions (docs/deploy.md) ---------------
# With REDIS_URL every instance shares one cache and reads sessions from it, with the
# database behind it so that a flushed cache logs nobody out (cache_layout.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = caches(
    redis_url=REDIS_URL,
    key_prefix=os.environ.get("DJANGO_CACHE_KEY_PREFIX", "lmm"),
)
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# --- Background work (docs/deploy.md "Background work") ------------------------------
# Django's tasks API (the django-tasks backport) with its database backend: the queue
# is a table in the same database, so SQLite on one machine needs no broker.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# "embedded": each web process runs a worker thread when it has queued work;
# "external": workers run apart (`manage.py db_worker`), on any number of machines.
TASK_WORKER = os.environ.get("LMM_TASK_WORKER", "embedded")
if TASK_WORKER not in {"embedded", "external"}:
    raise ImproperlyConfigured("LMM_TASK_WORKER is 'embedded' or 'external'.")
# Seconds an idle embedded worker waits before it looks at the queue again.
TASK_WORKER_INTERVAL = float(os.environ.get("LMM_TASK_WORKER_INTERVAL", "0.5"))
# A failed job runs again up to this many times in all, after 5 s, 10 s, 20 s, ...
JOB_MAX_ATTEMPTS = int(os.environ.get("LMM_JOB_MAX_ATTEMPTS", "4"))
JOB_RETRY_BACKOFF = float(os.environ.get("LMM_JOB_RETRY_BACKOFF", "5"))

# Load balancers probe the instances over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or STATIC_ROOT)
LOGGING.setdefault("root", {})["level"] = os.environ.get(
    "DJANGO_LOG_LEVEL", "WARNING"
).upper()

# Webhooks (docs/api.md): deliveries to private, loopback or link-local addresses,
# and over plain HTTP, only where the operator allows it (a test or a closed network).
WEBHOOK_ALLOW_PRIVATE = env_bool("LMM_WEBHOOK_ALLOW_PRIVATE", False)
WEBHOOK_TIMEOUT = float(os.environ.get("LMM_WEBHOOK_TIMEOUT", "10"))
