"""Outreach after a shooting or lethal violence: the serious incident, the plan each
concerned district makes from its routine, the plan's tasks, and the relatives reached.

An ``Incident`` names no one: what is known is a few words, and the relatives
reached become contacts of their own (``RelativeReached.contact``) or, where there
is no conversation to record (a relative who says no at the door, one nobody
reaches), a bare outcome. Each district where relatives live gets one
``OutreachPlan``, made from its own routine or the city's default
(``referrals.outreach.services.make_plans``); the plan's tasks are copied from the
routine's steps when the plan is made, so a later edit of the routine changes no
plan already running.

Who may see or register an incident is decided in ``referrals.access``; retention
anonymises a closed incident to what the statistics count
(``referrals.outreach.retention``).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guidance.models import District, LocalRoutine, RoutineStep

# What is known, in a few words: no names are needed.
KNOWN_FACTS_LENGTH = 500
NOTE_LENGTH = 1000


class IncidentKind(models.TextChoices):
    """The same codes as a contact's ``EventKind``, without "no event"."""

    SHOOTING = "shooting", _("Skjutning")
    LETHAL_VIOLENCE = "lethal_violence", _("Dödligt våld")
    OTHER_VIOLENCE = "other_violence", _("Annat grovt våld")


def _by(related_name: str = "+", verbose_name=None):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


class Incident(models.Model):
    """A shooting, lethal violence or other serious violence that sets off outreach."""

    class Status(models.TextChoices):
        OPEN = "open", _("Pågår")
        CLOSED = "closed", _("Avslutad")

    reference = models.CharField(_("referensnummer"), max_length=20, unique=True)
    # Registering twice with the same token (a double click) gives the same incident.
    start_token = models.UUIDField(unique=True, editable=False)
    kind = models.CharField(_("vad som hänt"), max_length=20, choices=IncidentKind)
    occurred_at = models.DateTimeField(_("när det hände"))
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("stadsdelsförvaltning där det hände"),
    )
    known_facts = models.TextField(_("vad som är känt"), max_length=KNOWN_FACTS_LENGTH, blank=True)
    registered_by = _by(verbose_name=_("registrerad av"))
    registered_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True
    )
    closed_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    closed_by = _by(verbose_name=_("avslutad av"))
    closing_note = models.TextField(_("anteckning vid avslut"), max_length=NOTE_LENGTH, blank=True)
    # Set by retention: the texts and people are gone, the counts remain.
    anonymised_at = models.DateTimeField(_("avidentifierad"), null=True, blank=True)

    class Meta:
        verbose_name = _("allvarlig händelse")
        verbose_name_plural = _("allvarliga händelser")
        ordering = ["-occurred_at"]
        permissions = [
            ("follow_outreach", "Kan följa uppsökande arbete efter allvarliga händelser"),
            ("register_incident", "Kan registrera allvarliga händelser"),
        ]
        indexes = [models.Index(fields=["status", "closed_at"], name="incident_status_closed")]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("referrals:incident_detail", args=[self.reference])


