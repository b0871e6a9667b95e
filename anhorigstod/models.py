from django.conf import settings
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


class AccountState(models.Model):
    """What a user must do at their next sign-in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_state"
    )
    password_change_required = models.BooleanField(
        _("måste byta lösenord"),
        default=False,
        help_text=_("Sätts när någon annan har gett användaren ett lösenord."),
    )

    class Meta:
        verbose_name = _("kontostatus")
        verbose_name_plural = _("kontostatus")

    def __str__(self):
        return str(self.user)


class SecurityNotice(models.Model):
    """Something that happened to a user's sign-in that they must be told of, in
    case it was not them: shown at every sign-in until they acknowledge it."""

    class Kind(models.TextChoices):
        DEVICE_ADDED = "device_added", _("En autentiseringsapp kopplades till ditt konto.")
        DEVICE_REMOVED = "device_removed", _("Autentiseringsappen togs bort från ditt konto.")
        TWO_FACTOR_RESET = (
            "two_factor_reset",
            _("En användaradministratör återställde din tvåfaktorsinloggning."),
        )
        RECOVERY_CODES_CREATED = (
            "recovery_codes_created",
            _("Nya reservkoder skapades för ditt konto; de gamla gäller inte längre."),
        )
        RECOVERY_CODE_USED = (
            "recovery_code_used",
            _("En reservkod användes för att logga in på ditt konto."),
        )
        PASSWORD_SET_BY_OTHER = (
            "password_set_by_other",
            _("En användaradministratör gav ditt konto ett nytt lösenord."),
        )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_notices"
    )
    kind = models.CharField(_("vad"), max_length=40, choices=Kind)
    at = models.DateTimeField(_("när"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("bekräftad"), null=True, blank=True)

    class Meta:
        verbose_name = _("säkerhetsmeddelande")
        verbose_name_plural = _("säkerhetsmeddelanden")
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "acknowledged_at"])]

    def __str__(self):
        return self.get_kind_display()
