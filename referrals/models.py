"""A relative's contact with social services and the referrals it leads to.

A caseworker walks the guided path over a ``Draft`` (answers stored in the
database at every step). Submitting turns the draft into a ``Contact`` with
its ``Consent`` rows, an optional ``DisclosureDecision`` and
``ChildConcernReport``, and one ``Referral`` per chosen destination, all in
one transaction (see ``referrals.services.submit_draft``).

The relative may stay anonymous: a pseudonym or nothing. A personal identity
number is stored only with a recorded reason.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guidance.models import (
    District,
    EntryRoute,
    InternalProvider,
    Language,
    LegalReference,
    Service,
    TargetGroup,
)


class Relation(models.TextChoices):
    PARENT = "parent", _("Förälder")
    SIBLING = "sibling", _("Syskon")
    CHILD = "child", _("Barn")
    PARTNER = "partner", _("Partner eller make/maka")
    GRANDPARENT = "grandparent", _("Mor- eller farförälder")
    OTHER_FAMILY = "other_family", _("Annan släkting")
    FRIEND = "friend", _("Vän eller annan närstående")


class AgeGroup(models.TextChoices):
    UNDER_13 = "0-12", _("Under 13 år")
    AGE_13_17 = "13-17", _("13–17 år")
    AGE_18_25 = "18-25", _("18–25 år")
    AGE_26_44 = "26-44", _("26–44 år")
    AGE_45_64 = "45-64", _("45–64 år")
    AGE_65_UP = "65-", _("65 år eller äldre")
    UNKNOWN = "unknown", _("Vet inte")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Kvinna")
    MAN = "man", _("Man")
    OTHER = "other", _("Annat")
    NOT_STATED = "not_stated", _("Vill inte ange / inte frågat")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Telefon")
    SMS = "sms", _("Sms")
    LETTER = "letter", _("Brev")
    MEETING = "meeting", _("Möte på kontoret")
    HOME_VISIT = "home_visit", _("Hembesök")
    THROUGH_OTHER = "through_other", _("Via annan person")


class Need(models.TextChoices):
    CRISIS = "crisis", _("Krisstöd nu")
    ADVICE = "advice", _("Råd och stöd (samtal)")
    ASSESSED = "assessed", _("Ansökan om biståndsbedömd insats")
    PRACTICAL = "practical", _("Praktiska frågor")
    HEALTH_CARE = "health_care", _("Hälso- och sjukvård")
    GROUP = "group", _("Gruppstöd")
    PARENTING = "parenting", _("Föräldraskapsstöd")


class PracticalMatter(models.TextChoices):
    SKATTEVERKET = "skatteverket", _("Skatteverket")
    FORSAKRINGSKASSAN = "forsakringskassan", _("Försäkringskassan")
    INSURANCE = "insurance", _("Försäkringsbolag")
    FUNERAL = "funeral", _("Begravningsbyrå")


def _milestone_by():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


class Draft(models.Model):
    """An unfinished contact: the guided path's answers, saved at every step.

    ``revision`` grows with every save; a step posted with an older revision
    (another tab saved in between) is refused rather than overwriting.
    ``start_token`` makes starting idempotent, ``contact`` makes submitting so.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    start_token = models.UUIDField(unique=True)
    answers = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(default=0)
    path_version = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    contact = models.OneToOneField(
        "Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="draft"
    )

    class Meta:
        verbose_name = _("utkast")
        verbose_name_plural = _("utkast")
        ordering = ["-updated_at"]

    def __str__(self):
        return f"Utkast {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("referrals:draft_resume", args=[self.pk])


