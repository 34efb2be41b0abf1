"""Single sign-on with OpenID Connect, on mozilla-django-oidc.

The provider is named by its issuer URL; its endpoints come from its discovery
document, read when first needed and kept in the cache. A person is let in only with
an address the provider says it verified, found case-insensitively among the
accounts (never a second account for one address), and only from an e-mail domain
an organisation allows when any organisation lists domains. Every refusal carries a
reason that the callback page shows and the audit trail keeps.
"""

from __future__ import annotations

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend, default_username_algo

from assessments.accounts.confirmation import mark_confirmed
from assessments.models import Organisation

# What the callback page tells the person, by reason.
REASONS = {
    "unverified": _(
        "The sign-in service has not verified your email address. Verify it there "
        "first, or log in with your password."
    ),
    "no_email": _("The sign-in service did not tell us your email address."),
    "domain": _(
        "Addresses of this domain cannot sign in here with single sign-on. Ask your "
        "organisation's administrator."
    ),
    "token": _(
        "The sign-in service's answer could not be trusted (it was expired, meant "
        "for another application or not signed correctly). Try again."
    ),
    "provider": _(
        "The sign-in service could not be reached or refused the sign-in. Try again "
        "later."
    ),
    "ambiguous": _(
        "Several accounts use this address; ask us to merge them before you sign in."
    ),
    "inactive": _("This account is switched off."),
}
# Set on the request by the backend, read by the callback view and the audit trail.
FAILURE_ATTRIBUTE = "sso_failure"
DISCOVERY_PATH = "/.well-known/openid-configuration"
LOGGER = logging.getLogger(__name__)


class SSOFailure(Exception):
    def __init__(self, reason: str, email: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.email = email


def is_configured() -> bool:
    return bool(
        settings.SSO_ISSUER and settings.SSO_CLIENT_ID and settings.SSO_CLIENT_SECRET
    )


def discovery() -> dict:
    """The provider's discovery document (cached); raises SSOFailure("provider")."""
    key = f"sso-discovery:{settings.SSO_ISSUER}"
    document = cache.get(key)
    if document is None:
        try:
            answer = requests.get(
                settings.SSO_ISSUER + DISCOVERY_PATH, timeout=settings.OIDC_TIMEOUT
            )
            answer.raise_for_status()
            document = answer.json()
        except (requests.RequestException, ValueError) as error:
            raise SSOFailure("provider") from error
        # A document naming another issuer is someone else's: trust none of it.
        if document.get("issuer", "").rstrip("/") != settings.SSO_ISSUER:
            raise SSOFailure("provider")
        cache.set(key, document, settings.SSO_DISCOVERY_CACHE_SECONDS)
    return document


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def domain_list(text: str) -> list[str]:
    """`example.com, Example.org` as ["example.com", "example.org"]."""
    return [
        item.strip().lower().lstrip("@")
        for item in text.replace("\n", ",").split(",")
        if item.strip()
    ]


def organisations_of_domain(domain: str, *, sso_only: bool = False):
    """The organisations listing `domain` among their SSO domains."""
    rows = Organisation.objects.exclude(sso_domains="")
    if sso_only:
        rows = rows.filter(sso_only=True)
    return [
        organisation
        for organisation in rows.only("pk", "name", "sso_domains", "sso_only")
        if domain in domain_list(organisation.sso_domains)
    ]


def domain_allowed(domain: str) -> bool:
    """While no organisation lists a domain, every verified address may sign in."""
    if not Organisation.objects.exclude(sso_domains="").exists():
        return True
    return bool(organisations_of_domain(domain))


def password_login_off(email: str) -> bool:
    """Whether an organisation switched password log-in off for this address's
    domain (and SSO is configured, so the person has another way in)."""
    if not is_configured() or "@" not in email:
        return False
    return bool(organisations_of_domain(email_domain(email), sso_only=True))


def _is_true(value) -> bool:
    # Some providers send the claim as the string "true".
    return value is True or (isinstance(value, str) and value.lower() == "true")


class SSOBackend(OIDCAuthenticationBackend):
    """The library's code flow, with the provider read from its discovery document
    and the checks the library leaves out: audience, issuer, expiry, a verified
    address and the allowed domains."""

    def __init__(self, *args, **kwargs):
        # The library reads fixed endpoints from settings here; ours are discovered
        # lazily, so that a site without SSO never contacts anyone.
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.SSO_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.SSO_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):  # noqa: N802 (the library's name)
        return discovery()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self):  # noqa: N802
        return discovery()["userinfo_endpoint"]

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):  # noqa: N802
        return discovery()["jwks_uri"]

    def authenticate(self, request, **kwargs):
        if request is None or not is_configured() or "nonce" not in kwargs:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except SSOFailure as failure:
            setattr(request, FAILURE_ATTRIBUTE, failure)
        except (SuspiciousOperation, jwt.PyJWTError) as error:
            setattr(request, FAILURE_ATTRIBUTE, SSOFailure("token"))
            self._note(error)
        except (requests.RequestException, KeyError, ValueError) as error:
            # Unreachable, or an answer without the fields every provider sends.
            setattr(request, FAILURE_ATTRIBUTE, SSOFailure("provider"))
            self._note(error)
        return None

    @staticmethod
    def _note(error) -> None:
        LOGGER.warning("SSO log-in refused: %s", error)

    def _verify_jws(self, payload, key):
        """The library skips the audience; here the token must be signed for this
        client by this issuer, with an expiry that has not passed."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("unexpected signing algorithm")
        return jwt.decode(
            payload,
            key,
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=discovery()["issuer"],
            options={"require": ["exp", "iat", "aud", "iss", "sub"]},
            leeway=settings.SSO_CLOCK_LEEWAY_SECONDS,
        )

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("user-info subject differs from the token's")
        return claims

    def verify_claims(self, claims):
        email = str(claims.get("email") or "").strip()
        if not email or "@" not in email:
            raise SSOFailure("no_email")
        if not _is_true(claims.get("email_verified")):
            raise SSOFailure("unverified", email)
        if not domain_allowed(email_domain(email)):
            raise SSOFailure("domain", email)
        return True

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims["email"].strip())

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        self.verify_claims(claims)
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) > 1:
            raise SSOFailure("ambiguous", claims["email"])
        if users:
            user = users[0]
            if not self.user_can_authenticate(user):
                raise SSOFailure("inactive", claims["email"])
        else:
            user = self.create_user(claims)
        # The provider verified the address: a pending confirmation is settled.
        mark_confirmed(user)
        return user

    def create_user(self, claims):
        email = claims["email"].strip().lower()
        # Accounts made on the site use the address as user name (see backends.py);
        # no password: this person signs in through the provider.
        username = email[:150]
        if self.UserModel.objects.filter(username=username).exists():
            username = default_username_algo(email)
        user = self.UserModel(username=username, email=email)
        user.set_unusable_password()
        user.save()
        return user


def context(request) -> dict:
    """Template context: whether to offer the single sign-on button."""
    return {
        "sso_enabled": is_configured(),
        "sso_provider_name": settings.SSO_PROVIDER_NAME,
    }
