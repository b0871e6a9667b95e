from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupSecurityPolicy(models.Model):
    """Security rules an administrator sets per role (group)."""

    group = models.OneToOneField(
        Group, on_delete=models.CASCADE, related_name="security_policy", verbose_name=_("roll")
    )
    require_two_factor = models.BooleanField(
        _("kräv tvåfaktorsinloggning"),
        default=False,
        help_text=_("Användare i rollen måste logga in med engångskod från en autentiseringsapp."),
    )

    class Meta:
        verbose_name = _("säkerhetsregel")
        verbose_name_plural = _("säkerhetsregler")

    def __str__(self):
        return str(self.group)


def requires_two_factor(user) -> bool:
    return GroupSecurityPolicy.objects.filter(group__user=user, require_two_factor=True).exists()
