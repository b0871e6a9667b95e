"""A referral's lifecycle: which moves exist, from where, and what each records.

``TRANSITIONS`` is the whole table; ``referrals.follow_up.services.move_referral`` is
the only code that applies it. Each move stamps its milestone (``*_at`` and
``*_by``), writes one audit event and, where the referring caseworker should
know, a notification.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from audit.models import AuditEvent
from referrals.models import Referral

Status = Referral.Status


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    milestone: str
    audit_action: str
    tell_caseworker: bool = False


def _t(action, label, sources, target, milestone, audit_action, tell=False) -> Transition:
    return Transition(action, label, frozenset(sources), target, milestone, audit_action, tell)


OPEN = {Status.SENT, Status.RECEIVED}
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t(
            "receive",
            _("Markera som mottagen"),
            {Status.SENT},
            Status.RECEIVED,
            "received",
            AuditEvent.Action.REFERRAL_RECEIVED,
        ),
        _t(
            "accept",
            _("Acceptera"),
            OPEN,
            Status.ACCEPTED,
            "accepted",
            AuditEvent.Action.REFERRAL_ACCEPTED,
            tell=True,
        ),
        _t(
            "decline",
            _("Avböj"),
            OPEN | {Status.ACCEPTED},
            Status.DECLINED,
            "declined",
            AuditEvent.Action.REFERRAL_DECLINED,
            tell=True,
        ),
        _t(
            "forward",
            _("Vidarebefordra"),
            OPEN | {Status.ACCEPTED},
            Status.FORWARDED,
            "forwarded",
            AuditEvent.Action.REFERRAL_FORWARDED,
            tell=True,
        ),
        _t(
            "book_first_talk",
            _("Boka första samtal"),
            {Status.ACCEPTED},
            Status.FIRST_TALK_BOOKED,
            "first_talk_booked",
            AuditEvent.Action.FIRST_TALK_BOOKED,
        ),
        _t(
            "start",
            _("Markera att stödet pågår"),
            {Status.ACCEPTED, Status.FIRST_TALK_BOOKED},
            Status.IN_PROGRESS,
            "in_progress",
            AuditEvent.Action.REFERRAL_IN_PROGRESS,
        ),
        _t(
            "close",
            _("Avsluta"),
            {Status.ACCEPTED, Status.FIRST_TALK_BOOKED, Status.IN_PROGRESS},
            Status.CLOSED,
            "closed",
            AuditEvent.Action.REFERRAL_CLOSED,
            tell=True,
        ),
    )
}

FINISHED = {Status.DECLINED, Status.FORWARDED, Status.CLOSED}
WAITING = {Status.SENT, Status.RECEIVED}
# A support session can be logged while the support is under way.
SESSION_STATUSES = {Status.ACCEPTED, Status.FIRST_TALK_BOOKED, Status.IN_PROGRESS}


def available(referral: Referral) -> list[Transition]:
    """The moves open from the referral's current status, in table order."""
    if not referral.is_internal:
        return []
    return [t for t in TRANSITIONS.values() if referral.status in t.sources]
