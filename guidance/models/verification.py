"""Keeping the directory true: each check of a service, and each visit to a
web address the guidance or the directory gives."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from guidance.models.directory import Service


class ServiceCheck(models.Model):
    """One verification of a service's details (Open Referral: ``assured_date``)."""

    class Outcome(models.TextChoices):
        """What the check found. ``UNREACHABLE`` confirms nothing, so it leaves
        the service due (``guidance.checks.record_round``)."""

        UNCHANGED = "unchanged", _("Oförändrad")
        UPDATED = "updated", _("Uppdaterad")
        CLOSED = "closed", _("Nedlagd eller stängd")
        UNREACHABLE = "unreachable", _("Gick inte att nå")

    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="checks", verbose_name=_("stödtjänst")
    )
    checked_on = models.DateField(_("kontrollerad"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kontrollerad av"),
    )
    checked_by_name = models.CharField(_("kontrollerad av (namn)"), max_length=200)
    outcome = models.CharField(
        _("resultat"), max_length=20, choices=Outcome.choices, default=Outcome.UNCHANGED
    )
    note = models.TextField(_("anteckning"), blank=True)

    class Method(models.TextChoices):
        PHONE = "phone", _("Telefon")
        WEB = "web", _("Webbplats")
        EMAIL = "email", _("E-post")
        OTHER = "other", _("Annat sätt")

    method = models.CharField(_("hur"), max_length=10, choices=Method.choices, blank=True)

    class Meta:
        verbose_name = _("kontroll av stödtjänst")
        verbose_name_plural = _("kontroller av stödtjänster")
        ordering = ["-checked_on", "-id"]

    def __str__(self):
        return f"{self.service} – {self.checked_on}"


class LinkCheck(models.Model):
    """The last visit to one web address, by ``manage.py check_directory_links``."""

    class Result(models.TextChoices):
        OK = "ok", _("Fungerar")
        REDIRECTED = "redirected", _("Omdirigeras")
        BROKEN = "broken", _("Trasig")
        UNREACHABLE = "unreachable", _("Kunde inte nås")

    url = models.URLField(_("webbadress"), max_length=500, unique=True)
    result = models.CharField(_("resultat"), max_length=20, choices=Result.choices)
    status_code = models.PositiveSmallIntegerField(_("HTTP-status"), null=True, blank=True)
    final_url = models.URLField(_("slutlig adress"), max_length=500, blank=True)
    detail = models.CharField(_("detaljer"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("kontrollerad"))
    used_by = models.TextField(_("används av"), blank=True, help_text=_("Sidor som ger adressen."))

    class Meta:
        verbose_name = _("länkkontroll")
        verbose_name_plural = _("länkkontroller")
        ordering = ["result", "url"]

    def __str__(self):
        return self.url
