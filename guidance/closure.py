"""Closing a service in the external support directory: the rules, in plain functions.

A service is closed (``Nedlagd``) or temporarily closed (``Tillfälligt stängd``)
from a date and for a reason; a temporary closure may say when the service is
expected to open again. Opening it again (status back to active) clears the
three fields; django-simple-history keeps what they said.

The rest of the portal asks this module how a closure is worded (search hits,
directory cards, contact and referral pages, the relative's handout) and how
many referrals point at a service (the warning on closing, the blocked delete).
Referrals are reached through the reverse relation, so the guidance app does
not import the referrals app (tests/test_architecture.py).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guidance import models as m
from guidance import selectors

CLOSED_STATUSES = (m.Service.Status.CLOSED, m.Service.Status.TEMPORARILY_CLOSED)
CLOSURE_FIELDS = ("closed_on", "closure_reason", "reopens_on")


def is_closed(service: m.Service) -> bool:
    """Closed or temporarily closed: the service takes no relatives now."""
    return service.status in CLOSED_STATUSES


def prepare(service: m.Service, *, today: date | None = None) -> None:
    """Fill in what closing implies before validation: a closure without a date is
    closed from today; an active service carries no closure."""
    if is_closed(service):
        if service.closed_on is None:
            service.closed_on = today or timezone.localdate()
        if service.status == m.Service.Status.CLOSED:
            service.reopens_on = None  # a service laid down is not expected back
    else:
        service.closed_on = None
        service.closure_reason = ""
        service.reopens_on = None


def errors(service: m.Service) -> dict[str, str]:
    """What is wrong with the service's closure, by field, in Swedish; empty when nothing."""
    found: dict[str, str] = {}
    if not is_closed(service):
        return found
    if not service.closure_reason.strip():
        found["closure_reason"] = _("Skriv varför tjänsten är stängd.")
    if service.closed_on is None:
        found["closed_on"] = _("Ange från vilket datum tjänsten är stängd.")
    elif service.reopens_on is not None and service.reopens_on < service.closed_on:
        found["reopens_on"] = _("Datumet då tjänsten väntas öppna kan inte vara före stängningen.")
    return found


def close(
    *,
    service: m.Service,
    status: str,
    reason: str,
    on: date | None = None,
    reopens: date | None = None,
) -> dict[str, str]:
    """Close ``service`` (for the verification round and imports): the errors, or
    an empty dict when the closure was saved."""
    service.status = status
    service.closure_reason = reason
    service.closed_on = on
    service.reopens_on = reopens
    prepare(service)
    found = errors(service)
    if not found:
        service.save()
    return found


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def notice(service: m.Service) -> str:
    """The closure in one sentence for caseworkers and relatives; empty when active."""
    if service.status == m.Service.Status.CLOSED:
        if service.closed_on is None:
            return _("Tjänsten är nedlagd.")
        return _("Tjänsten är nedlagd sedan %(day)s.") % {"day": _day(service.closed_on)}
    if service.status != m.Service.Status.TEMPORARILY_CLOSED:
        return ""
    if service.reopens_on is not None:
        return _("Tillfälligt stängd, väntas öppna %(day)s.") % {"day": _day(service.reopens_on)}
    if service.closed_on is not None:
        return _("Tillfälligt stängd sedan %(day)s.") % {"day": _day(service.closed_on)}
    return _("Tillfälligt stängd.")


def notices(keys: list[str]) -> dict[str, str]:
    """The closure notice of each closed service among ``keys``, in one query."""
    closed = m.Service.objects.filter(key__in=keys, status__in=CLOSED_STATUSES).only(
        "key", "status", "closed_on", "reopens_on"
    )
    return {service.key: notice(service) for service in closed}


def district_contact(district: m.District | None) -> dict[str, str]:
    """Whom a relative contacts instead of a closed service: the district's reception
    (or the city's contact centre when the district has no number) and its mailbox."""
    if district is None:
        return {"reception": "", "phone": "", "mailbox": ""}
    reception, phone, _via_city = selectors.district_phone(district=district) or ("", "", False)
    return {"reception": reception, "phone": phone, "mailbox": district.mailbox}


# --- Referrals pointing at a service -------------------------------------------------


def _referrals(service: m.Service) -> QuerySet:
    return service.referral_set.all()  # type: ignore[attr-defined]


def open_referrals(service: m.Service) -> QuerySet:
    """Referrals to the service still under way: not closed, declined, withdrawn or forwarded."""
    referrals = _referrals(service)
    status = referrals.model.Status
    ended = (status.CLOSED, status.DECLINED, status.WITHDRAWN, status.FORWARDED)
    return referrals.exclude(status__in=ended)


@dataclass(frozen=True)
class OpenReferrals:
    """How many open referrals point at a service and from which districts: counts
    only, never who the relatives are."""

    count: int
    by_district: list[tuple[str, int]] = field(default_factory=list)


def open_referral_summary(service: m.Service) -> OpenReferrals:
    rows = (
        open_referrals(service)
        .values("contact__district__name")
        .annotate(n=Count("pk"))
        .order_by("contact__district__name")
    )
    by_district = [(row["contact__district__name"] or "–", row["n"]) for row in rows]
    return OpenReferrals(count=sum(n for _name, n in by_district), by_district=by_district)


def referral_count(service: m.Service) -> int:
    """Every referral that names the service, open or not: each keeps it from deletion."""
    return _referrals(service).count()
