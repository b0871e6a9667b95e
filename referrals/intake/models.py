"""A relative's contact with social services and the referrals it leads to.

A caseworker walks the guided path over a ``Draft`` (answers stored in the
database at every step). Submitting turns the draft into a ``Contact`` with
its ``Consent`` rows, an optional ``DisclosureDecision`` and
``ChildConcernReport``, and one ``Referral`` per chosen destination, all in
one transaction (see ``referrals.intake.services.submit_draft``).

The relative may stay anonymous: a pseudonym or nothing. A personal identity
number is stored only with a recorded reason.
"""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guidance.models import (
    District,
    EntryRoute,
    Language,
    LegalReference,
    TargetGroup,
)
from referrals.intake.ages import describe_ages
from referrals.intake.choices import (
    AgeGroup,
    ContactChannel,
    EventKind,
    FloContact,
    Gender,
    GuardiansInformed,
    GuardiansNotInformedReason,
    Need,
    PracticalMatter,
    Relation,
)

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

__all__ = [
    "AgeGroup",
    "ChildConcernReport",
    "Consent",
    "Contact",
    "ContactChannel",
    "DisclosureDecision",
    "Draft",
    "Gender",
    "Need",
    "PracticalMatter",
    "Relation",
]


# How long a worklist label may be: initials or a short code.
LABEL_LENGTH = 40


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
    # Worklist: the caseworker's own label (initials or a code), never a personal
    # identity number (``referrals.fields.worklist_label``); copied to the contact.
    label = models.CharField(
        _("etikett"), max_length=LABEL_LENGTH, blank=True, default="", db_default=""
    )
    # Where the path stands, worked out when a step is saved (``services.save_step``):
    # the slug of the first step that applies and is not yet answered, "" when every
    # step is. None until the first save; the worklist then works it out itself.
    next_step = models.CharField(max_length=40, null=True, blank=True, editable=False)  # noqa: DJ001
    # A contact started from an incident's outreach plan (``referrals.outreach``):
    # the path opens with the situation filled in, and submitting links the contact.
    outreach_plan = models.ForeignKey(
        "referrals.OutreachPlan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("utkast")
        verbose_name_plural = _("utkast")
        ordering = ["-updated_at"]

    def __str__(self):
        return gettext("Utkast %(created)s") % {"created": f"{self.created_at:%Y-%m-%d %H:%M}"}

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

    # The situation (issue 14): the event behind the contact, where there is one, and
    # what a recent shooting or lethal violence calls for. "" means no event. The
    # database defaults serve rows written in bulk (the benchmark's seed).
    event_kind = models.CharField(
        _("händelse"), max_length=20, choices=EventKind, blank=True, default="", db_default=""
    )
    event_date = models.DateField(_("datum för händelsen"), null=True, blank=True)
    crisis_support_now = models.BooleanField(
        _("behöver krisstöd nu"), default=False, db_default=False
    )
    flo_contact = models.CharField(
        _("kontakt med polisens FLO"),
        max_length=10,
        choices=FloContact,
        blank=True,
        default="",
        db_default="",
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

    # Reaching the relative: optional, shown only to the contact's own caseworker and
    # to the receivers of a referral made with consent to contact
    # (``referrals.follow_up.reach``). Without any of them nobody can reach the
    # relative, who gets a call-back code to quote when calling in instead. Empty in
    # the database too (``db_default``), for rows written without them (the bench).
    relative_phone = models.CharField(
        _("telefon till den anhöriga"), max_length=30, blank=True, db_default=""
    )
    relative_email = models.EmailField(_("e-post till den anhöriga"), blank=True, db_default="")
    relative_address = models.CharField(
        _("adress till den anhöriga"), max_length=200, blank=True, db_default=""
    )
    callback_code = models.CharField(
        _("kod för återuppringning"), max_length=8, blank=True, db_default="", db_index=True
    )

    # Children, threats, needs
    children_in_household = models.BooleanField(_("barn i hushållet"), default=False)
    # Only the ages, never names (referrals.intake.ages).
    children_ages = models.JSONField(_("barnens åldrar"), default=list, blank=True, db_default=[])
    relative_is_child = models.BooleanField(_("den anhöriga är ett barn"), default=False)
    child_at_risk = models.BooleanField(_("oro för att ett barn far illa"), default=False)
    threatened = models.BooleanField(_("den anhöriga är hotad"), default=False)
    police_report = models.CharField(_("polisanmälan"), max_length=20, blank=True)
    risk_analysis_requested = models.BooleanField(_("riskanalys begärd"), default=False)
    needs = models.JSONField(_("behov"), default=list)
    practical_matters = models.JSONField(_("praktiska frågor"), default=list)
    needs_note = models.TextField(_("övrigt om behoven"), blank=True)
    # Information only: the contact ended with advice or information, no referral.
    # db_default too: the benchmark seeds write contact rows column by column.
    information_given = models.TextField(
        _("råd och information som gavs"), blank=True, default="", db_default=""
    )
    anonymised_at = models.DateTimeField(_("avidentifierad"), null=True, blank=True)

    # A child as the relative: the guardians (no names) and the child's own view;
    # and the language the relative's handout was last printed in. Database defaults
    # too, for rows written without them (the benchmark's bulk seeding).
    guardians_known = models.BooleanField(_("vårdnadshavarna kända"), null=True, default=None)
    guardians_informed = models.CharField(
        _("vårdnadshavarna vet om kontakten"),
        max_length=10,
        choices=GuardiansInformed,
        blank=True,
        default="",
        db_default="",
    )
    guardians_not_informed_reason = models.CharField(
        _("skäl till att vårdnadshavare inte vet"),
        max_length=20,
        choices=GuardiansNotInformedReason,
        blank=True,
        default="",
        db_default="",
    )
    guardians_note = models.CharField(
        _("anteckning om vårdnadshavarna"), max_length=300, blank=True, default="", db_default=""
    )
    child_view = models.TextField(
        _("barnets egen berättelse/åsikt"), blank=True, default="", db_default=""
    )
    handout_language = models.CharField(
        _("informationsbladets språk"), max_length=12, default="sv", db_default="sv"
    )
    # Worklist: the draft's label, set by submit (see ``Draft.label``).
    label = models.CharField(
        _("etikett"), max_length=LABEL_LENGTH, blank=True, default="", db_default=""
    )

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
    def relative_label(self) -> "str | _StrPromise":
        return self.pseudonym or _("Anonym anhörig")

    @property
    def children_ages_text(self) -> str:
        return describe_ages(self.children_ages)

    @property
    def need_labels(self) -> list["str | _StrPromise"]:
        return [Need(need).label for need in self.needs if need in Need.values]

    @property
    def police_report_label(self) -> "str | _StrPromise":
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
