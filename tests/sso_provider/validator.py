from datetime import timedelta

from django.utils import timezone
from oauth2_provider.oauth2_validators import OAuth2Validator

from tests.sso_provider import people


def _groups(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


class Validator(OAuth2Validator):
    def get_additional_claims(self, request):
        return {
            "email": request.user.email,
            "email_verified": people.UNVERIFIED not in _groups(request.user),
        }

    def get_id_token_dictionary(self, token, token_handler, request):
        claims, expiration = super().get_id_token_dictionary(
            token, token_handler, request
        )
        groups = _groups(request.user)
        # Real, signed tokens that a careful client must refuse.
        if people.OTHER_AUDIENCE in groups:
            claims["aud"] = people.OTHER_CLIENT_ID
        if people.EXPIRED in groups:
            issued = timezone.now() - timedelta(hours=2)
            claims["iat"] = int(issued.timestamp())
            claims["exp"] = int((issued + timedelta(hours=1)).timestamp())
        return claims, expiration
