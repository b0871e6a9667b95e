"""A referral's lifecycle: which moves exist, from where, and how each applies.

``TRANSITIONS`` is the whole table. Each row names its form, the sentence that
refuses it from any other status, the rule that may block it even from one of
its sources, what it sets (``apply``), its audit action and the notification
the referring caseworker gets. ``referrals.follow_up.services.move_referral``
is the one generic path that applies a row: lock, check the version and the
status, check the row's rule, stamp the milestone (``*_at`` and ``*_by``),
apply, record, notify. ``apply`` runs only there, inside its transaction and
under the referral's row lock.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from guidance.models import District, InternalProvider
from referrals.follow_up import forms
from referrals.follow_up.models import StrOrPromise
from referrals.models import Consent, Contact, Notification, Referral

Status = Referral.Status
Kind = Notification.Kind


@dataclass(frozen=True)
class MoveInput:
    """What a move's form may carry (its cleaned data without the version)."""

    decline_reason: str = ""
    first_talk_on: date | None = None
    outcome: str = ""
    forward_to_provider: InternalProvider | None = None
    forward_to_district: District | None = None
    withdrawal_reason: str = ""


class Audience(StrEnum):
    """Whom a notice goes to, resolved by ``services``."""

    CASEWORKER = "caseworker"  # the caseworker who registered the contact
    RECEIVERS = "receivers"  # the staff of the unit and district the referral is sent to


@dataclass(frozen=True)
class Notice:
    """A notification a move asks for beyond the row's ``caseworker_notice``."""

    kind: Notification.Kind
    referral: Referral
    to: Audience
    params: dict[str, str] = field(default_factory=dict)  # besides the reference


@dataclass(frozen=True)
class Applied:
    """What ``apply`` did: the audit details it adds and any notices it asks for."""

    details: dict[str, str] = field(default_factory=dict)
    notices: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class Transition:
    action: str
    label: StrOrPromise
    # A whole sentence naming the current status as ``%(status)s``.
    refused_message: StrOrPromise
    sources: frozenset[str]
    target: str
    milestone: str
    audit_action: AuditEvent.Action
    form: type[forms.VersionedForm]
    apply: Callable[[Referral, MoveInput], Applied]
    # What the referring caseworker is told, if anything.
    caseworker_notice: Notification.Kind | None = None
    # A rule that blocks the move even from one of its sources: the refusal, or None.
    blocked: Callable[[Referral], StrOrPromise | None] = lambda _referral: None

    def refusal(self, referral: Referral) -> str:
        return str(self.refused_message) % {"status": referral.get_status_display().lower()}


def contact_consent_withdrawn(contact: Contact) -> bool:
    # Over ``consents.all()`` so the referral page answers from the consents it
    # already fetched; a contact has a handful at most.
    return any(
        consent.purpose == Consent.Purpose.CONTACT_RELATIVE and consent.withdrawn_on is not None
        for consent in contact.consents.all()
    )


def _unless_consent_withdrawn(referral: Referral) -> StrOrPromise | None:
    if contact_consent_withdrawn(referral.contact):
        return _("Samtycket till kontakt med den anhöriga är återkallat. Ta inte kontakt.")
    return None


# --- What each move sets -----------------------------------------------------


def _nothing_more(referral: Referral, data: MoveInput) -> Applied:
    return Applied()


def _decline(referral: Referral, data: MoveInput) -> Applied:
    referral.decline_reason = data.decline_reason
    return Applied(details={"reason": data.decline_reason})


def _book_first_talk(referral: Referral, data: MoveInput) -> Applied:
    if data.first_talk_on is None:
        raise ValueError("booking a first talk needs its date")
    referral.first_talk_on = data.first_talk_on
    return Applied(details={"first_talk_on": data.first_talk_on.isoformat()})


