"""What changes a plan's tasks and an incident's status: done, reassigned, not
applicable, reopened, added; the incident closed and reopened.

Each change runs in one transaction and writes its audit event through
``audit.trail.record``. A task change carries the version the page showed: a
task changed by someone else since (or the same form sent twice) is refused
with ``ConcurrentChange``, so nothing is overwritten and nothing happens twice.
Whether the user may change the task is the caller's check (``referrals.access``).
"""

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import trail
from audit.models import AuditEvent
from referrals.outreach.models import Incident, OutreachPlan, OutreachTask

Status = OutreachTask.Status
Action = AuditEvent.Action


class ConcurrentChange(Exception):
    """The task was changed after the page was shown."""


class NotAllowedNow(Exception):
    """The change does not fit the incident's or task's state; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _check_open(incident: Incident) -> None:
    if incident.status != Incident.Status.OPEN:
        raise NotAllowedNow(
            _("Händelsen är avslutad. Öppna den igen om uppgifterna behöver ändras.")
        )


def _change(
    *,
    task: OutreachTask,
    user: User,
    expected_version: int,
    action: AuditEvent.Action,
    fields: dict,
    details: dict | None = None,
) -> OutreachTask:
    incident = task.plan.incident
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        _check_open(locked)
        changed = OutreachTask.objects.filter(pk=task.pk, version=expected_version).update(
            version=F("version") + 1, **fields
        )
        if not changed:
            raise ConcurrentChange
        trail.record(
            actor=user,
            action=action,
            incident=incident,
            details={"task": task.pk, "district": task.plan.district.key, **(details or {})},
        )
    task.refresh_from_db()
    return task


def mark_done(
    *, task: OutreachTask, user: User, expected_version: int, note: str = ""
) -> OutreachTask:
    fields: dict = {"status": Status.DONE, "done_at": timezone.now(), "done_by": user}
    if note:
        fields["note"] = note
    return _change(
        task=task,
        user=user,
        expected_version=expected_version,
        action=Action.TASK_DONE,
        fields=fields,
    )


def reassign(
    *,
    task: OutreachTask,
    user: User,
    expected_version: int,
    owner: User | None,
    owner_unit: str,
) -> OutreachTask:
    fields: dict = {"owner": owner}
    if owner_unit:
        fields["owner_unit"] = owner_unit
    return _change(
        task=task,
        user=user,
        expected_version=expected_version,
        action=Action.TASK_REASSIGNED,
        fields=fields,
        details={"owner": owner.pk if owner else None},
    )


def not_applicable(
    *, task: OutreachTask, user: User, expected_version: int, reason: str
) -> OutreachTask:
    fields = {
        "status": Status.NOT_APPLICABLE,
        "not_applicable_reason": reason,
        "done_at": timezone.now(),
        "done_by": user,
    }
    return _change(
        task=task,
        user=user,
        expected_version=expected_version,
        action=Action.TASK_NOT_APPLICABLE,
        fields=fields,
    )


def reopen_task(*, task: OutreachTask, user: User, expected_version: int) -> OutreachTask:
    if task.status == Status.OPEN:
        raise NotAllowedNow(_("Uppgiften är redan öppen."))
    fields = {"status": Status.OPEN, "done_at": None, "done_by": None, "not_applicable_reason": ""}
    return _change(
        task=task,
        user=user,
        expected_version=expected_version,
        action=Action.TASK_REOPENED,
        fields=fields,
    )


def add_task(
    *,
    plan: OutreachPlan,
    user: User,
    action: str,
    owner_unit: str,
    due_at: datetime,
    owner: User | None = None,
) -> OutreachTask:
    with transaction.atomic():
        locked = Incident.objects.select_for_update().get(pk=plan.incident_id)
        _check_open(locked)
        last = plan.tasks.order_by("-order").values_list("order", flat=True).first() or 0
        task = OutreachTask.objects.create(
            plan=plan,
            order=last + 1,
            action=action,
            owner_unit=owner_unit,
            owner=owner,
            due_at=due_at,
            added_by=user,
        )
        trail.record(
            actor=user,
            action=Action.TASK_ADDED,
            incident=plan.incident,
            details={"task": task.pk, "district": plan.district.key},
        )
    return task


def close_incident(*, incident: Incident, user: User, note: str) -> Incident:
    with transaction.atomic():
        changed = Incident.objects.filter(pk=incident.pk, status=Incident.Status.OPEN).update(
            status=Incident.Status.CLOSED,
            closed_at=timezone.now(),
            closed_by=user,
            closing_note=note,
        )
        if not changed:
            raise NotAllowedNow(_("Händelsen är redan avslutad."))
        trail.record(actor=user, action=Action.INCIDENT_CLOSED, incident=incident)
    incident.refresh_from_db()
    return incident


def reopen_incident(*, incident: Incident, user: User) -> Incident:
    with transaction.atomic():
        changed = Incident.objects.filter(pk=incident.pk, status=Incident.Status.CLOSED).update(
            status=Incident.Status.OPEN, closed_at=None, closed_by=None
        )
        if not changed:
            raise NotAllowedNow(_("Händelsen är redan öppen."))
        trail.record(actor=user, action=Action.INCIDENT_REOPENED, incident=incident)
    incident.refresh_from_db()
    return incident
