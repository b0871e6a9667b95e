"""The benchmark's outreach seed at a tiny scale: the counts asked for, every plan made
from its district's routine (or the city default) as ``make_plans`` would, the
tasks' states consistent, anonymised incidents without texts or people, and the
seeded staff following incidents and owning overdue tasks."""

import random
from collections import Counter

import pytest
from django.db.models import Count, F, Q
from django.utils import timezone

from anhorigstod import roles
from audit.models import AuditEvent
from bench import seed_outreach
from bench.seed import PREFIX, Sizes, seed
from guidance.models import District, LocalRoutine
from referrals import access
from referrals.models import StaffProfile
from referrals.outreach import rules
from referrals.outreach.models import (
    Incident,
    IncidentRegistrar,
    OutreachPlan,
    OutreachTask,
    RelativeReached,
)

pytestmark = pytest.mark.django_db

SIZES = Sizes(
    staff=60, directory=5, contacts=80, referrals=100, sessions=60, audit_events=100, incidents=60
)
OWN_ROUTINES = {"rinkeby-kista", "skarholmen", "spanga-tensta"}


@pytest.fixture
def seeded():
    return seed(SIZES, rng_seed=1, log=lambda _line: None)


def test_the_seed_writes_the_incidents_asked_for_with_their_plans(seeded):
    assert seeded["incidents"] == Incident.objects.count() == SIZES.incidents
    assert seeded["outreach_tasks"] == OutreachTask.objects.count()
    assert OutreachTask.objects.count() > 3 * SIZES.incidents
    per_incident = Counter(OutreachPlan.objects.values_list("incident_id", flat=True))
    assert set(per_incident.values()) <= {1, 2, 3}
    assert len(set(per_incident.values())) > 1  # some incidents concern several districts
    for incident in Incident.objects.prefetch_related("plans"):
        assert incident.district_id in {plan.district_id for plan in incident.plans.all()}
        assert incident.reference == f"AH-{incident.registered_at:%Y}-{incident.pk:05d}"
    registered = AuditEvent.objects.filter(action=AuditEvent.Action.INCIDENT_REGISTERED)
    assert set(registered.values_list("incident_reference", flat=True)) == set(
        Incident.objects.values_list("reference", flat=True)
    )


def test_every_plan_follows_its_districts_routine_or_the_city_default(seeded):
    default = LocalRoutine.objects.get(
        district=None, applies_when=LocalRoutine.AppliesWhen.SERIOUS_VIOLENCE
    )
    plans = OutreachPlan.objects.select_related("district", "incident", "routine").prefetch_related(
        "tasks", "routine__steps"
    )
    seen = set()
    for plan in plans:
        seen.add(plan.district.key)
        own = plan.district.key in OWN_ROUTINES
        assert plan.without_own_routine is not own
        assert plan.routine.district_id == (plan.district_id if own else None)
        if not own:
            assert plan.routine == default
        assert plan.routine_name == plan.routine.name
        steps = sorted(plan.routine.steps.all(), key=lambda step: step.order)
        assert plan.offer_within_days == rules.offer_within_days(steps)
        copied = sorted(
            (task for task in plan.tasks.all() if task.routine_step_id), key=lambda t: t.order
        )
        assert [(t.routine_step_id, t.action, t.owner_unit) for t in copied] == [
            (step.pk, step.action, step.responsible) for step in steps
        ]
        for task, step in zip(copied, steps, strict=True):
            assert task.due_at == rules.task_due(plan.incident.occurred_at, step.within_days)
        added = [task for task in plan.tasks.all() if not task.routine_step_id]
        assert all(task.order >= 100 for task in added)
    assert seen > OWN_ROUTINES


def test_the_tasks_states_are_consistent(seeded):
    tasks = OutreachTask.objects.select_related("plan__incident")
    statuses = Counter(tasks.values_list("status", flat=True))
    assert set(statuses) == set(OutreachTask.Status.values)
    assert not tasks.filter(status="done", done_at=None).exists()
    assert not tasks.exclude(status="done").exclude(done_at=None).exists()
    assert not tasks.filter(status="open").exclude(version=0).exists()
    assert not tasks.filter(plan__incident__status="closed", status="open").exists()
    now = timezone.now()
    overdue = tasks.filter(status="open", due_at__lt=now)
    assert overdue.exists()
    assert not overdue.filter(owner=None).exists()  # open tasks have an owner in turn
    assert tasks.filter(routine_step=None).exclude(added_by=None).exists()


