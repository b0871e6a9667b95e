"""The districts: how to reach them, and their own routines.

Routines are data an administrator edits, with history: Rinkeby-Kista's,
Spånga-Tensta's and Skärholmen's come from the seed documents, and a city
default built only from what the seeds describe covers the districts without
one. The outreach plan after a shooting is made from them.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guidance.models.base import GuidanceItem, KeyedManager
from guidance.validators import validate_phone


class District(GuidanceItem):
    """One of Stockholm's 13 district administrations (stadsdelsförvaltningar)."""

    name = models.CharField(_("namn"), max_length=100)
    has_sig = models.BooleanField(_("har sociala insatsgrupper (SIG)"), default=False)
    sig_provided_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sig_customers",
        verbose_name=_("köper SIG av"),
        help_text=_("För en förvaltning utan egen SIG: den förvaltning som säljer tjänsten."),
    )
    summary = models.TextField(_("om förvaltningen"), blank=True)
    relative_support = models.TextField(_("anhörigstöd i förvaltningen"), blank=True)
    reception_name = models.CharField(
        _("mottagning"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. Mottagningsenheten för vuxna eller kontaktcenter."),
    )
    reception_phone = models.CharField(
        _("telefon till mottagningen"), max_length=40, blank=True, validators=[validate_phone]
    )
    mailbox = models.EmailField(_("funktionsbrevlåda"), blank=True)
    address = models.CharField(_("besöksadress"), max_length=200, blank=True)
    relative_consultant_contact = models.CharField(
        _("anhörigkonsulent, kontakt"),
        max_length=200,
        blank=True,
        help_text=_("Namn eller funktion och telefon eller e-post."),
    )
    contact_details_source = models.CharField(
        _("varifrån kontaktuppgifterna kommer"),
        max_length=300,
        blank=True,
        help_text=_("T.ex. stadens webbplats, kontrollerad av … Lämna tomt om uppgiften saknas."),
    )
    contact_verified_at = models.DateField(
        _("kontaktuppgifterna kontrollerade"), null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stadsdelsförvaltning")
        verbose_name_plural = _("stadsdelsförvaltningar")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("guidance:district_detail", args=[self.key])


class LocalRoutine(GuidanceItem):
    """A district's own routine, for example for outreach after a shooting.

    A routine without a district is the city's default: built only from what
    the seed documents describe, for districts that have none of their own.
    """

    class AppliesWhen(models.TextChoices):
        SERIOUS_VIOLENCE = "serious_violence", _("Efter skjutning eller dödligt våld")
        THREATS = "threats", _("När anhöriga hotas")
        OTHER = "other", _("Annat")

    name = models.CharField(_("namn"), max_length=200)
    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routines",
        verbose_name=_("stadsdelsförvaltning"),
        help_text=_("Lämna tomt för stadens standardrutin."),
    )
    applies_when = models.CharField(
        _("gäller när"),
        max_length=30,
        choices=AppliesWhen.choices,
        default=AppliesWhen.SERIOUS_VIOLENCE,
    )
    summary = models.TextField(_("sammanfattning"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lokal rutin")
        verbose_name_plural = _("lokala rutiner")
        ordering = ["district__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["applies_when"],
                condition=models.Q(district__isnull=True),
                name="one_city_default_routine_per_situation",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_city_default(self) -> bool:
        return self.district_id is None

    def get_absolute_url(self):
        if self.district_id is None:
            return reverse("guidance:district_list") + f"#{self.key}"
        return reverse("guidance:district_detail", args=[self.district.key]) + f"#{self.key}"


class RoutineStep(models.Model):
    """One step of a routine: what is done, by whom, within how many days."""

    key = models.SlugField(_("nyckel"), max_length=80, unique=True)
    routine = models.ForeignKey(
        LocalRoutine, on_delete=models.CASCADE, related_name="steps", verbose_name=_("rutin")
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    action = models.TextField(_("vad"))
    responsible = models.CharField(_("vem"), max_length=200)
    within_days = models.PositiveSmallIntegerField(
        _("inom antal dagar"),
        null=True,
        blank=True,
        help_text=_("Räknat från händelsen. Lämna tomt om källan inte anger en tid."),
    )

    objects = KeyedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steg i rutinen")
        verbose_name_plural = _("steg i rutinen")
        ordering = ["routine", "order"]

    def __str__(self):
        return f"{self.order}. {self.action[:60]}"

    def natural_key(self):
        return (self.key,)
