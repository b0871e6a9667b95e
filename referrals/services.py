"""Functions that change referral state, each in one transaction."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext

from audit import trail
from audit.models import AuditEvent
from guidance.models import District, InternalProvider, Service
from guidance.selectors import guidance_version
from referrals import journey, lifecycle, retention
from referrals.models import (
    ChildConcernReport,
    Consent,
    Contact,
    DisclosureDecision,
    Draft,
    Notification,
    Referral,
    StaffProfile,
    SupportSession,
)
from referrals.suggestions import parse_internal_choice


class StaleDraft(Exception):
    """Another tab saved the draft after this page was loaded."""


class IncompleteDraft(Exception):
    """A step is unanswered; the path cannot be submitted yet."""


def start_draft(*, owner, start_token) -> Draft:
    """Start a path; the same token (a double click, a resent form) gives the same draft."""
    draft, _created = Draft.objects.get_or_create(
        start_token=start_token,
        defaults={"owner": owner, "path_version": journey.PATH_VERSION},
    )
    return draft


@transaction.atomic
def save_step(*, draft: Draft, step: journey.Step, raw: dict, revision: int) -> Draft:
    """Store one step's answers, unless the draft changed since ``revision`` was read."""
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.revision != revision:
        raise StaleDraft()
    locked.answers = {**locked.answers, step.slug: raw}
    locked.revision += 1
    locked.save(update_fields=["answers", "revision", "updated_at"])
    return locked


@transaction.atomic
def delete_draft(*, draft: Draft, actor) -> None:
    trail.record(actor=actor, action=AuditEvent.Action.DRAFT_DELETED)
    draft.delete()


def submit_draft(*, draft: Draft, user) -> Contact:
    """Create the contact and everything it holds, or nothing.

    Submitting twice (a double click, a second tab) returns the contact the
    first submit created.
    """
    try:
        with transaction.atomic():
            return _submit(draft=draft, user=user)
    except IntegrityError:
        # A concurrent submit of the same draft won the race.
        return Contact.objects.get(source_draft=draft.pk)


def _submit(*, draft: Draft, user) -> Contact:
    locked = Draft.objects.select_for_update().get(pk=draft.pk)
    if locked.contact_id:
        return locked.contact
    answers = journey.Answers(locked.answers)
    states = journey.progress(answers, user)
    for state in states:
        if state.blocked_by:
            raise state.blocked_by
    if not journey.is_complete(states):
        raise IncompleteDraft()
    for step in journey.STEPS:  # defence in depth: every checkpoint once more
        if step.guard:
            step.guard(answers, user)

    first = answers.step("first-contact")
    relative = answers.step("relative")
    safe = answers.step("safe-contact")
    children = answers.step("children")
    threats = answers.step("threats")
    needs = answers.step("needs")
    contact = Contact.objects.create(
        reference=f"tmp-{locked.pk.hex[:16]}",
        source_draft=locked.pk,
        created_by=user,
        path_version=locked.path_version,
        guidance_version=guidance_version(),
        contact_date=first["contact_date"],
        district=first["district"],
        entry_route=first["entry_route"],
        is_known_to_service=first["is_known_to_service"] == "yes",
        person_caseworker=first["person_caseworker"],
        pseudonym=relative["pseudonym"],
        personal_identity_number=relative["personal_identity_number"],
        personal_identity_number_reason=relative["personal_identity_number_reason"]
        if relative["personal_identity_number"]
        else "",
        relation=relative["relation"],
        age_group=relative["age_group"],
        gender=relative["gender"],
        language=relative["language"],
        interpreter_needed=relative["interpreter_needed"],
        contact_channel=safe["contact_channel"],
        contact_times=safe["contact_times"],
        contact_avoid=safe["contact_avoid"],
        children_in_household=children["children_in_household"] == "yes",
        relative_is_child=children["relative_is_child"] == "yes",
        child_at_risk=children["child_at_risk"] == "yes",
        threatened=threats["threatened"] == "yes",
        police_report=threats["police_report"] if threats["threatened"] == "yes" else "",
        risk_analysis_requested=threats["risk_analysis_requested"],
        needs=needs["needs"],
        practical_matters=needs["practical_matters"],
        needs_note=needs["needs_note"],
    )
    contact.reference = f"AS-{timezone.localdate():%Y}-{contact.pk:06d}"
    contact.save(update_fields=["reference"])
    contact.target_groups.set(relative["target_groups"])

    consent = answers.step("consent")
    if consent["consent_given"] == "yes":
        Consent.objects.create(
            contact=contact,
            purpose=Consent.Purpose.CONTACT_RELATIVE,
            given_by=consent["given_by"],
            scope=consent["scope"],
            given_on=consent["given_on"],
            method=consent["method"],
            recorded_by=user,
        )
    _record_disclosure(contact=contact, decision=answers.step("confidentiality"), user=user)
    if children["child_at_risk"] == "yes":
        ChildConcernReport.objects.create(
            contact=contact,
            made_on=children["report_made_on"],
            made_to=children["report_made_to"],
            recorded_by=user,
        )
    _create_referrals(contact=contact, chosen=answers.step("referral"))
    for referral in contact.referrals.filter(provider__isnull=False):
        _notify(
            recipients=_receivers(referral),
            referral=referral,
            message=f"Ny hänvisning {referral.reference}",
        )

    locked.contact = contact
    locked.answers = {}  # the contact holds the data now; keep no second copy
    locked.save(update_fields=["contact", "answers", "updated_at"])
    trail.record(
        actor=user,
        action=AuditEvent.Action.CONTACT_SUBMITTED,
        contact=contact,
        details={"referrals": [r.reference for r in contact.referrals.all()]},
    )
    return contact


