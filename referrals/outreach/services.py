"""What changes outreach: registering an incident and making its plans.

Each function runs in one transaction and writes its audit event through
``audit.trail.record``. Task actions, relatives reached, closing and retention
live in their own modules beside this one.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import trail
from audit.models import AuditEvent
from guidance.models import District, LocalRoutine
from referrals.outreach import rules
from referrals.outreach.models import Incident, OutreachPlan, OutreachTask


def serious_violence_routines() -> list[LocalRoutine]:
    """Every district's routine after a shooting or lethal violence, the city default
    among them, with their steps."""
    return list(
        LocalRoutine.objects.filter(
            applies_when=LocalRoutine.AppliesWhen.SERIOUS_VIOLENCE
        ).prefetch_related("steps")
    )


def make_plans(*, incident: Incident, districts: Iterable[District]) -> list[OutreachPlan]:
    """One plan per concerned district, its tasks copied from the district's routine
    or, for a district without one, from the city default."""
    routines = serious_violence_routines()
    plans = []
    tasks = []
    for district in districts:
        routine, without_own = rules.routine_for(district.pk, routines)
        steps = list(routine.steps.all()) if routine else []
        plan = OutreachPlan.objects.create(
            incident=incident,
            district=district,
            routine=routine,
            routine_name=routine.name if routine else "",
            without_own_routine=without_own,
            offer_within_days=rules.offer_within_days(steps),
        )
        plans.append(plan)
        tasks += [
            OutreachTask(
                plan=plan,
                routine_step=step,
                order=step.order,
                action=step.action,
                owner_unit=step.responsible,
                due_at=rules.task_due(incident.occurred_at, step.within_days),
            )
            for step in steps
        ]
    OutreachTask.objects.bulk_create(tasks)
    return plans


def register_incident(
    *,
    user: User,
    start_token: uuid.UUID,
    kind: str,
    occurred_at: datetime,
    district: District,
    affected_districts: Iterable[District],
    known_facts: str = "",
) -> Incident:
    """Register an incident and make each concerned district's plan; the same
    ``start_token`` (a double click, a resent form) gives the same incident.

    Whether ``user`` may register for ``district`` is the caller's check
    (``referrals.access.may_register``): a form offers only those districts.
    """
    existing = Incident.objects.filter(start_token=start_token).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            incident = Incident.objects.create(
                reference=f"tmp-{start_token.hex[:16]}",
                start_token=start_token,
                kind=kind,
                occurred_at=occurred_at,
                district=district,
                known_facts=known_facts,
                registered_by=user,
            )
            incident.reference = f"AH-{timezone.localdate():%Y}-{incident.pk:05d}"
            incident.save(update_fields=["reference"])
            plans = make_plans(incident=incident, districts=affected_districts)
            trail.record(
                actor=user,
                action=AuditEvent.Action.INCIDENT_REGISTERED,
                incident=incident,
                details={"districts": [plan.district.key for plan in plans]},
            )
    except IntegrityError:
        # A concurrent registration with the same token won the race.
        return Incident.objects.get(start_token=start_token)
    return incident
