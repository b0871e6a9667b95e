"""Retention of closed incidents: anonymised to what the statistics count.

An incident closed for longer than ``INCIDENT_RETENTION_DAYS`` keeps its kind, the
district where it happened, its quarter, its plans (district, routine name, days to
offer support) and the outcome of each relative reached. Everything else goes:

- what was known and the closing note;
- who registered and closed it, who recorded a relative, and the link to the
  relative's contact (the contact has its own retention);
- the tasks, which are the working notes: owners, notes, reasons;
- the exact time: with the district it could point out the people involved. The
  incident moves to the first moment of its quarter (Stockholm time), and every
  time that follows it (registered, the plans made, each relative reached and
  recorded) moves back by the same amount, so the quarter and "offered within the
  routine's time" count as before.

An open incident is never anonymised, however old: its work is not finished.
``anonymised_at`` hides the incident from every page (``referrals.access``).
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit import trail
from audit.models import AuditEvent
from referrals.outreach.models import Incident, OutreachPlan, OutreachTask, RelativeReached


def quarter_start(moment: datetime) -> datetime:
    """The first moment of ``moment``'s quarter, in Stockholm time."""
    local = timezone.localtime(moment)
    first_month = (local.month - 1) // 3 * 3 + 1
    return local.replace(month=first_month, day=1, hour=0, minute=0, second=0, microsecond=0)


def incidents_due_for_retention(*, now: datetime | None = None):
    """Closed incidents, not yet anonymised, closed more than the retention period ago."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.INCIDENT_RETENTION_DAYS)
    return Incident.objects.filter(
        status=Incident.Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
    )


def _anonymise(incident: Incident, anonymised_at: datetime) -> None:
    shift = incident.occurred_at - quarter_start(incident.occurred_at)
    Incident.objects.filter(pk=incident.pk).update(
        known_facts="",
        closing_note="",
        registered_by=None,
        closed_by=None,
        occurred_at=F("occurred_at") - shift,
        registered_at=F("registered_at") - shift,
        anonymised_at=anonymised_at,
    )
    OutreachTask.objects.filter(plan__incident=incident).delete()
    OutreachPlan.objects.filter(incident=incident).update(created_at=F("created_at") - shift)
    RelativeReached.objects.filter(plan__incident=incident).update(
        contact=None,
        recorded_by=None,
        reached_at=F("reached_at") - shift,
        recorded_at=F("recorded_at") - shift,
    )


@transaction.atomic
def anonymise_closed_incidents(now: datetime | None = None) -> int:
    """Anonymise every incident past retention (see the module's docstring); the number
    anonymised. Running it again changes nothing and records nothing."""
    incidents = list(
        incidents_due_for_retention(now=now)
        .select_for_update()
        .only("pk", "reference", "occurred_at")
    )
    if not incidents:
        return 0
    anonymised_at = timezone.now()
    for incident in incidents:
        _anonymise(incident, anonymised_at)
    trail.record(
        actor=None,
        action=AuditEvent.Action.RETENTION_APPLIED,
        details={
            "anonymised_incidents": len(incidents),
            "retention_days": settings.INCIDENT_RETENTION_DAYS,
        },
    )
    return len(incidents)