def _rebook_first_talk(referral: Referral, data: MoveInput) -> Applied:
    """A new date for the booked first talk; the audit event keeps the old one."""
    previous = referral.first_talk_on
    applied = _book_first_talk(referral, data)
    rebooked_from = previous.isoformat() if previous else ""
    return Applied(details={**applied.details, "rebooked_from": rebooked_from})


def _withdraw(referral: Referral, data: MoveInput) -> Applied:
    """The sender takes back a referral not yet accepted; its receivers are told why."""
    reason = data.withdrawal_reason.strip()
    if not reason:
        raise ValueError("withdrawing a referral needs its reason")
    referral.withdrawal_reason = reason
    notices: tuple[Notice, ...] = ()
    if referral.is_internal:
        notices = (
            Notice(
                kind=Kind.REFERRAL_WITHDRAWN,
                referral=referral,
                to=Audience.RECEIVERS,
                params={"reason": reason[:NOTICE_REASON_LENGTH]},
            ),
        )
    return Applied(details={"reason": reason}, notices=notices)


# How much of a withdrawal's reason the receivers' notification repeats.
NOTICE_REASON_LENGTH = 150


def _close(referral: Referral, data: MoveInput) -> Applied:
    referral.outcome = data.outcome
    return Applied(details={"outcome": data.outcome})


def _forward(referral: Referral, data: MoveInput) -> Applied:
    """A new referral for the unit forwarded to, told to its staff."""
    # The new reference is the contact's next number. Two of its referrals forwarded
    # at once would count the same referrals and take the same number: the contact's
    # row lock makes the second wait and count the first one's new referral too.
    referral.contact = Contact.objects.select_for_update().get(pk=referral.contact_id)
    count = Referral.objects.filter(contact=referral.contact).count()
    forwarded = Referral.objects.create(
        contact=referral.contact,
        reference=f"{referral.contact.reference}-{count + 1}",
        provider=data.forward_to_provider,
        receiving_district=data.forward_to_district,
    )
    referral.forwarded_to = forwarded
    return Applied(
        details={"forwarded_to": forwarded.reference},
        notices=(Notice(kind=Kind.FORWARDED_REFERRAL, referral=forwarded, to=Audience.RECEIVERS),),
    )


