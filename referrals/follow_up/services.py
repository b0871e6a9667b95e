"""Every write of the follow-up: referral moves, sessions, consent withdrawal,
external outcomes and notifications, each in a transaction with its audit
event."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from audit import trail
from audit.models import AuditEvent
from guidance.models import District, InternalProvider
from referrals.follow_up import lifecycle
from referrals.follow_up.models import MESSAGE_LENGTH
from referrals.models import (
    Consent,
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


def notify(
    *,
    recipients: Iterable[User | None],
    referral: Referral,
    kind: Notification.Kind,
    params: Mapping[str, str] | None = None,
) -> None:
    """Tell each of ``recipients`` (once, whoever is named twice) what happened to
    ``referral``. The notification stores ``kind`` and its ``params`` (the referral's
    reference always among them) and renders its sentence when shown; ``message``
    keeps the sentence as rendered now, in the portal's language, as its fallback."""
    params = {"reference": referral.reference, **(params or {})}
    with translation.override(settings.LANGUAGE_CODE):
        message = Notification(kind=kind, params=params).text[:MESSAGE_LENGTH]
    Notification.objects.bulk_create(
        Notification(recipient=user, referral=referral, kind=kind, params=params, message=message)
        for user in {u for u in recipients if u is not None}
    )


def receivers_of(*, referral: Referral) -> list[User]:
    """Staff whose unit and district receive the referral."""
    profiles = StaffProfile.objects.filter(provider=referral.provider_id).select_related("user")
    profiles = (
        profiles.filter(district=referral.receiving_district_id)
        if referral.receiving_district_id
        else profiles.filter(district__isnull=True)
    )
    return [p.user for p in profiles]


def _audience(*, to: lifecycle.Audience, referral: Referral) -> Sequence[User | None]:
    if to == lifecycle.Audience.CASEWORKER:
        return [referral.contact.created_by]
    return receivers_of(referral=referral)


@transaction.atomic
def move_referral(
    *,
    referral: Referral,
    action: str,
    user: User,
    expected_version: int,
    decline_reason: str = "",
    first_talk_on: date | None = None,
    outcome: str = "",
    forward_to_provider: InternalProvider | None = None,
    forward_to_district: District | None = None,
    withdrawal_reason: str = "",
) -> Referral:
    """Apply one row of ``lifecycle.TRANSITIONS``, stamping its milestone; refuse a
    stale move, one not open from the current status, or one the row's rule blocks."""
    transition = lifecycle.ALL_TRANSITIONS[action]
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.version != expected_version:
        raise ConcurrentChange()
    if locked.status not in transition.sources:
        raise NotAllowedNow(transition.refusal(locked))
    if (blocked := transition.blocked(locked)) is not None:
        raise NotAllowedNow(str(blocked))
    details = {"from": locked.status, "to": transition.target}
    locked.status = transition.target
    setattr(locked, f"{transition.milestone}_at", timezone.now())
    setattr(locked, f"{transition.milestone}_by", user)
    applied = transition.apply(
        locked,
        lifecycle.MoveInput(
            decline_reason=decline_reason,
            first_talk_on=first_talk_on,
            outcome=outcome,
            forward_to_provider=forward_to_provider,
            forward_to_district=forward_to_district,
            withdrawal_reason=withdrawal_reason,
        ),
    )
    locked.version += 1
    locked.save()
    trail.record(
        actor=user,
        action=transition.audit_action,
        contact=locked.contact,
        referral=locked,
        details={**details, **applied.details},
    )
    notices = list(applied.notices)
    if transition.caseworker_notice is not None:
        notices.insert(
            0,
            lifecycle.Notice(
                kind=transition.caseworker_notice,
                referral=locked,
                to=lifecycle.Audience.CASEWORKER,
                params={"destination": locked.destination_name},
            ),
        )
    for notice in notices:
        notify(
            recipients=_audience(to=notice.to, referral=notice.referral),
            referral=notice.referral,
            kind=notice.kind,
            params=notice.params,
        )
    return locked


@transaction.atomic
def receive_on_opening(*, referral: Referral, user: User) -> bool:
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
def log_session(
    *,
    referral: Referral,
    user: User,
    expected_version: int,
    held_on: date,
    form: str,
    attended: bool = True,
    minutes: int | None = None,
    ors_score: Decimal | None = None,
    note: str = "",
    concerns: str = "",
) -> SupportSession:
    """Log a support session; the first one marks the support as under way."""
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.version != expected_version:
        raise ConcurrentChange()
    if locked.status not in lifecycle.SESSION_STATUSES:
        raise NotAllowedNow(
            gettext("Samtal kan registreras när hänvisningen är accepterad och pågår.")
        )
    session = SupportSession.objects.create(
        referral=locked,
        created_by=user,
        held_on=held_on,
        form=form,
        attended=attended,
        minutes=minutes,
        ors_score=ors_score,
        note=note,
        concerns=concerns,
    )
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
            kind=Notification.Kind.SESSION_CONCERNS,
        )
    return session


@transaction.atomic
def record_external_outcome(*, referral: Referral, user: User, outcome: str) -> Referral:
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
def withdraw_consent(*, consent: Consent, user: User, withdrawn_on: date, scope: str) -> Consent:
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
            recipients=[*receivers_of(referral=referral), contact.created_by],
            referral=referral,
            kind=Notification.Kind.CONSENT_WITHDRAWN,
            params={"purpose": consent.purpose},
        )
    return consent


def mark_notifications_read(*, user: User, ids: Sequence[int]) -> int:
    """Mark the user's own notifications ``ids`` read (those the page showed; others
    stay unread until they are shown). Someone else's id is ignored."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True, pk__in=ids).update(
        read_at=timezone.now()
    )