def test_most_incidents_are_closed_and_the_oldest_anonymised_without_texts_or_people(seeded):
    statuses = Counter(Incident.objects.values_list("status", flat=True))
    assert statuses["closed"] > statuses["open"] > 0
    gone = Incident.objects.exclude(anonymised_at=None)
    assert 0 < gone.count() < Incident.objects.count()
    assert not gone.filter(status="open").exists()
    assert not gone.exclude(known_facts="", closing_note="").exists()
    assert not gone.filter(Q(registered_by__isnull=False) | Q(closed_by__isnull=False)).exists()
    tasks = OutreachTask.objects.filter(plan__incident__in=gone)
    assert tasks.exists()
    assert not tasks.exclude(note="", not_applicable_reason="").exists()
    assert not tasks.filter(
        Q(owner__isnull=False) | Q(done_by__isnull=False) | Q(added_by__isnull=False)
    ).exists()
    reached = RelativeReached.objects.filter(plan__incident__in=gone)
    assert not reached.filter(Q(contact__isnull=False) | Q(recorded_by__isnull=False)).exists()
    kept = Incident.objects.filter(anonymised_at=None, status="closed")
    assert not kept.filter(known_facts="").exists()
    assert not kept.filter(closing_note="").exists()


def test_relatives_reached_have_every_outcome_and_some_are_seeded_contacts(seeded):
    reached = RelativeReached.objects.select_related("plan__incident", "contact")
    assert set(reached.values_list("outcome", flat=True)) == set(RelativeReached.Outcome.values)
    linked = [row for row in reached if row.contact_id]
    assert linked
    for row in linked:
        assert row.contact.district_id == row.plan.district_id
        assert row.outcome in {"accepted", "offered"}
        assert row.start_token is None
    assert not reached.filter(contact=None, start_token=None).exists()
    assert not reached.filter(reached_at__lt=F("plan__incident__occurred_at")).exists()


def test_the_seeded_staff_follow_incidents_and_own_overdue_tasks(seeded):
    caseworkers = StaffProfile.objects.filter(
        user__username__startswith=PREFIX, user__groups__name=roles.CASEWORKER
    ).select_related("user")
    following = [p for p in caseworkers if access.visible_incidents(p.user).exists()]
    assert len(following) == caseworkers.count()
    now = timezone.now()
    owners = set(
        OutreachTask.objects.filter(status="open", due_at__lt=now).values_list("owner", flat=True)
    )
    # Open tasks are owned in turn: at this tiny scale several caseworkers, at city
    # scale every one of them.
    assert sum(p.user_id in owners for p in caseworkers) > 1
    city_wide = StaffProfile.objects.filter(
        user__username__startswith=PREFIX, district=None, provider__isnull=False
    )
    assert city_wide.exists()
    registrars = IncidentRegistrar.objects.filter(user__in=city_wide.values("user"))
    assert registrars.count() == city_wide.count() * District.objects.count()
    user = city_wide.first().user
    assert (
        access.visible_incidents(user).count()
        == Incident.objects.filter(anonymised_at=None).count()
    )


def test_seeding_again_appends_without_clashes(seeded):
    more = seed(Sizes(0, 0, 0, 0, 0, 0, incidents=90), rng_seed=2, log=lambda _line: None)
    assert more["incidents"] == 90
    assert Incident.objects.count() == SIZES.incidents + 90
    assert (
        IncidentRegistrar.objects.values("district", "user")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
        == 0
    )


def test_the_same_random_seed_gives_the_same_rows(seeded):
    world = seed_outreach._Outreach.read()
    first = seed_outreach._Rows(world, random.Random(5))
    second = seed_outreach._Rows(world, random.Random(5))
    for n in range(20):
        first.incident(n, 20)
        second.incident(n, 20)
    assert first.incidents == second.incidents
    assert first.tasks == second.tasks
    assert first.reached == second.reached
