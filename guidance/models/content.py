"""The city's stödmaterial as structured content: law, target groups, entry
routes, forms of support, providers, methods, themes and good practice.

Every item is a ``GuidanceItem`` (see ``guidance.models.base``).
"""

from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guidance.models.base import GuidanceItem
from guidance.models.districts import District


class LegalReference(GuidanceItem):
    """A paragraph of law the guidance rests on; data an administrator corrects."""

    law = models.CharField(_("lag"), max_length=200, help_text=_("T.ex. Socialtjänstlagen"))
    abbreviation = models.CharField(_("förkortning"), max_length=20, blank=True)
    sfs_number = models.CharField(_("SFS-nummer"), max_length=20, help_text=_("T.ex. 2001:453"))
    chapter = models.CharField(_("kapitel"), max_length=10, blank=True)
    section = models.CharField(_("paragraf"), max_length=10, blank=True)
    title = models.CharField(_("rubrik"), max_length=300)
    summary = models.TextField(_("innebörd"), blank=True)
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_until = models.DateField(_("gäller till"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("ersatt av"),
    )
    verified = models.BooleanField(
        _("kontrollerad mot gällande lag"),
        default=False,
        help_text=_("Kryssa i först när hänvisningen är kontrollerad mot lagtexten som gäller nu."),
    )
    note = models.TextField(_("anmärkning"), blank=True)
    paragraph_source_url = models.URLField(
        _("källa till kapitel och paragraf"),
        blank=True,
        max_length=500,
        help_text=_(
            "Den offentliga källa som anger var bestämmelsen finns i lagen. "
            "Kryssa i ”kontrollerad” först när lagtexten själv är läst."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lagrum")
        verbose_name_plural = _("lagrum")
        # Rules in force (no end date) first, on SQLite and PostgreSQL alike.
        ordering = [
            F("valid_until").desc(nulls_first=True),
            "sfs_number",
            "chapter",
            "section",
            "key",
        ]

    def __str__(self):
        return self.citation

    def get_absolute_url(self):
        return reverse("guidance:legal_reference_list") + f"#{self.key}"

    @property
    def citation(self) -> str:
        place = " ".join(
            part
            for part in (
                f"{self.chapter} kap." if self.chapter else "",
                f"{self.section} §" if self.section else "",
            )
            if part
        )
        law = f"{self.law} ({self.sfs_number})"
        return f"{place} {law}".strip()


class TargetGroup(GuidanceItem):
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("kort namn"), max_length=60)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    summary = models.TextField(_("sammanfattning"))
    who_belongs = models.TextField(_("vem hör till målgruppen"))
    typical_situations = models.TextField(_("typiska situationer"))
    needs = models.TextField(_("behov"))
    things_to_consider = models.TextField(_("att tänka på"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("målgrupp")
        verbose_name_plural = _("målgrupper")
        ordering = ["order", "name"]
        permissions = [("browse_guidance", _("Kan läsa vägledningen"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("guidance:target_group_detail", args=[self.key])


class EntryRoute(GuidanceItem):
    """How the contact with the relative arose (Ingången till socialtjänsten)."""

    name = models.CharField(_("namn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    summary = models.TextField(_("sammanfattning"))
    first_steps = models.TextField(_("detta gör handläggaren först"))
    consent_required = models.BooleanField(
        _("samtycke krävs innan den anhöriga kontaktas"), default=False
    )
    consent_note = models.TextField(_("om samtycke"), blank=True)
    legal_references = models.ManyToManyField(LegalReference, blank=True, verbose_name=_("lagrum"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ingång till socialtjänsten")
        verbose_name_plural = _("ingångar till socialtjänsten")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("guidance:entry_route_detail", args=[self.key])


class SupportForm(GuidanceItem):
    """A form of support: crisis support, advice and support, an assessed intervention…"""

    class Kind(models.TextChoices):
        CRISIS = "crisis", _("Krisstöd")
        ADVICE = "advice", _("Råd och stöd")
        ASSESSED = "assessed", _("Biståndsbedömd insats")
        PRACTICAL = "practical", _("Praktiskt stöd")
        HEALTH_CARE = "health_care", _("Hälso- och sjukvård")
        PROTECTION = "protection", _("Skydd vid hot")
        EXTERNAL = "external", _("Externt stöd")

    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    summary = models.TextField(_("sammanfattning"))
    body = models.TextField(_("vägledning"))
    when_to_use = models.TextField(_("när"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="support_forms", verbose_name=_("målgrupper")
    )
    legal_references = models.ManyToManyField(LegalReference, blank=True, verbose_name=_("lagrum"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("stödform")
        verbose_name_plural = _("stödformer")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("guidance:support_form_detail", args=[self.key])


class InternalProvider(GuidanceItem):
    """A function inside social services that gives support to relatives."""

    name = models.CharField(_("namn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    summary = models.TextField(_("sammanfattning"))
    body = models.TextField(_("vad den gör"))
    city_wide = models.BooleanField(
        _("stadsövergripande"), default=False, help_text=_("Finns för hela staden, inte per SDF.")
    )
    requires_sig = models.BooleanField(_("finns bara där SIG finns"), default=False)
    serves_children = models.BooleanField(
        _("tar emot barn och unga"),
        default=False,
        help_text=_(
            "Ger stöd till barn och unga. Hänvisningar hit räknas i statistiken som "
            "hänvisningar till stöd som tar emot barn."
        ),
    )
    support_forms = models.ManyToManyField(
        SupportForm, blank=True, related_name="providers", verbose_name=_("stödformer")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="providers", verbose_name=_("målgrupper")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("intern stödgivare")
        verbose_name_plural = _("interna stödgivare")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("guidance:provider_detail", args=[self.key])


class Method(GuidanceItem):
    """A method or approach: MI, CRAFT, BRA-samtal, ORS, low-arousal…"""

    name = models.CharField(_("namn"), max_length=200)
    abbreviation = models.CharField(_("förkortning"), max_length=30, blank=True)
    summary = models.TextField(_("sammanfattning"))
    body = models.TextField(_("så används den"))
    for_children = models.BooleanField(_("för barn som anhöriga"), default=False)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="methods", verbose_name=_("målgrupper")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("metod")
        verbose_name_plural = _("metoder och förhållningssätt")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})" if self.abbreviation else self.name

    def get_absolute_url(self):
        return reverse("guidance:method_detail", args=[self.key])


class Topic(GuidanceItem):
    """A theme page: secrecy and consent, children as relatives, protection…"""

    class Category(models.TextChoices):
        SECRECY = "secrecy", _("Sekretess och samtycke")
        CHILDREN = "children", _("Barn som anhöriga")
        PROTECTION = "protection", _("Hot och skydd")
        APPROACH = "approach", _("Att tänka på")
        EQUALITY = "equality", _("Jämställdhet")
        ORGANISATION = "organisation", _("Organisation och ansvar")

    title = models.CharField(_("rubrik"), max_length=200)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    summary = models.TextField(_("sammanfattning"))
    body = models.TextField(_("vägledning"))
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="topics", verbose_name=_("målgrupper")
    )
    legal_references = models.ManyToManyField(LegalReference, blank=True, verbose_name=_("lagrum"))
    methods = models.ManyToManyField(Method, blank=True, verbose_name=_("metoder"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("teman")
        ordering = ["category", "order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guidance:topic_detail", args=[self.key])


class GoodPractice(GuidanceItem):
    """A good practice example from a district or another organisation."""

    title = models.CharField(_("rubrik"), max_length=200)
    organisation = models.CharField(_("förvaltning eller organisation"), max_length=200)
    districts = models.ManyToManyField(
        District,
        blank=True,
        related_name="good_practices",
        verbose_name=_("stadsdelsförvaltningar"),
        help_text=_("Förvaltningarna som källan tillskriver exemplet."),
    )
    summary = models.TextField(_("sammanfattning"))
    body = models.TextField(_("så arbetar de"))
    success_factors = models.TextField(_("det som gjorde att det fungerade"), blank=True)
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="good_practices", verbose_name=_("målgrupper")
    )
    methods = models.ManyToManyField(
        Method, blank=True, related_name="good_practices", verbose_name=_("metoder")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gott exempel")
        verbose_name_plural = _("goda exempel")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guidance:good_practice_detail", args=[self.key])

