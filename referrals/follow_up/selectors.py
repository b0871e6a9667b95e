"""Reads of the follow-up: the inbox, a referral with its history, unread
notifications (access in ``referrals.access``)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from anhorigstod.columns import names_only, shown_only
from anhorigstod.pagination import rows_with_total
from audit.models import AuditEvent
from guidance.models import District, InternalProvider, TargetGroup
from referrals import access
from referrals.follow_up import lifecycle, urgency
from referrals.follow_up.forms import ALL_STATUSES
from referrals.models import Notification, Referral

INBOX_COLUMNS = (
    "reference",
    "status",
    "created_at",
    "contact__district__name",
    "contact__entry_route__name",
)


def inbox(*, user: User, filters: Mapping[str, Any]) -> QuerySet[Referral]:
    """The referrals sent to the user's unit and district, filtered: urgent ones
    first (``urgency``), then the oldest first."""
    return inbox_listing(inbox_matches(user=user, filters=filters))


def inbox_matches(*, user: User, filters: Mapping[str, Any]) -> QuerySet[Referral]:
    """The referrals sent to the user's unit and district that match ``filters``, in no
    order (``inbox_listing`` adds it). Without a status asked for, only those not yet
    finished; ``ALL_STATUSES`` asks for every one."""
    referrals = access.received_referrals(user)
    status = filters.get("status")
    if not status:
        referrals = referrals.exclude(status__in=lifecycle.FINISHED)
    elif status != ALL_STATUSES:
        referrals = referrals.filter(status=status)
    if group := filters.get("target_group"):
        referrals = referrals.filter(contact__target_groups=group)
    if route := filters.get("entry_route"):
        referrals = referrals.filter(contact__entry_route=route)
    if date_from := filters.get("date_from"):
        referrals = referrals.filter(contact__contact_date__gte=date_from)
    if date_to := filters.get("date_to"):
        referrals = referrals.filter(contact__contact_date__lte=date_to)
    if filters.get("overdue"):
        referrals = without_first_talk(referrals=referrals)
    return referrals


def inbox_listing(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """``referrals`` as the inbox lists them: urgent first, with what a row shows. Its
    order reads the contact, so count ``inbox_matches`` rather than this: a COUNT of
    it joined every contact for nothing."""
    return urgency.urgent_first(
        referrals.select_related("contact__district", "contact__entry_route")
        .prefetch_related(
            Prefetch("contact__target_groups", queryset=TargetGroup.objects.only("short_name"))
        )
        # A row shows a handful of columns; a referral with its contact, unit and
        # district rows is well over a hundred.
        .only(*INBOX_COLUMNS, *urgency.contact_columns())
    )


@dataclass(frozen=True)
class InboxRow:
    referral: Referral
    urgency: list[urgency.Reason]


def inbox_rows(referrals: Iterable[Referral]) -> list[InboxRow]:
    """The inbox page's referrals, each with why it is urgent (if it is)."""
    today = timezone.localdate()
    return [
        InboxRow(referral, urgency.reasons(referral.contact, today=today)) for referral in referrals
    ]


def without_first_talk(*, referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Open referrals with no first talk FIRST_TALK_WITHIN_DAYS after they were sent."""
    cutoff = timezone.now() - timedelta(days=settings.FIRST_TALK_WITHIN_DAYS)
    return referrals.filter(
        created_at__lt=cutoff, first_talk_on__isnull=True, in_progress_at__isnull=True
    ).exclude(status__in=lifecycle.FINISHED)


def waiting_count(*, user: User) -> int:
    return access.received_referrals(user).filter(status__in=lifecycle.WAITING).count()


def external_without_outcome(*, user: User) -> QuerySet[Referral]:
    return (
        Referral.objects.filter(
            contact__in=access.own_contacts(user), provider__isnull=True, external_outcome=""
        )
        .select_related("contact", "service__organisation")
        .order_by("created_at")
    )


def referral_history(*, referral: Referral) -> QuerySet[AuditEvent]:
    """What happened to the referral. Views are left out: one is logged every time the
    page opens, so listing them made the page grow with every visit; who read it stays
    in the audit trail."""
    return (
        AuditEvent.objects.filter(referral_reference=referral.reference)
        .exclude(action=AuditEvent.Action.REFERRAL_VIEWED)
        .select_related("actor")
        .defer(*names_only("actor"))
        .order_by("at")
    )


def referral_detail(*, user: User, reference: str) -> Referral:
    # Thirteen tables in one join cost PostgreSQL more to plan than to run (about
    # 3 ms of planning per view at city scale): the small guidance lookups come
    # in their own tiny queries instead. The access check is the same query.
    return access.access_referral(
        user,
        reference,
        select_related=(
            "contact__disclosure",
            "contact__child_concern_report",
            "contact__created_by",
            "provider",
            "receiving_district",
        ),
        # Of the unit, the district and the caseworker: the names the page shows.
        defer=(
            *names_only("contact__created_by"),
            *shown_only("provider", InternalProvider, ("name", "requires_sig", "city_wide")),
            *shown_only("receiving_district", District, ("name",)),
        ),
        prefetch_related=(
            "contact__district",
            "contact__entry_route",
            "contact__language",
            "contact__target_groups",
            "contact__consents",
            "forwarded_to__provider",
            "forwarded_to__receiving_district",
            "sessions",
        ),
    )


# Unread notifications shown at once: the list must not grow with the years.
NOTIFICATIONS_SHOWN = 10


@dataclass(frozen=True)
class Unread:
    shown: list[Notification]  # the newest first
    total: int  # unread in all

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


def unread_notifications(*, user: User) -> Unread:
    """The user's newest unread notifications, at most ``NOTIFICATIONS_SHOWN``, and how
    many are unread in all (counted in the same query, as they are sorted)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    newest, total = rows_with_total(
        unread.select_related("referral__contact")
        .only(
            "kind",
            "params",
            "message",
            "created_at",
            "referral__reference",
            "referral__contact__reference",
        )
        .order_by("-created_at", "-pk"),
        0,
        NOTIFICATIONS_SHOWN,
    )
    return Unread(shown=newest, total=total)
