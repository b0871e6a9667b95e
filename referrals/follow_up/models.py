"""Referrals and their follow-up: where a contact was referred, the milestones on
the way (received, accepted, first talk, closed …), support sessions, where
staff work, and the notifications that tell the people involved."""

from django.conf import settings
from django.db import models
from django.db.models import JSONField, Value
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guidance.models import (
    District,
    InternalProvider,
    Service,
)
from referrals.intake.models import Consent, Contact

StrOrPromise = str | Promise

# What ``Referral.destination_name`` reads: the relations to follow and the columns, for
# a list that shows where referrals went without reading those rows in full.
DESTINATION_RELATIONS = ("provider", "receiving_district", "service__organisation")
DESTINATION_FIELDS = (
    "other_name",
    "provider__name",
    "receiving_district__name",
    "service__name",
    "service__organisation__name",
)


def _milestone_by():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


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
        WITHDRAWN = "withdrawn", _("Återkallad av avsändaren")

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
    # Corrections: the sender withdraws a referral not yet accepted.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = _milestone_by()
    withdrawal_reason = models.TextField(
        _("skäl för återkallelsen"), blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("hänvisning")
        verbose_name_plural = _("hänvisningar")
        ordering = ["reference"]
        permissions = [
            ("receive_referrals", _("Kan ta emot och följa upp hänvisningar")),
            ("view_statistics", _("Kan se statistik")),
        ]
        indexes = [
            models.Index(fields=["provider", "receiving_district", "status"]),
            # The inbox reads a unit's open referrals (every status but lifecycle.FINISHED,
            # which imports this module), and a unit's finished referrals only grow.
            models.Index(
                fields=["provider", "receiving_district"],
                condition=~models.Q(status__in=["declined", "forwarded", "closed", "withdrawn"]),
                name="referral_open_by_unit",
            ),
            # A caseworker's external referrals still waiting for an outcome (the
            # worklist, selectors.external_without_outcome): few of their referrals.
            models.Index(
                fields=["contact"],
                condition=models.Q(provider__isnull=True, external_outcome=""),
                name="referral_external_waiting",
            ),
        ]
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
        """Where the referral went; reads ``DESTINATION_FIELDS`` and nothing else."""
        if self.provider is not None:
            where = self.receiving_district
            district = f" ({where.name})" if where is not None else ""
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


MESSAGE_LENGTH = 300


class Notification(models.Model):
    """A message in the portal: a referral the user sent was accepted, declined, closed…

    A notification stores what happened (``kind``) and the facts it names
    (``params``); its text (``text``) is rendered from the kind's whole sentence
    in ``SENTENCES`` when shown, in the reader's language. ``message`` keeps the
    text as first rendered: what a notification of kind ``TEXT`` says (rows from
    before kinds, and free text), and the fallback when ``params`` no longer
    render.
    """

    class Kind(models.TextChoices):
        TEXT = "text", _("Fritext")
        NEW_REFERRAL = "new_referral", _("Ny hänvisning")
        FORWARDED_REFERRAL = "forwarded_referral", _("Ny vidarebefordrad hänvisning")
        REFERRAL_ACCEPTED = "referral_accepted", _("Hänvisningen är accepterad")
        REFERRAL_DECLINED = "referral_declined", _("Hänvisningen är avböjd")
        REFERRAL_FORWARDED = "referral_forwarded", _("Hänvisningen är vidarebefordrad")
        REFERRAL_CLOSED = "referral_closed", _("Hänvisningen är avslutad")
        SESSION_CONCERNS = "session_concerns", _("Oro att lyfta")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("Samtycke återkallat")
        REFERRAL_WITHDRAWN = "referral_withdrawn", _("Hänvisningen är återkallad")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="notifications", null=True
    )
    kind = models.CharField(max_length=30, choices=Kind, default=Kind.TEXT, db_default=Kind.TEXT)
    params = models.JSONField(default=dict, blank=True, db_default=Value({}, JSONField()))
    message = models.CharField(max_length=MESSAGE_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        """The kind's sentence with its ``params``; ``message`` for ``TEXT`` or
        when the params do not fit the sentence."""
        sentence = SENTENCES.get(self.kind)
        if sentence is None:
            return self.message
        try:
            return str(sentence) % _named(self.params)
        except (KeyError, TypeError, ValueError):
            return self.message


# One whole sentence per kind, with named placeholders; ``reference`` is the
# referral's reference, ``destination`` where it was sent, ``purpose`` the code
# of the withdrawn consent's purpose (named in the reader's language).
SENTENCES: dict[str, StrOrPromise] = {
    Notification.Kind.NEW_REFERRAL: _("Ny hänvisning %(reference)s"),
    Notification.Kind.FORWARDED_REFERRAL: _("Ny hänvisning %(reference)s (vidarebefordrad)"),
    Notification.Kind.REFERRAL_ACCEPTED: _("%(reference)s (%(destination)s): accepterad"),
    Notification.Kind.REFERRAL_DECLINED: _("%(reference)s (%(destination)s): avböjd"),
    Notification.Kind.REFERRAL_FORWARDED: _("%(reference)s (%(destination)s): vidarebefordrad"),
    Notification.Kind.REFERRAL_CLOSED: _("%(reference)s (%(destination)s): avslutad"),
    Notification.Kind.SESSION_CONCERNS: _(
        "%(reference)s: anhörigkonsulenten vill lyfta en oro med dig"
    ),
    Notification.Kind.CONSENT_WITHDRAWN: _("%(reference)s: samtycke återkallat (%(purpose)s)"),
    Notification.Kind.REFERRAL_WITHDRAWN: _(
        "%(reference)s: handläggaren har återkallat hänvisningen (%(reason)s)"
    ),
}


def _named(params: dict) -> dict:
    """``params`` as the sentences name them: a consent's purpose by its label."""
    if not isinstance(params, dict):
        raise TypeError("params is not a mapping")
    if "purpose" not in params:
        return params
    return {**params, "purpose": Consent.Purpose(params["purpose"]).label.lower()}