OPEN = frozenset({Status.SENT, Status.RECEIVED})
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            action="receive",
            label=_("Markera som mottagen"),
            refused_message=_(
                "Hänvisningen har status %(status)s och kan inte markeras som mottagen nu."
            ),
            sources=frozenset({Status.SENT}),
            target=Status.RECEIVED,
            milestone="received",
            audit_action=AuditEvent.Action.REFERRAL_RECEIVED,
            form=forms.VersionedForm,
            apply=_nothing_more,
        ),
        Transition(
            action="accept",
            label=_("Acceptera"),
            refused_message=_("Hänvisningen har status %(status)s och kan inte accepteras nu."),
            sources=OPEN,
            target=Status.ACCEPTED,
            milestone="accepted",
            audit_action=AuditEvent.Action.REFERRAL_ACCEPTED,
            form=forms.VersionedForm,
            apply=_nothing_more,
            caseworker_notice=Kind.REFERRAL_ACCEPTED,
        ),
        Transition(
            action="decline",
            label=_("Avböj"),
            refused_message=_("Hänvisningen har status %(status)s och kan inte avböjas nu."),
            sources=OPEN | {Status.ACCEPTED},
            target=Status.DECLINED,
            milestone="declined",
            audit_action=AuditEvent.Action.REFERRAL_DECLINED,
            form=forms.DeclineForm,
            apply=_decline,
            caseworker_notice=Kind.REFERRAL_DECLINED,
        ),
        Transition(
            action="forward",
            label=_("Vidarebefordra"),
            refused_message=_(
                "Hänvisningen har status %(status)s och kan inte vidarebefordras nu."
            ),
            sources=OPEN | {Status.ACCEPTED},
            target=Status.FORWARDED,
            milestone="forwarded",
            audit_action=AuditEvent.Action.REFERRAL_FORWARDED,
            form=forms.ForwardForm,
            apply=_forward,
            caseworker_notice=Kind.REFERRAL_FORWARDED,
        ),
        Transition(
            action="book_first_talk",
            label=_("Boka första samtal"),
            refused_message=_(
                "Hänvisningen har status %(status)s, så första samtalet kan inte bokas nu."
            ),
            sources=frozenset({Status.ACCEPTED}),
            target=Status.FIRST_TALK_BOOKED,
            milestone="first_talk_booked",
            audit_action=AuditEvent.Action.FIRST_TALK_BOOKED,
            form=forms.BookFirstTalkForm,
            apply=_book_first_talk,
            blocked=_unless_consent_withdrawn,
        ),
        Transition(
            action="rebook_first_talk",
            label=_("Boka om första samtalet"),
            refused_message=_(
                "Hänvisningen har status %(status)s, så första samtalet kan inte bokas om nu."
            ),
            sources=frozenset({Status.FIRST_TALK_BOOKED}),
            target=Status.FIRST_TALK_BOOKED,
            milestone="first_talk_booked",
            audit_action=AuditEvent.Action.FIRST_TALK_REBOOKED,
            form=forms.RebookFirstTalkForm,
            apply=_rebook_first_talk,
            blocked=_unless_consent_withdrawn,
        ),
        Transition(
            action="start",
            label=_("Markera att stödet pågår"),
            refused_message=_(
                "Hänvisningen har status %(status)s och kan inte markeras som pågående nu."
            ),
            sources=frozenset({Status.ACCEPTED, Status.FIRST_TALK_BOOKED}),
            target=Status.IN_PROGRESS,
            milestone="in_progress",
            audit_action=AuditEvent.Action.REFERRAL_IN_PROGRESS,
            form=forms.VersionedForm,
            apply=_nothing_more,
        ),
        Transition(
            action="close",
            label=_("Avsluta"),
            refused_message=_("Hänvisningen har status %(status)s och kan inte avslutas nu."),
            sources=frozenset({Status.ACCEPTED, Status.FIRST_TALK_BOOKED, Status.IN_PROGRESS}),
            target=Status.CLOSED,
            milestone="closed",
            audit_action=AuditEvent.Action.REFERRAL_CLOSED,
            form=forms.CloseForm,
            apply=_close,
            caseworker_notice=Kind.REFERRAL_CLOSED,
        ),
    )
}

# The sender's own moves, made from the contact page (never from the receiver's
# referral page): applied by the same ``services.move_referral``.
WITHDRAW = Transition(
    action="withdraw",
    label=_("Återkalla hänvisningen"),
    refused_message=_(
        "Hänvisningen har status %(status)s och kan inte återkallas nu. Kontakta mottagaren "
        "om den behöver ändras."
    ),
    sources=OPEN,
    target=Status.WITHDRAWN,
    milestone="withdrawn",
    audit_action=AuditEvent.Action.REFERRAL_WITHDRAWN,
    form=forms.WithdrawReferralForm,
    apply=_withdraw,
)
SENDER_TRANSITIONS: dict[str, Transition] = {WITHDRAW.action: WITHDRAW}
ALL_TRANSITIONS: dict[str, Transition] = {**TRANSITIONS, **SENDER_TRANSITIONS}

FINISHED = {Status.DECLINED, Status.FORWARDED, Status.CLOSED, Status.WITHDRAWN}
WAITING = {Status.SENT, Status.RECEIVED}
# A support session can be logged while the support is under way.
SESSION_STATUSES = {Status.ACCEPTED, Status.FIRST_TALK_BOOKED, Status.IN_PROGRESS}


def available(referral: Referral) -> list[Transition]:
    """The moves open from the referral's current status, in table order."""
    if not referral.is_internal:
        return []
    return [t for t in TRANSITIONS.values() if referral.status in t.sources]


def can_withdraw(referral: Referral) -> bool:
    """Whether the sender may still take the referral back (not yet accepted)."""
    return referral.status in WITHDRAW.sources
