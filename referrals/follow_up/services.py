"""Every write of the follow-up: referral moves, sessions, consent withdrawal,
external outcomes and notifications, each in a transaction with its audit
event."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from audit import trail
from audit.models import AuditEvent
from guidance.models import District, InternalProvider
from referrals.follow_up import lifecycle
from referrals.models import (
    Consent,
    Contact,
    Notification,
    Referral,
    StaffProfile,
    SupportSession,
)


class ConcurrentChange(Exception):
    """Someone else changed the referral since this page was loaded."""


class NotAllowedNow(Exception):
    """The move is not open from the referral's current status, or a rule blocks it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def notify(*, recipients, referral, message: str) -> None:
    Notification.objects.bulk_create(
        Notification(recipient=user, referral=referral, message=message)
        for user in {u for u in recipients if u is not None}
    )


def receivers_of(referral: Referral):
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
        notify(
            recipients=[locked.contact.created_by],
            referral=locked,
            message=f"{locked.reference} ({locked.destination_name}): "
            f"{locked.get_status_display().lower()}",
        )
    if action == "forward":
        notify(
            recipients=receivers_of(locked.forwarded_to),
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
        notify(
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
        notify(
            recipients=[*receivers_of(referral), contact.created_by],
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