class Contact(models.Model):
    """A submitted contact with a relative."""

    reference = models.CharField(_("referensnummer"), max_length=20, unique=True)
    source_draft = models.UUIDField(unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contacts",
        verbose_name=_("handläggare"),
    )
    created_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    path_version = models.CharField(_("version av vägen"), max_length=20)
    guidance_version = models.CharField(_("version av vägledningen"), max_length=40)

    # First contact
    contact_date = models.DateField(_("datum för kontakten"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, verbose_name=_("stadsdelsförvaltning")
    )
    entry_route = models.ForeignKey(EntryRoute, on_delete=models.PROTECT, verbose_name=_("ingång"))
    is_known_to_service = models.BooleanField(_("den närstående är aktuell"))
    person_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handläggare för den närstående"),
    )

    # The relative: as little as the work needs
    pseudonym = models.CharField(_("namn eller pseudonym"), max_length=100, blank=True)
    personal_identity_number = models.CharField(_("personnummer"), max_length=13, blank=True)
    personal_identity_number_reason = models.TextField(_("skäl för personnummer"), blank=True)
    relation = models.CharField(_("relation till den närstående"), max_length=20, choices=Relation)
    age_group = models.CharField(_("åldersgrupp"), max_length=10, choices=AgeGroup)
    gender = models.CharField(_("kön"), max_length=12, choices=Gender, blank=True)
    language = models.ForeignKey(
        Language, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("språk")
    )
    interpreter_needed = models.BooleanField(_("behöver tolk"), default=False)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("målgrupper"))
    contact_channel = models.CharField(_("säker kontaktväg"), max_length=20, choices=ContactChannel)
    contact_times = models.CharField(_("när kontakt går bra"), max_length=200, blank=True)
    contact_avoid = models.TextField(_("detta måste undvikas"), blank=True)

    # Children, threats, needs
    children_in_household = models.BooleanField(_("barn i hushållet"), default=False)
    relative_is_child = models.BooleanField(_("den anhöriga är ett barn"), default=False)
    child_at_risk = models.BooleanField(_("oro för att ett barn far illa"), default=False)
    threatened = models.BooleanField(_("den anhöriga är hotad"), default=False)
    police_report = models.CharField(_("polisanmälan"), max_length=20, blank=True)
    risk_analysis_requested = models.BooleanField(_("riskanalys begärd"), default=False)
    needs = models.JSONField(_("behov"), default=list)
    practical_matters = models.JSONField(_("praktiska frågor"), default=list)
    needs_note = models.TextField(_("övrigt om behoven"), blank=True)
    anonymised_at = models.DateTimeField(_("avidentifierad"), null=True, blank=True)

    class Meta:
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        ordering = ["-created_at"]
        permissions = [("walk_guided_path", _("Kan registrera kontakter via den guidade vägen"))]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("referrals:contact_detail", args=[self.reference])

    @property
    def relative_label(self) -> str:
        return self.pseudonym or _("Anonym anhörig")

    @property
    def need_labels(self) -> list[str]:
        return [Need(need).label for need in self.needs if need in Need.values]

    @property
    def police_report_label(self) -> str:
        return {
            "made": _("gjord"),
            "declined": _("den anhöriga vill inte anmäla"),
        }.get(self.police_report, _("inte aktuell"))


class Consent(models.Model):
    """Who consented to what, when and how. Ended, never deleted."""

    class Purpose(models.TextChoices):
        CONTACT_RELATIVE = "contact_relative", _("Att socialtjänsten kontaktar den anhöriga")
        SHARE_WITH_RELATIVE = (
            "share_with_relative",
            _("Att uppgifter om den närstående lämnas till den anhöriga"),
        )

    class Method(models.TextChoices):
        ORAL = "oral", _("Muntligt")
        WRITTEN = "written", _("Skriftligt")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("samtycke till"), max_length=30, choices=Purpose)
    given_by = models.CharField(_("vem gav samtycket"), max_length=100)
    scope = models.TextField(_("omfattning"))
    given_on = models.DateField(_("datum"))
    method = models.CharField(_("hur"), max_length=10, choices=Method)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("återkallat"), null=True, blank=True)
    withdrawal_scope = models.TextField(_("vad återkallelsen gäller"), blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")

    def __str__(self):
        return f"{self.get_purpose_display()} ({self.given_on})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None


class DisclosureDecision(models.Model):
    """The confidentiality checkpoint: what may be shared with the relative, and why."""

    class Ground(models.TextChoices):
        PERSON_CONSENT = "person_consent", _("Den myndiga närståendes samtycke")
        OTHER = "other", _("Annan sekretessbrytande grund")

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="disclosure")
    nothing_shared = models.BooleanField(_("inget om den närstående lämnas ut"))
    ground = models.CharField(
        _("sekretessbrytande grund"), max_length=20, choices=Ground, blank=True
    )
    ground_detail = models.TextField(_("grunden i detalj"), blank=True)
    scope = models.TextField(_("vad som får lämnas ut"), blank=True)
    legal_reference = models.ForeignKey(
        LegalReference, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("lagrum")
    )

    class Meta:
        verbose_name = _("sekretessbeslut")
        verbose_name_plural = _("sekretessbeslut")

    def __str__(self):
        return str(_("Inget lämnas ut")) if self.nothing_shared else self.get_ground_display()


