"""Plans are made from each concerned district's routine, or the city default."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from anhorigstod import roles
from audit.models import AuditEvent
from guidance.models import District, LocalRoutine
from referrals.outreach import rules, services
from referrals.outreach.models import Incident, OutreachTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant_rk(district_staff):
    return district_staff(roles.CONSULTANT, "rinkeby-kista")


def test_each_concerned_district_gets_a_plan_from_its_own_routine(consultant_rk, make_incident):
    incident = make_incident(by=consultant_rk, concerns=("rinkeby-kista", "spanga-tensta"))

    plans = {plan.district.key: plan for plan in incident.plans.all()}
    assert set(plans) == {"rinkeby-kista", "spanga-tensta"}
    for key, plan in plans.items():
        routine = LocalRoutine.objects.get(district__key=key)
        assert plan.routine == routine
        assert plan.routine_name == routine.name
        assert not plan.without_own_routine
        assert [(t.action, t.owner_unit) for t in plan.tasks.order_by("order")] == [
            (step.action, step.responsible) for step in routine.steps.order_by("order")
        ]


def test_a_district_without_a_routine_gets_the_city_default_and_a_note(
    consultant_rk, make_incident
):
    incident = make_incident(by=consultant_rk, concerns=("farsta",))

    plan = incident.plans.get()
    default = LocalRoutine.objects.get(district__isnull=True, applies_when="serious_violence")
    assert plan.routine == default
    assert plan.without_own_routine
    assert plan.tasks.count() == default.steps.count() > 0


def test_a_task_is_due_its_steps_days_after_the_incident_or_the_default(
    consultant_rk, make_incident
):
    step = LocalRoutine.objects.get(district__key="spanga-tensta").steps.order_by("order").first()
    step.within_days = 1
    step.save()
    occurred = timezone.now() - timedelta(days=5)

    incident = make_incident(by=consultant_rk, concerns=("spanga-tensta",), occurred_at=occurred)

    first, second = incident.plans.get().tasks.order_by("order")
    assert first.due_at == occurred + timedelta(days=1)
    assert second.due_at == occurred + timedelta(days=rules.DEFAULT_TASK_DAYS)
    assert incident.plans.get().offer_within_days == 1


def test_overdue_is_an_open_task_past_its_due_time():
    now = timezone.now()
    past, future = now - timedelta(minutes=1), now + timedelta(minutes=1)
    Status = OutreachTask.Status
    assert rules.is_overdue(status=Status.OPEN, due_at=past, now=now)
    assert not rules.is_overdue(status=Status.OPEN, due_at=future, now=now)
    assert not rules.is_overdue(status=Status.DONE, due_at=past, now=now)
    assert not rules.is_overdue(status=Status.NOT_APPLICABLE, due_at=past, now=now)


def test_registering_twice_with_one_token_registers_once_and_is_audited(consultant_rk):
    token = uuid.uuid4()
    arguments = {
        "user": consultant_rk,
        "start_token": token,
        "kind": "shooting",
        "occurred_at": timezone.now(),
        "district": District.objects.get(key="rinkeby-kista"),
        "affected_districts": District.objects.filter(key="rinkeby-kista"),
    }
    first = services.register_incident(**arguments)
    second = services.register_incident(**arguments)

    assert first == second
    assert Incident.objects.count() == 1
    assert first.reference.startswith(f"AH-{timezone.localdate():%Y}-")
    event = AuditEvent.objects.get(action=AuditEvent.Action.INCIDENT_REGISTERED)
    assert event.incident_reference == first.reference
    assert event.actor == consultant_rk
