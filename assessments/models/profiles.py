"""Per-user settings that outlive a session."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """Per-user settings that outlive a session: the language the site and its
    emails use for this person, and whether their address is still unproven."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lmm_profile",
        verbose_name=_("user"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    # Only sign-up makes an account whose address nobody has proven; accounts made
    # by staff, the shell or an import (no password until a reset link is used)
    # have no profile row saying otherwise.
    email_confirmed = models.BooleanField(
        _("email confirmed"),
        default=True,
        help_text=_(
            "Off from sign-up until the person follows the link emailed to the "
            "address; until then the account can neither join nor create anything."
        ),
    )

    class Meta:
        ordering = ["user"]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return str(self.user)