class ChildConcernReport(models.Model):
    """A report of concern for a child (orosanmälan) recorded as made."""

    contact = models.OneToOneField(
        Contact, on_delete=models.CASCADE, related_name="child_concern_report"
    )
    made_on = models.DateField(_("anmälan gjord"))
    made_to = models.CharField(_("till"), max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("orosanmälan")
        verbose_name_plural = _("orosanmälningar")

    def __str__(self):
        return f"{self.made_on}: {self.made_to}"


class Referral(models.Model):
    """A referral to an internal provider, an external service or another destination.

    Every milestone keeps who and when as an ``*_at``/``*_by`` pair, so the
    statistics need no guessing; ``status`` is where the referral stands now,
    moved only by ``referrals.lifecycle``. ``version`` grows with every change,
    so two people changing it at once are told instead of overwritten.
    """

    class Status(models.TextChoices):
        SENT = "sent", _("Skickad")
        RECEIVED = "received", _("Mottagen")
        ACCEPTED = "accepted", _("Accepterad")
        DECLINED = "declined", _("Avböjd")
        FORWARDED = "forwarded", _("Vidarebefordrad")
        FIRST_TALK_BOOKED = "first_talk_booked", _("Första samtal bokat")
        IN_PROGRESS = "in_progress", _("Pågår")
        CLOSED = "closed", _("Avslutad")

    class DeclineReason(models.TextChoices):
        UNREACHABLE = "unreachable", _("Gick inte att nå den anhöriga")
        NO_CAPACITY = "no_capacity", _("Ingen kapacitet")
        NOT_TARGET_GROUP = "not_target_group", _("Inte i målgruppen")
        REFERRED_ELSEWHERE = "referred_elsewhere", _("Hänvisad till annan verksamhet")
        NO_LONGER_WANTED = "no_longer_wanted", _("Den anhöriga vill inte längre ha stöd")
        CONFLICT_OF_INTEREST = "conflict_of_interest", _("Jäv eller intressekonflikt")

    class Outcome(models.TextChoices):
        NEEDS_MET = "needs_met", _("Den anhöriga fick det stöd som behövdes")
        PARTLY_MET = "partly_met", _("Behoven delvis tillgodosedda")
        REFERRED_ON = "referred_on", _("Hänvisad vidare till annat stöd")
        ENDED_BY_RELATIVE = "ended_by_relative", _("Den anhöriga avslutade")
        CONTACT_LOST = "contact_lost", _("Kontakten upphörde")

    class ExternalOutcome(models.TextChoices):
        GOT_HELP = "got_help", _("Den anhöriga fick hjälp")
        COULD_NOT_CONTACT = "could_not_contact", _("Den anhöriga fick inte kontakt")
        NO_CAPACITY = "no_capacity", _("Verksamheten hade inte plats")
        NOT_ELIGIBLE = "not_eligible", _("Den anhöriga uppfyllde inte villkoren")
        REFERRED_ELSEWHERE = "referred_elsewhere", _("Hänvisad vidare")
        NO_LONGER_INTERESTED = "no_longer_interested", _("Den anhöriga ville inte längre")

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="referrals")
    reference = models.CharField(_("referensnummer"), max_length=24, unique=True)
    provider = models.ForeignKey(
        InternalProvider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("intern stödgivare"),
    )
    receiving_district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_referrals",
        verbose_name=_("mottagande förvaltning"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("externt stöd")
    )
    other_name = models.CharField(_("annan mottagare"), max_length=200, blank=True)
    other_contact = models.CharField(_("kontaktuppgifter"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.SENT, db_index=True
    )
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    received_at = models.DateTimeField(null=True, blank=True)
    received_by = _milestone_by()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = _milestone_by()
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = _milestone_by()
    decline_reason = models.CharField(_("skäl"), max_length=30, choices=DeclineReason, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    forwarded_by = _milestone_by()
    forwarded_to = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="forwarded_from"
    )
    first_talk_booked_at = models.DateTimeField(null=True, blank=True)
    first_talk_booked_by = _milestone_by()
    first_talk_on = models.DateField(_("första samtalet"), null=True, blank=True)
    in_progress_at = models.DateTimeField(null=True, blank=True)
    in_progress_by = _milestone_by()
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = _milestone_by()
    outcome = models.CharField(_("utfall"), max_length=30, choices=Outcome, blank=True)
    external_outcome = models.CharField(
        _("utfall hos extern mottagare"), max_length=30, choices=ExternalOutcome, blank=True
    )
    external_outcome_at = models.DateTimeField(null=True, blank=True)
    external_outcome_by = _milestone_by()

    class Meta:
        verbose_name = _("hänvisning")
        verbose_name_plural = _("hänvisningar")
        ordering = ["reference"]
        permissions = [
            ("receive_referrals", _("Kan ta emot och följa upp hänvisningar")),
            ("view_statistics", _("Kan se statistik")),
        ]
        indexes = [models.Index(fields=["provider", "receiving_district", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(provider__isnull=False, service__isnull=True, other_name="")
                    | models.Q(provider__isnull=True, service__isnull=False, other_name="")
                    | (
                        models.Q(provider__isnull=True, service__isnull=True)
                        & ~models.Q(other_name="")
                    )
                ),
                name="referral_has_exactly_one_destination",
            )
        ]

    def __str__(self):
        return f"{self.reference}: {self.destination_name}"

    def get_absolute_url(self):
        return reverse("referrals:referral_detail", args=[self.reference])

    @property
    def is_internal(self) -> bool:
        return self.provider_id is not None

    @property
    def destination_name(self) -> str:
        if self.provider_id:
            district = f" ({self.receiving_district.name})" if self.receiving_district_id else ""
            return f"{self.provider.name}{district}"
        if self.service_id:
            return str(self.service)
        return self.other_name


class SupportSession(models.Model):
    """One talk or meeting given under a referral."""

    class Form(models.TextChoices):
        PHONE = "phone", _("Telefon")
        VISIT = "visit", _("Besök")
        GROUP = "group", _("Grupp")
        DIGITAL = "digital", _("Digitalt")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("datum"))
    form = models.CharField(_("form"), max_length=10, choices=Form)
    attended = models.BooleanField(_("den anhöriga deltog"), default=True)
    minutes = models.PositiveSmallIntegerField(_("längd (minuter)"), null=True, blank=True)
    ors_score = models.DecimalField(
        _("ORS (0–40)"), max_digits=3, decimal_places=1, null=True, blank=True
    )
    note = models.TextField(_("kort anteckning"), blank=True)
    concerns = models.TextField(_("att lyfta med handläggaren"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stödsamtal")
        verbose_name_plural = _("stödsamtal")
        ordering = ["held_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ors_score__isnull=True)
                | models.Q(ors_score__gte=0, ors_score__lte=40),
                name="ors_score_between_0_and_40",
            )
        ]

    def __str__(self):
        return f"{self.held_on} {self.get_form_display()}"


class StaffProfile(models.Model):
    """Where a member of staff works: the district and unit whose referrals they receive."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("stadsdelsförvaltning"),
        help_text=_("Tomt för en stadsövergripande enhet."),
    )
    provider = models.ForeignKey(
        InternalProvider,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("enhet"),
        help_text=_("Den interna stödgivare vars hänvisningar personen tar emot."),
    )

    class Meta:
        verbose_name = _("arbetsplats")
        verbose_name_plural = _("arbetsplatser")

    def __str__(self):
        return f"{self.provider or '–'}, {self.district or _('hela staden')}"


class Notification(models.Model):
    """A message in the portal: a referral the user sent was accepted, declined, closed…"""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="notifications", null=True
    )
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.message


class MonthlyFigure(models.Model):
    """One raw count behind the statistics, for one month and district: how many
    contacts, how many of them women, how many referrals closed with an outcome...

    Written only by ``referrals.rollup.compute``; never shown as it is, because
    ``referrals.statistics`` suppresses every count from 1 to 4 before it leaves.
    """

    month = models.DateField(_("månad"))  # its first day
    # None: the whole city, the sum of the districts (a city report reads 1/13 the rows).
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    figure = models.CharField(_("uppgift"), max_length=60)
    value = models.BigIntegerField(_("värde"))

    class Meta:
        verbose_name = _("månadssiffra")
        verbose_name_plural = _("månadssiffror")
        indexes = [
            # A report: one district (or the city) over a range of months.
            models.Index(fields=["district", "month"], name="figure_district_month"),
            # The district table of a city report: one figure, every district.
            models.Index(fields=["figure", "month"], name="figure_month"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.figure}"


class StatisticsRun(models.Model):
    """One computation of the monthly figures: when, by whom (nobody: the nightly job)."""

    finished_at = models.DateTimeField(_("klar"), auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("startad av"),
    )
    contacts = models.PositiveIntegerField(_("kontakter"))
    seconds = models.FloatField(_("sekunder"))

    class Meta:
        verbose_name = _("beräkning av statistiken")
        verbose_name_plural = _("beräkningar av statistiken")
        get_latest_by = "finished_at"
        ordering = ["-finished_at"]

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M}"