def _record_disclosure(*, contact: Contact, decision: dict, user) -> None:
    shares = decision["decision"] == "share"
    DisclosureDecision.objects.create(
        contact=contact,
        nothing_shared=not shares,
        ground=decision["ground"] if shares else "",
        ground_detail=decision["ground_detail"] if shares else "",
        scope=decision["scope"] if shares else "",
    )
    if shares and decision["ground"] == DisclosureDecision.Ground.PERSON_CONSENT:
        Consent.objects.create(
            contact=contact,
            purpose=Consent.Purpose.SHARE_WITH_RELATIVE,
            given_by="Den närstående",
            scope=decision["scope"],
            given_on=decision["consent_given_on"],
            method=decision["consent_method"],
            recorded_by=user,
        )


def _create_referrals(*, contact: Contact, chosen: dict) -> None:
    destinations = []
    for value in chosen["internal"]:
        provider_key, district_key = parse_internal_choice(value)
        provider = InternalProvider.objects.get(key=provider_key)
        district = District.objects.get(key=district_key) if district_key else None
        destinations.append({"provider": provider, "receiving_district": district})
    for key in chosen["external"]:
        destinations.append({"service": Service.objects.get(key=key)})
    if chosen["other_name"]:
        destinations.append(
            {"other_name": chosen["other_name"], "other_contact": chosen["other_contact"]}
        )
    for number, destination in enumerate(destinations, start=1):
        Referral.objects.create(
            contact=contact, reference=f"{contact.reference}-{number}", **destination
        )


def purge_expired_drafts(*, now=None) -> int:
    """Delete drafts untouched for DRAFT_RETENTION_DAYS, so forgotten answers do not linger.

    Submitted drafts hold no answers (the contact does) and go the same way.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DRAFT_RETENTION_DAYS)
    expired = Draft.objects.filter(updated_at__lt=cutoff)
    with transaction.atomic():
        count, _by_model = expired.delete()
        if count:
            trail.record(
                actor=None,
                action=AuditEvent.Action.DRAFTS_PURGED,
                details={"count": count, "older_than_days": settings.DRAFT_RETENTION_DAYS},
            )
    return count


# --- Following referrals up -------------------------------------------------


class ConcurrentChange(Exception):
    """Someone else changed the referral since this page was loaded."""


class NotAllowedNow(Exception):
    """The move is not open from the referral's current status, or a rule blocks it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _notify(*, recipients, referral, message: str) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=user, referral=referral, message=message)
        for user in {u for u in recipients if u is not None}
    )


def _receivers(referral: Referral):
    """Staff whose unit and district receive the referral."""
    profiles = StaffProfile.objects.filter(provider=referral.provider_id).select_related("user")
    profiles = (
        profiles.filter(district=referral.receiving_district_id)
        if referral.receiving_district_id
        else profiles.filter(district__isnull=True)
    )
    return [p.user for p in profiles]


