"""The benchmark's walks of the outreach pages do what their names say, on the
benchmark's own seed: each reply read as a browser would, the effect checked in the
database (the query-growth test counts their queries; this checks their effect)."""

import pytest

from anhorigstod import roles
from audit.models import AuditEvent
from bench import pages_outreach
from bench.pages import Visitor
from bench.seed import PREFIX, Sizes, seed
from bench.visitors import followed_incidents, overdue_tasks
from referrals.models import StaffProfile
from referrals.outreach.models import Incident, OutreachTask, RelativeReached
from tests.bench.walking import walk_as

pytestmark = pytest.mark.django_db

SIZES = Sizes(
    staff=45, directory=5, contacts=40, referrals=60, sessions=60, audit_events=100, incidents=40
)


@pytest.fixture
def consultant() -> Visitor:
    """A seeded district consultant with an open incident of their district."""
    seed(SIZES, rng_seed=1, log=lambda _line: None)
    for profile in StaffProfile.objects.filter(
        user__username__startswith=PREFIX, provider__isnull=False, district__isnull=False
    ).select_related("user", "district"):
        incidents = list(followed_incidents(profile.user).values_list("reference", flat=True))
        if incidents:
            return Visitor(
                profile.user.username,
                roles.CONSULTANT,
                profile.district.key,
                incidents=incidents,
            )
    raise AssertionError("the seed gave no district consultant an open incident")


def _new_incident(before: set[int]) -> Incident:
    return Incident.objects.exclude(pk__in=before).select_related("district").get()


def test_a_run_removes_what_earlier_runs_registered_and_keeps_the_seed(consultant):
    from bench.database import forget_earlier_runs

    seeded = set(Incident.objects.values_list("pk", flat=True))
    assert not Incident.objects.filter(known_facts=pages_outreach.FACTS).exists()
    dict(walk_as(consultant.username, pages_outreach.register_incident(consultant)))
    assert Incident.objects.count() == len(seeded) + 1

    forget_earlier_runs()

    assert set(Incident.objects.values_list("pk", flat=True)) == seeded


def test_registering_makes_an_incident_of_the_visitors_district_each_time(consultant):
    for _time in range(2):  # a fresh start token each walk: a new incident each time
        before = set(Incident.objects.values_list("pk", flat=True))
        replies = dict(walk_as(consultant.username, pages_outreach.register_incident(consultant)))
        incident = _new_incident(before)
        assert replies["register incident (POST)"].location == incident.get_absolute_url()
        assert incident.district.key == consultant.district
        assert incident.known_facts == pages_outreach.FACTS
        assert incident.plans.filter(district__key=consultant.district).exists()
        assert incident.registered_by.username == consultant.username
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.INCIDENT_REGISTERED, incident_reference=incident.reference
        ).exists()


def test_marking_a_task_done_marks_one_task_of_the_incident_it_registered(consultant):
    before = set(Incident.objects.values_list("pk", flat=True))
    walk_as(consultant.username, pages_outreach.task_done(consultant))
    tasks = OutreachTask.objects.filter(plan__incident=_new_incident(before))
    done = tasks.get(status=OutreachTask.Status.DONE)
    assert done.done_by.username == consultant.username
    assert done.version == 1
    assert tasks.filter(status=OutreachTask.Status.OPEN).count() == tasks.count() - 1


def test_reassigning_on_the_task_page_gives_one_task_the_unit_typed(consultant):
    before = set(Incident.objects.values_list("pk", flat=True))
    replies = dict(walk_as(consultant.username, pages_outreach.task_reassigned(consultant)))
    tasks = OutreachTask.objects.filter(plan__incident=_new_incident(before))
    changed = tasks.get(version=1)
    assert changed.owner_unit == "SIG"
    assert changed.status == OutreachTask.Status.OPEN
    assert changed.action in replies["task page (GET)"].text


def test_recording_a_relative_reached_records_one_for_the_visitors_plan(consultant):
    incident = Incident.objects.get(reference=consultant.incidents[0])
    before = RelativeReached.objects.filter(plan__incident=incident).count()
    replies = dict(walk_as(consultant.username, pages_outreach.relative_reached(consultant)))
    assert incident.reference in replies["relative reached: incident page (GET)"].text
    reached = RelativeReached.objects.filter(plan__incident=incident)
    assert reached.count() == before + 1
    newest = reached.order_by("-recorded_at", "-pk").first()
    assert newest.plan.district.key == consultant.district
    assert newest.recorded_by.username == consultant.username


def test_the_incident_pages_and_the_statistics_answer(consultant):
    for page in pages_outreach.OUTREACH_PAGES:
        if page.kind in {"read", "statistics"} and page.role == roles.CONSULTANT:
            replies = walk_as(consultant.username, page.walk(consultant))
            assert replies[-1][1].text, page.key
    page = dict(walk_as(consultant.username, pages_outreach.OUTREACH_PAGES[1].walk(consultant)))
    assert consultant.incidents[0] in page["incident"].text


def test_the_start_page_walk_shows_the_caseworkers_overdue_tasks(consultant):
    profile = max(
        StaffProfile.objects.filter(
            user__username__startswith=PREFIX, user__groups__name=roles.CASEWORKER
        ).select_related("user", "district"),
        key=lambda p: (overdue_tasks(p.user).count(), -p.user_id),
    )
    task = overdue_tasks(profile.user).order_by("due_at").first()
    assert task is not None
    visitor = Visitor(profile.user.username, roles.CASEWORKER, profile.district.key)
    start = next(p for p in pages_outreach.OUTREACH_PAGES if p.key == "start_overdue")
    replies = dict(walk_as(visitor.username, start.walk(visitor)))
    assert "Försenade uppgifter" in replies["start_overdue"].text
