"""The verification round of the external support directory: which services are
due, recording a round, and the due list as CSV for a spreadsheet.

The rules of *when* a service is due live in ``guidance.verification``; this
module applies them to the database.

- **Closed services are never due**: nobody needs to call a service that no
  longer exists. **Temporarily closed services stay due**: checking is how the
  administrator learns that one has opened again, and its details must be right
  when it does. The list shows the status, so the administrator sees which is which.
- **A check is not an edit.** It writes a ``ServiceCheck`` and the service's
  ``last_verified_at``/``last_verified_by`` with ``update``, so the service is
  not marked ``locally_edited`` and keeps its ``updated_at``: a later fixture
  load still updates its other fields.
- **"Gick inte att nå" confirms nothing**: the check is kept in the history, but
  the service stays due.
- **"Nedlagd eller stängd" closes the service**: status closed from today, the
  note as the reason. That is an edit of the content, so it is saved as one
  (``locally_edited``, a new ``updated_at``, a history row) and a fixture load
  does not reopen the service.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance import models as m
from guidance.spreadsheet import text_cell
from guidance.verification import due_soon_cutoff, verification_cutoff

OVERDUE = "overdue"
DUE_SOON = "soon"


def due_services(
    queryset: QuerySet | None = None, *, when: str = OVERDUE, today: date | None = None
) -> QuerySet:
    """Services to check, oldest check first (never checked before all).

    ``when`` is ``OVERDUE`` (due now) or ``DUE_SOON`` (not yet due, due within
    30 days).
    """
    services = m.Service.objects.all() if queryset is None else queryset
    cutoff = verification_cutoff(today)
    if when == DUE_SOON:
        condition = Q(last_verified_at__gte=cutoff, last_verified_at__lt=due_soon_cutoff(today))
    else:
        condition = Q(last_verified_at__lt=cutoff) | Q(last_verified_at__isnull=True)
    return oldest_check_first(services.exclude(status=m.Service.Status.CLOSED).filter(condition))


def oldest_check_first(services: QuerySet) -> QuerySet:
    return services.select_related("organisation").order_by(
        F("last_verified_at").asc(nulls_first=True), "organisation__name", "name"
    )


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    soon: int


def due_counts(today: date | None = None) -> DueCounts:
    return DueCounts(
        overdue=due_services(when=OVERDUE, today=today).count(),
        soon=due_services(when=DUE_SOON, today=today).count(),
    )


@dataclass(frozen=True)
class CheckResult:
    """What the administrator found for one service in a round."""

    service: m.Service
    outcome: str
    method: str = ""
    note: str = ""


def checker_name(user) -> str:
    return user.get_full_name() or user.get_username()


def record_round(*, results: list[CheckResult], user) -> list[m.ServiceCheck]:
    """Record every result of a round at once, as ``user``, today."""
    today = timezone.localdate()
    name = checker_name(user)
    Outcome = m.ServiceCheck.Outcome
    with transaction.atomic():
        checks = m.ServiceCheck.objects.bulk_create(
            m.ServiceCheck(
                service=result.service,
                checked_on=today,
                checked_by=user,
                checked_by_name=name,
                outcome=result.outcome,
                method=result.method,
                note=result.note,
            )
            for result in results
        )
        confirmed = [r.service.pk for r in results if r.outcome != Outcome.UNREACHABLE]
        m.Service.objects.filter(pk__in=confirmed).update(
            last_verified_at=today, last_verified_by=name
        )
        for result in results:
            if result.outcome == Outcome.CLOSED:
                _close(result.service, today=today, checked_by=name, reason=result.note)
    return checks


def _close(service: m.Service, *, today: date, checked_by: str, reason: str) -> None:
    """Close a service found closed in a round; the closure part does the rest."""
    reason_field = m.Service._meta.get_field("closure_reason")
    service.status = m.Service.Status.CLOSED
    service.closed_on = today
    service.closure_reason = (reason or _("Nedlagd enligt kontroll."))[: reason_field.max_length]
    service.locally_edited = True
    service.last_verified_at = today
    service.last_verified_by = checked_by
    service.save(
        update_fields=["status", "closed_on", "closure_reason", "locally_edited", "updated_at"]
    )


# --- the due list as CSV


CSV_DELIMITER = ";"  # what Excel expects where the decimal mark is a comma (sv-SE)
CSV_HEADER = [
    "Organisation",
    "Stödtjänst",
    "Status",
    "Telefon",
    "Webbadress",
    "E-post",
    "Senast kontrollerad",
    "Kontrollerad av",
    "Att göra",
]


def due_list_csv(services) -> bytes:
    """The due list as UTF-8 with a byte order mark, so Excel reads å, ä and ö."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for service in services:
        checked = service.last_verified_at.isoformat() if service.last_verified_at else ""
        row = [
            service.organisation.name,
            service.name,
            service.get_status_display(),
            service.phone,
            service.url,
            service.email,
            checked,
            service.last_verified_by,
            service.todo_note,
        ]
        writer.writerow([text_cell(str(value)) for value in row])
    return out.getvalue().encode("utf-8-sig")