class OutreachPlan(models.Model):
    """One concerned district's plan for one incident, made from its routine."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="plans", verbose_name=_("händelse")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="outreach_plans",
        verbose_name=_("stadsdelsförvaltning"),
    )
    routine = models.ForeignKey(
        LocalRoutine,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rutin"),
    )
    # As the routine was named when the plan was made: the routine may change later.
    routine_name = models.CharField(_("rutinens namn"), max_length=200)
    # The district had no routine of its own, so the city's default was used.
    without_own_routine = models.BooleanField(_("förvaltningen saknar egen rutin"))
    # Within how many days of the incident relatives are to be offered support.
    offer_within_days = models.PositiveSmallIntegerField(_("erbjud stöd inom antal dagar"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("uppsökande plan")
        verbose_name_plural = _("uppsökande planer")
        ordering = ["incident", "district__name"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "district"], name="one_plan_per_district")
        ]

    def __str__(self):
        return f"{self.incident} – {self.district}"


class OutreachTask(models.Model):
    """One thing to do in a plan: what, who owns it, by when, and whether it is done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Att göra")
        DONE = "done", _("Klar")
        NOT_APPLICABLE = "not_applicable", _("Gäller inte")

    plan = models.ForeignKey(
        OutreachPlan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan")
    )
    routine_step = models.ForeignKey(
        RoutineStep, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    action = models.TextField(_("vad"), max_length=NOTE_LENGTH)
    owner_unit = models.CharField(_("ansvarig enhet eller funktion"), max_length=200)
    owner = _by("outreach_tasks", _("ansvarig person"))
    due_at = models.DateTimeField(_("klart senast"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    done_at = models.DateTimeField(_("klar"), null=True, blank=True)
    done_by = _by(verbose_name=_("klar av"))
    not_applicable_reason = models.TextField(
        _("varför den inte gäller"), max_length=NOTE_LENGTH, blank=True
    )
    note = models.TextField(_("anteckning"), max_length=NOTE_LENGTH, blank=True)
    # Empty for a task copied from the routine.
    added_by = _by(verbose_name=_("tillagd av"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    # Grows with every change, so two people changing a task at once are told.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("uppgift")
        verbose_name_plural = _("uppgifter")
        ordering = ["plan", "order", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="task_status_due"),
            models.Index(fields=["owner", "status", "due_at"], name="task_owner_status_due"),
            # The open tasks of open incidents' plans (the incident list, the start page):
            # most of a plan's tasks are soon done or not applicable, and are not read.
            models.Index(fields=["plan"], condition=models.Q(status="open"), name="task_open_plan"),
        ]

    def __str__(self):
        return self.action[:60]


class RelativeReached(models.Model):
    """A relative the outreach reached, or tried to: the outcome, and the contact
    where there was a conversation to record."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Tackade ja till stöd")
        OFFERED = "offered", _("Erbjuden stöd, inte bestämt")
        DECLINED = "declined", _("Tackade nej")
        UNREACHABLE = "unreachable", _("Gick inte att nå")

    plan = models.ForeignKey(
        OutreachPlan,
        on_delete=models.CASCADE,
        related_name="relatives_reached",
        verbose_name=_("plan"),
    )
    outcome = models.CharField(_("utfall"), max_length=20, choices=Outcome)
    contact = models.OneToOneField(
        "referrals.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outreach",
        verbose_name=_("kontakt"),
    )
    # When support was offered, or the attempt to reach was given up.
    reached_at = models.DateTimeField(_("när"))
    recorded_by = _by(verbose_name=_("registrerad av"))
    recorded_at = models.DateTimeField(_("registrerad"), auto_now_add=True)
    # Recording twice with the same token (a double click) records once.
    start_token = models.UUIDField(unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("anhörig som nåtts")
        verbose_name_plural = _("anhöriga som nåtts")
        ordering = ["plan", "reached_at"]

    def __str__(self):
        return f"{self.plan}: {self.get_outcome_display()}"

    @property
    def offered(self) -> bool:
        return self.outcome != self.Outcome.UNREACHABLE


class IncidentRegistrar(models.Model):
    """A named person who may register incidents for a district, beyond the district's
    own caseworkers, consultants and managers: for example the head of individual and
    family care the routine names, or a city-wide unit."""

    district = models.ForeignKey(
        District,
        on_delete=models.CASCADE,
        related_name="incident_registrars",
        verbose_name=_("stadsdelsförvaltning"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="incident_registrations",
        verbose_name=_("person"),
    )
    function = models.CharField(
        _("funktion"),
        max_length=200,
        blank=True,
        help_text=_("T.ex. avdelningschef för individ och familj."),
    )

    class Meta:
        verbose_name = _("får registrera händelser")
        verbose_name_plural = _("får registrera händelser")
        ordering = ["district__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["district", "user"], name="one_registrar_row")
        ]

    def __str__(self):
        return f"{self.user} – {self.district}"
