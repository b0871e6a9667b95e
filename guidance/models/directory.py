"""The external support directory, after Open Referral HSDS: organisations, the
services they offer, and the languages they are offered in."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guidance.models.base import Fact, GuidanceItem
from guidance.models.content import TargetGroup
from guidance.models.districts import District
from guidance.validators import (
    DESCRIPTION_MAX_CHARS,
    MAXIMUM_AGE,
    SHORT_TEXT_MAX_CHARS,
    age_range_error,
    max_chars,
    validate_phone,
    validate_web_url,
)


class LanguageManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Language(models.Model):
    code = models.SlugField(_("kod"), max_length=12, unique=True)
    name = models.CharField(_("namn"), max_length=60)

    objects = LanguageManager()

    class Meta:
        verbose_name = _("språk")
        verbose_name_plural = _("språk")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class Organisation(GuidanceItem):
    """An organisation in the external support directory (Open Referral: organization)."""

    class Category(models.TextChoices):
        CIVIL_SOCIETY = "civil_society", _("Civilsamhället")
        HEALTH_CARE = "health_care", _("Hälso- och sjukvård")
        AUTHORITY = "authority", _("Myndighet")
        HELPLINE = "helpline", _("Stödlinje och jour")
        MUNICIPALITY = "municipality", _("Kommun")

    name = models.CharField(_("namn"), max_length=200)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    description = models.TextField(_("beskrivning"), validators=[max_chars(DESCRIPTION_MAX_CHARS)])
    website = models.URLField(_("webbadress"), blank=True, validators=[validate_web_url])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("guidance:organisation_detail", args=[self.key])


class Service(GuidanceItem):
    """One service an organisation offers relatives (Open Referral: service)."""

    class Access(models.TextChoices):
        SELF_REFERRAL = "self_referral", _("Den anhöriga tar själv kontakt")
        REFERRAL_NEEDED = "referral_needed", _("Kräver remiss eller hänvisning")
        BOTH = "both", _("Egen kontakt eller hänvisning")
        UNKNOWN = "unknown", _("Uppgift saknas – läs på webbplatsen eller ring")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktiv")
        TEMPORARILY_CLOSED = "temporarily_closed", _("Tillfälligt stängd")
        CLOSED = "closed", _("Nedlagd")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), validators=[max_chars(DESCRIPTION_MAX_CHARS)])
    who_it_helps = models.TextField(
        _("vem tjänsten hjälper"), validators=[max_chars(SHORT_TEXT_MAX_CHARS)]
    )
    eligibility = models.TextField(
        _("villkor"), blank=True, validators=[max_chars(SHORT_TEXT_MAX_CHARS)]
    )
    serves_children = models.BooleanField(_("tar emot barn"), default=False)
    minimum_age = models.PositiveSmallIntegerField(
        _("lägsta ålder"), null=True, blank=True, validators=[MaxValueValidator(MAXIMUM_AGE)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("högsta ålder"), null=True, blank=True, validators=[MaxValueValidator(MAXIMUM_AGE)]
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="services", verbose_name=_("målgrupper")
    )
    languages = models.ManyToManyField(Language, blank=True, verbose_name=_("språk"))
    districts = models.ManyToManyField(
        District,
        blank=True,
        related_name="services",
        verbose_name=_("stadsdelsförvaltningar"),
        help_text=_("Lämna tomt om tjänsten når hela staden."),
    )
    url = models.URLField(_("webbadress"), blank=True, validators=[validate_web_url])
    phone = models.CharField(
        _("telefon"),
        max_length=40,
        blank=True,
        validators=[validate_phone],
        help_text=_("T.ex. 08-508 25 000 eller 112 (be om jourhavande präst)."),
    )
    email = models.EmailField(_("e-post"), blank=True)
    opening_hours = models.CharField(_("öppettider"), max_length=200, blank=True)
    access = models.CharField(
        _("så tar man kontakt"), max_length=20, choices=Access.choices, default=Access.UNKNOWN
    )
    anonymous_possible = models.CharField(
        _("går att vara anonym"),
        max_length=10,
        choices=Fact.choices,
        default=Fact.UNKNOWN,
        help_text=_("Välj Ja eller Nej bara när källan eller tjänsten själv säger det."),
    )
    contact_details_source = models.CharField(
        _("varifrån kontaktuppgifterna kommer"),
        max_length=300,
        blank=True,
        help_text=_(
            "T.ex. ”Stödmaterialet 2021” eller ”allmänt känt nationellt nummer, ej kontrollerat”."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    last_verified_at = models.DateField(_("senast kontrollerad"), null=True, blank=True)
    last_verified_by = models.CharField(_("kontrollerad av"), max_length=200, blank=True)
    todo_note = models.TextField(
        _("att göra"),
        blank=True,
        help_text=_("Anteckningar om vad som återstår att kontrollera eller ändra."),
    )
    # Closure (guidance.closure): when and why the service closed, and for a
    # temporary closure when it is expected to open again.
    closed_on = models.DateField(_("stängd från"), null=True, blank=True)
    closure_reason = models.CharField(_("skäl till stängningen"), max_length=300, blank=True)
    reopens_on = models.DateField(_("väntas öppna igen"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stödtjänst")
        verbose_name_plural = _("stödtjänster (externt anhörigstöd)")
        ordering = ["organisation__name", "name"]

    def __str__(self):
        return f"{self.organisation.name}: {self.name}"

    def get_absolute_url(self):
        return reverse("guidance:organisation_detail", args=[self.organisation.key]) + (
            f"#{self.key}"
        )

    @property
    def has_contact_route(self) -> bool:
        return bool(self.url or self.phone or self.email)

    def clean(self):
        """The age range reads forwards ("50–10 år" is refused), and a closure has
        its date and reason (``guidance.closure`` fills in the date, checks the rest)."""
        super().clean()
        from guidance import closure  # imports these models, so not at the top

        closure.prepare(self)
        found = dict(closure.errors(self))
        if error := age_range_error(self.minimum_age, self.maximum_age):
            found["minimum_age"] = error
        if found:
            raise ValidationError(found)