def contact_consent_withdrawn(contact: Contact) -> bool:
    # Over ``consents.all()`` so the referral page answers from the consents it
    # already fetched; a contact has a handful at most.
    return any(
        consent.purpose == Consent.Purpose.CONTACT_RELATIVE and consent.withdrawn_on is not None
        for consent in contact.consents.all()
    )


@transaction.atomic
def move_referral(
    *,
    referral: Referral,
    action: str,
    user,
    expected_version: int,
    decline_reason: str = "",
    first_talk_on=None,
    outcome: str = "",
    forward_to_provider: InternalProvider | None = None,
    forward_to_district: District | None = None,
) -> Referral:
    """Apply one lifecycle move, stamping its milestone; refuse a stale or closed move."""
    transition = lifecycle.TRANSITIONS[action]
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.version != expected_version:
        raise ConcurrentChange()
    if locked.status not in transition.sources:
        raise NotAllowedNow(
            f"Hänvisningen har status {locked.get_status_display().lower()} och kan inte "
            f"{transition.label.lower()}s nu."
        )
    if action == "book_first_talk" and contact_consent_withdrawn(locked.contact):
        raise NotAllowedNow(
            "Samtycket till kontakt med den anhöriga är återkallat. Ta inte kontakt."
        )
    now = timezone.now()
    locked.status = transition.target
    setattr(locked, f"{transition.milestone}_at", now)
    setattr(locked, f"{transition.milestone}_by", user)
    details = {"from": referral.status, "to": transition.target}
    if action == "decline":
        locked.decline_reason = decline_reason
        details["reason"] = decline_reason
    elif action == "book_first_talk":
        locked.first_talk_on = first_talk_on
        details["first_talk_on"] = first_talk_on.isoformat()
    elif action == "close":
        locked.outcome = outcome
        details["outcome"] = outcome
    elif action == "forward":
        # The new reference is the contact's next number. Two of its referrals forwarded
        # at once would count the same referrals and take the same number: the contact's
        # row lock makes the second wait and count the first one's new referral too.
        locked.contact = Contact.objects.select_for_update().get(pk=locked.contact_id)
        count = Referral.objects.filter(contact=locked.contact).count()
        locked.forwarded_to = Referral.objects.create(
            contact=locked.contact,
            reference=f"{locked.contact.reference}-{count + 1}",
            provider=forward_to_provider,
            receiving_district=forward_to_district,
        )
        details["forwarded_to"] = locked.forwarded_to.reference
    locked.version += 1
    locked.save()
    trail.record(
        actor=user,
        action=transition.audit_action,
        contact=locked.contact,
        referral=locked,
        details=details,
    )
    if transition.tell_caseworker:
        _notify(
            recipients=[locked.contact.created_by],
            referral=locked,
            message=f"{locked.reference} ({locked.destination_name}): "
            f"{locked.get_status_display().lower()}",
        )
    if action == "forward":
        _notify(
            recipients=_receivers(locked.forwarded_to),
            referral=locked.forwarded_to,
            message=f"Ny hänvisning {locked.forwarded_to.reference} (vidarebefordrad)",
        )
    return locked


@transaction.atomic
def receive_on_opening(*, referral: Referral, user) -> bool:
    """Opening a sent referral is the "received" its sender waits for.

    Idempotent: under the referral's row lock, only the first of several
    consultants opening it at once marks it received (one event); the others
    find it received already. Says whether this opening marked it."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status != Referral.Status.SENT:
        return False
    move_referral(referral=locked, action="receive", user=user, expected_version=locked.version)
    return True


@transaction.atomic
def log_session(*, referral: Referral, user, expected_version: int, **fields) -> SupportSession:
    """Log a support session; the first one marks the support as under way."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.version != expected_version:
        raise ConcurrentChange()
    if locked.status not in lifecycle.SESSION_STATUSES:
        raise NotAllowedNow("Samtal kan registreras när hänvisningen är accepterad och pågår.")
    session = SupportSession.objects.create(referral=locked, created_by=user, **fields)
    if locked.status != Referral.Status.IN_PROGRESS:
        locked.status = Referral.Status.IN_PROGRESS
        locked.in_progress_at, locked.in_progress_by = timezone.now(), user
    locked.version += 1
    locked.save()
    trail.record(
        actor=user,
        action=AuditEvent.Action.SESSION_LOGGED,
        contact=locked.contact,
        referral=locked,
        details={"held_on": session.held_on.isoformat(), "attended": session.attended},
    )
    if session.concerns:
        _notify(
            recipients=[locked.contact.created_by],
            referral=locked,
            message=f"{locked.reference}: anhörigkonsulenten vill lyfta en oro med dig",
        )
    return session


