"""Which referrals are urgent, and why: a plain rule, read by the inbox.

A referral is urgent when the relative is threatened, when there is concern that
a child is at risk, or when the relative is in crisis now (crisis support asked
for, or a recent shooting or lethal violence recorded on the contact). Each
reason is one row: the words shown in the inbox, the test on a contact and the
same test as a database filter, so the inbox can sort urgent referrals first.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, F, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.intake.models import EventKind
from referrals.models import Contact, Need, Referral

# An event this many days ago or less is "now" for the inbox. A working rule of the
# portal, not a figure from the guidance.
RECENT_EVENT_DAYS = 30
# Event kinds that are not an event (the situation step's "none").
NO_EVENT = ("", EventKind.NONE)


def _recent_event(contact: Contact, today: date) -> bool:
    if contact.event_kind in NO_EVENT:
        return False
    happened = contact.event_date
    return happened is None or happened >= today - timedelta(days=RECENT_EVENT_DAYS)


def _in_crisis(contact: Contact, today: date) -> bool:
    return (
        contact.crisis_support_now
        or Need.CRISIS in (contact.needs or [])
        or _recent_event(contact, today)
    )


def _recent_event_q(today: date) -> Q:
    """The database side of ``_recent_event``."""
    cutoff = today - timedelta(days=RECENT_EVENT_DAYS)
    return ~Q(contact__event_kind__in=NO_EVENT) & (
        Q(contact__event_date__isnull=True) | Q(contact__event_date__gte=cutoff)
    )


def _crisis_q(today: date) -> Q:
    # The needs are a JSON list of codes; as text it holds the code in quotes, the
    # same on SQLite and PostgreSQL.
    return (
        Q(contact__crisis_support_now=True)
        | Q(needs_text__contains=f'"{Need.CRISIS}"')
        | _recent_event_q(today)
    )


@dataclass(frozen=True)
class Reason:
    key: str
    label: object  # a lazy string: the words the inbox shows
    applies: Callable[[Contact, date], bool]
    q: Callable[[date], Q]


REASONS: tuple[Reason, ...] = (
    Reason(
        "threat",
        _("hot mot den anhöriga"),
        lambda contact, today: contact.threatened,
        lambda today: Q(contact__threatened=True),
    ),
    Reason(
        "child_at_risk",
        _("oro för att ett barn far illa"),
        lambda contact, today: contact.child_at_risk,
        lambda today: Q(contact__child_at_risk=True),
    ),
    Reason("crisis", _("kris nu"), _in_crisis, _crisis_q),
)


def reasons(contact: Contact, *, today: date | None = None) -> list[Reason]:
    """Why the contact's referrals are urgent; none when they are not."""
    today = today or timezone.localdate()
    return [reason for reason in REASONS if reason.applies(contact, today)]


def is_urgent(contact: Contact, *, today: date | None = None) -> bool:
    return bool(reasons(contact, today=today))


def contact_columns() -> tuple[str, ...]:
    """The contact's columns the reasons read, for a list that loads few columns."""
    names = ["threatened", "child_at_risk", "needs", "crisis_support_now", "event_kind"]
    names.append("event_date")
    return tuple(f"contact__{name}" for name in names)


def urgent_first(
    referrals: "QuerySet[Referral]", *, today: date | None = None
) -> "QuerySet[Referral]":
    """``referrals`` with urgent ones first, then oldest first."""
    today = today or timezone.localdate()
    urgent = Q()
    for reason in REASONS:
        urgent |= reason.q(today)
    return (
        referrals.annotate(needs_text=Cast(F("contact__needs"), output_field=TextField()))
        .annotate(
            urgent=Case(When(urgent, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("-urgent", "created_at", "pk")
    )