@transaction.atomic
def record_external_outcome(*, referral: Referral, user, outcome: str) -> Referral:
    """The caseworker records how an external referral went for the relative."""
    referral.external_outcome = outcome
    referral.external_outcome_at, referral.external_outcome_by = timezone.now(), user
    referral.version += 1
    referral.save()
    trail.record(
        actor=user,
        action=AuditEvent.Action.EXTERNAL_OUTCOME_RECORDED,
        contact=referral.contact,
        referral=referral,
        details={"outcome": outcome},
    )
    return referral


@transaction.atomic
def withdraw_consent(*, consent: Consent, user, withdrawn_on, scope: str) -> Consent:
    """End a consent. What was shared stays shared; nothing more is shared under it,
    and everyone holding a referral from the contact is told.

    Under the consent's row lock: the same consent withdrawn from two tabs at once
    is withdrawn, recorded and told once; the second finds it withdrawn already."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise NotAllowedNow(
            gettext(
                "Samtycket är redan återkallat och alla som har hänvisningar från kontakten "
                "har fått besked om det. Inget mer har registrerats."
            )
        )
    consent.withdrawn_on, consent.withdrawal_scope, consent.withdrawn_by = withdrawn_on, scope, user
    consent.save()
    contact = consent.contact
    trail.record(
        actor=user,
        action=AuditEvent.Action.CONSENT_WITHDRAWN,
        contact=contact,
        details={"purpose": consent.purpose, "withdrawn_on": withdrawn_on.isoformat()},
    )
    for referral in contact.referrals.filter(provider__isnull=False):
        _notify(
            recipients=[*_receivers(referral), contact.created_by],
            referral=referral,
            message=f"{referral.reference}: samtycke återkallat "
            f"({consent.get_purpose_display().lower()})",
        )
    return consent


def mark_notifications_read(*, user, ids: list[int]) -> int:
    """Mark the user's own notifications ``ids`` read (those the page showed; others
    stay unread until they are shown). Someone else's id is ignored."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True, pk__in=ids).update(
        read_at=timezone.now()
    )


# --- Retention ---------------------------------------------------------------


def contacts_due_for_retention(*, now=None):
    """Contacts whose referrals are all finished and whose last activity is older
    than CONTACT_RETENTION_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.CONTACT_RETENTION_DAYS)
    open_internal = Referral.objects.filter(contact=OuterRef("pk"), provider__isnull=False).exclude(
        status__in=lifecycle.FINISHED
    )
    return (
        Contact.objects.filter(anonymised_at__isnull=True, created_at__lt=cutoff)
        .annotate(
            last_activity=Greatest(
                "created_at",
                Coalesce(Max("referrals__closed_at"), "created_at"),
                Coalesce(Max("referrals__declined_at"), "created_at"),
                Coalesce(Max("referrals__forwarded_at"), "created_at"),
                Coalesce(Max("referrals__sessions__created_at"), "created_at"),
            )
        )
        .filter(last_activity__lt=cutoff)
        .exclude(Exists(open_internal))
    )


@transaction.atomic
def apply_retention(*, now=None) -> int:
    """Anonymise contacts past retention: every free text and identifier of the contact
    and of everything hanging off it goes (``referrals.retention``), the categories the
    statistics count stay. Recorded in the audit trail, which holds references only."""
    contacts = list(contacts_due_for_retention(now=now).values_list("pk", flat=True))
    if not contacts:
        return 0
    Notification.objects.filter(referral__contact__in=contacts).delete()
    retention.clear(contacts=contacts)
    Contact.objects.filter(pk__in=contacts).update(
        person_caseworker=None, anonymised_at=timezone.now()
    )
    trail.record(
        actor=None,
        action=AuditEvent.Action.RETENTION_APPLIED,
        details={
            "anonymised_contacts": len(contacts),
            "retention_days": settings.CONTACT_RETENTION_DAYS,
        },
    )
    return len(contacts)
