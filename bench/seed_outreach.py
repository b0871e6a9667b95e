"""The benchmark's outreach data: serious incidents over the last three years, each
district's plan made from its routine (or the city default), the plans' tasks and
the relatives reached, written in bulk like the rest of the seed.

The plans follow the real routines (``fixtures/guidance/90_routines.json``): a
district with a serious-violence routine of its own gets its steps as tasks, every
other district the city default's and ``without_own_routine``. Due times come
from ``referrals.outreach.rules`` as ``make_plans`` computes them. Most incidents
are closed; those closed longer ago than ``ANONYMISE_AFTER_DAYS`` are anonymised
(no texts, no people), as retention would leave them. Tasks of open incidents
are owned in turn by the district's seeded staff, so that every one of them has
open tasks, most of them overdue.
"""

import bisect
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from anhorigstod import roles
from audit.models import AuditEvent
from bench.seed_rows import PREFIX, _next_id, _pick, _reset_sequences, _uuid, write
from guidance.models import District, LocalRoutine, RoutineStep
from referrals.models import Contact, StaffProfile
from referrals.outreach import rules
from referrals.outreach.models import (
    Incident,
    IncidentRegistrar,
    OutreachPlan,
    OutreachTask,
    RelativeReached,
)
from referrals.outreach.services import serious_violence_routines

YEARS = 3
OPEN_WITHIN_DAYS = 30  # incidents this recent are all still open
ANONYMISE_AFTER_DAYS = 2 * 365  # closed longer ago than this: anonymised

_KINDS = {"shooting": 55, "lethal_violence": 20, "other_violence": 25}
_CONCERNED = {1: 50, 2: 35, 3: 15}  # how many districts the relatives live in
_EXTRA_TASKS = {0: 25, 1: 20, 2: 20, 3: 15, 4: 10, 5: 10}  # added by hand, per plan
_REACHED = {0: 10, 1: 15, 2: 25, 3: 25, 4: 15, 6: 10}  # relatives reached, per plan
_OUTCOMES = {"accepted": 40, "offered": 20, "declined": 20, "unreachable": 20}

_FACTS = [
    "Skjutning vid torget på kvällen, en ung man avliden.",
    "Knivhugg utanför skolan, en person svårt skadad.",
    "Skottlossning i trapphus, ingen skadad men flera vittnen.",
    "Dödligt våld i bostad, familjen har flera barn.",
    "Skjutning vid tunnelbanan, två skadade.",
]
_NOTES = [
    "Kontakt tagen med familjen via fältassistenterna.",
    "Hembesök gjort tillsammans med öppenvården.",
    "Information om stöd lämnad på plats.",
]
_REASONS = [
    "Familjen har redan stöd från en annan förvaltning.",
    "Ingen etablerad kontakt finns.",
    "Polisen avråder från kontakt just nu.",
]
_CLOSING = ["Alla anhöriga har erbjudits stöd.", "Uppföljning sker inom ordinarie insatser."]
_EXTRA_ACTIONS = [
    ("Ordna tolk till hembesöket.", "Enheten för anhörigstöd"),
    ("Informera skolan om att syskon kan behöva stöd.", "Socialsekreterare barn och unga"),
    ("Samordna med polisens brottsofferstöd.", "Biträdande enhetschef SIG vuxen"),
    ("Följ upp de anhöriga efter en vecka.", "Anhörigkonsulent"),
]

_INCIDENT_COLUMNS = [
    "id", "reference", "start_token", "kind", "occurred_at", "district_id", "known_facts",
    "registered_by_id", "registered_at", "status", "closed_at", "closed_by_id", "closing_note",
    "anonymised_at",
]  # fmt: skip
_PLAN_COLUMNS = [
    "id", "incident_id", "district_id", "routine_id", "routine_name", "without_own_routine",
    "offer_within_days", "created_at",
]  # fmt: skip
_TASK_COLUMNS = [
    "plan_id", "routine_step_id", "order", "action", "owner_unit", "owner_id", "due_at",
    "status", "done_at", "done_by_id", "not_applicable_reason", "note", "added_by_id",
    "created_at", "version",
]  # fmt: skip
_REACHED_COLUMNS = [
    "plan_id", "outcome", "contact_id", "reached_at", "recorded_by_id", "recorded_at",
    "start_token",
]  # fmt: skip
_AUDIT_COLUMNS = [
    "at", "actor_id", "action", "contact_reference", "referral_reference", "incident_reference",
    "details",
]  # fmt: skip

Task = OutreachTask.Status


@dataclass
class _Outreach:
    """What the incidents refer to, read once per ``seed_outreach``."""

    districts: list[District]
    routines: dict[int, tuple[LocalRoutine | None, bool, list[RoutineStep]]]  # by district
    staff: dict[int, list[int]]  # district -> its seeded caseworkers and consultants
    contacts: dict[int, list[tuple]]  # district -> (contact date, id), free to link
    now: datetime

    @classmethod
    def read(cls) -> "_Outreach":
        districts = list(District.objects.order_by("key"))
        found = serious_violence_routines()
        routines = {}
        for district in districts:
            routine, without_own = rules.routine_for(district.pk, found)
            steps = sorted(routine.steps.all(), key=lambda s: s.order) if routine else []
            routines[district.pk] = (routine, without_own, steps)
        staff = defaultdict(list)
        for user_id, district_id in (
            StaffProfile.objects.filter(
                user__username__startswith=PREFIX,
                district__isnull=False,
                user__groups__name__in=[roles.CASEWORKER, roles.CONSULTANT],
            )
            .order_by("user_id")
            .values_list("user_id", "district_id")
        ):
            staff[district_id].append(user_id)
        contacts = defaultdict(list)
        for district_id, day, pk in (
            Contact.objects.filter(
                created_by__username__startswith=PREFIX, anonymised_at=None, outreach=None
            )
            .order_by("contact_date", "pk")
            .values_list("district_id", "contact_date", "pk")
        ):
            contacts[district_id].append((day, pk))
        return cls(districts, routines, staff, contacts, timezone.now())


class _Rows:
    """The rows of one ``seed_outreach`` call, as tuples in each table's columns."""

    def __init__(self, world: _Outreach, rng: random.Random) -> None:
        self.world, self.rng = world, rng
        self.next_incident, self.next_plan = _next_id(Incident), _next_id(OutreachPlan)
        self.incidents: list[tuple] = []
        self.plans: list[tuple] = []
        self.tasks: list[tuple] = []
        self.reached: list[tuple] = []
        self.audit: list[tuple] = []
        self.turn: dict[int, int] = defaultdict(int)  # whose turn to own a task, per district
        self.linked: set[int] = set()

    def someone(self, district_id: int, anonymised: bool) -> int | None:
        people = self.world.staff.get(district_id)
        return None if anonymised or not people else self.rng.choice(people)

    def in_turn(self, district_id: int) -> int | None:
        people = self.world.staff.get(district_id)
        if not people:
            return None
        turn = self.turn[district_id]
        self.turn[district_id] += 1
        return people[turn % len(people)]

    def before_now(self, moment: datetime) -> datetime:
        return min(moment, self.world.now - timedelta(minutes=5))

    def incident(self, n: int, count: int) -> None:
        rng, now = self.rng, self.world.now
        recent = n < max(4, round(count * 0.06))
        age = rng.uniform(0.5, OPEN_WITHIN_DAYS) if recent else rng.uniform(1, YEARS * 365)
        occurred = now - timedelta(days=age)
        is_open = age < OPEN_WITHIN_DAYS or rng.random() < 0.05
        closed_at = None if is_open else self.before_now(occurred + timedelta(rng.uniform(14, 90)))
        anonymised = closed_at is not None and closed_at < now - timedelta(ANONYMISE_AFTER_DAYS)
        where = rng.choice(self.world.districts)
        others = [d for d in self.world.districts if d.pk != where.pk]
        concerned = [where, *rng.sample(others, _pick(rng, _CONCERNED) - 1)]
        pk = self.next_incident + n
        registered_at = self.before_now(occurred + timedelta(hours=rng.uniform(0.5, 12)))
        reference = f"AH-{timezone.localdate(registered_at):%Y}-{pk:05d}"
        by = self.someone(where.pk, False)
        self.incidents.append(
            (
                pk, reference, _uuid(rng), _pick(rng, _KINDS), occurred, where.pk,
                "" if anonymised else rng.choice(_FACTS), None if anonymised else by,
                registered_at, Incident.Status.OPEN if is_open else Incident.Status.CLOSED,
                closed_at, None if anonymised else self.someone(where.pk, False),
                "" if anonymised or is_open else rng.choice(_CLOSING),
                self.before_now(closed_at + timedelta(ANONYMISE_AFTER_DAYS + 1))
                if anonymised else None,
            )
        )  # fmt: skip
        details = {"districts": [d.key for d in concerned]}
        registered = AuditEvent.Action.INCIDENT_REGISTERED
        self.audit.append((registered_at, by, registered, "", "", reference, details))
        for district in concerned:
            self.plan(pk, occurred, registered_at, district, is_open=is_open, anonymised=anonymised)

    def plan(self, incident: int, occurred, created, district, *, is_open, anonymised) -> None:
        routine, without_own, steps = self.world.routines[district.pk]
        pk = self.next_plan + len(self.plans)
        days = rules.offer_within_days(steps)
        self.plans.append(
            (pk, incident, district.pk, routine.pk if routine else None,
             routine.name if routine else "", without_own, days, created)
        )  # fmt: skip
        for step in steps:
            due = rules.task_due(occurred, step.within_days)
            self.task(pk, district.pk, (step.pk, step.order, step.action, step.responsible, None),
                      due, created, is_open=is_open, anonymised=anonymised)  # fmt: skip
        for k in range(_pick(self.rng, _EXTRA_TASKS)):
            action, unit = self.rng.choice(_EXTRA_ACTIONS)
            added_by = self.someone(district.pk, anonymised)
            due = occurred + timedelta(days=self.rng.uniform(1, 14))
            self.task(pk, district.pk, (None, 100 + k, action, unit, added_by), due, created,
                      is_open=is_open, anonymised=anonymised)  # fmt: skip
        for _r in range(_pick(self.rng, _REACHED)):
            self.relative(pk, district.pk, occurred, days, anonymised=anonymised)

    def _status(self, due: datetime, is_open: bool) -> str:
        if not is_open:
            return _pick(self.rng, {Task.DONE: 85, Task.NOT_APPLICABLE: 15})
        if due > self.world.now:
            return _pick(self.rng, {Task.OPEN: 80, Task.DONE: 20})
        return _pick(self.rng, {Task.OPEN: 55, Task.DONE: 40, Task.NOT_APPLICABLE: 5})

    def task(self, plan: int, district_id: int, what: tuple, due, created, *, is_open, anonymised):
        rng = self.rng
        step, order, action, unit, added_by = what
        status = self._status(due, is_open)
        owner = None
        if is_open and (status == Task.OPEN or rng.random() < 0.5):
            owner = self.in_turn(district_id)
        elif not anonymised and rng.random() < 0.3:
            owner = self.someone(district_id, anonymised)
        done_at = done_by = None
        if status == Task.DONE:
            done_at = self.before_now(created + timedelta(days=rng.uniform(0.05, 4)))
            done_by = owner or self.someone(district_id, anonymised)
        reason = rng.choice(_REASONS) if status == Task.NOT_APPLICABLE and not anonymised else ""
        noted = status == Task.DONE and not anonymised and rng.random() < 0.3
        note = rng.choice(_NOTES) if noted else ""
        self.tasks.append(
            (plan, step, order, action, unit, owner, due, status, done_at, done_by, reason, note,
             added_by, created, 0 if status == Task.OPEN else 1)
        )  # fmt: skip

    def relative(self, plan: int, district_id: int, occurred, days: int, *, anonymised) -> None:
        rng = self.rng
        outcome = _pick(rng, _OUTCOMES)
        reached_at = self.before_now(occurred + timedelta(days=rng.uniform(0.2, days * 2.5)))
        contact = None
        if not anonymised and outcome in {"accepted", "offered"} and rng.random() < 0.3:
            contact = self._free_contact(district_id, reached_at)
        self.reached.append(
            (plan, outcome, contact, reached_at, self.someone(district_id, anonymised),
             reached_at, None if contact else _uuid(rng))
        )  # fmt: skip

    def _free_contact(self, district_id: int, since: datetime) -> int | None:
        """The first seeded contact of the district from ``since`` on not yet linked."""
        pool = self.world.contacts.get(district_id, [])
        start = bisect.bisect_left(pool, (timezone.localdate(since), 0))
        for _day, pk in pool[start : start + 20]:
            if pk not in self.linked:
                self.linked.add(pk)
                return pk
        return None


def _registrars() -> list[tuple]:
    """Seeded consultants of a city-wide unit (no district of their own) may register and
    follow incidents in every district: the widest view of the incident list."""
    known = set(IncidentRegistrar.objects.values_list("user_id", flat=True))
    city_wide = (
        StaffProfile.objects.filter(
            user__username__startswith=PREFIX, district__isnull=True, provider__isnull=False
        )
        .exclude(user_id__in=known)
        .values_list("user_id", flat=True)
    )
    districts = list(District.objects.order_by("key").values_list("pk", flat=True))
    return [(d, user, "Stadsövergripande enhet") for user in city_wide for d in districts]


def seed_outreach(count: int, rng: random.Random, log: Callable[[str], None]) -> dict[str, int]:
    """``count`` incidents with their plans, tasks, relatives reached and audit events."""
    if count <= 0:
        return {}
    rows = _Rows(_Outreach.read(), rng)
    for n in range(count):
        rows.incident(n, count)
    with transaction.atomic():
        counts = {
            "incidents": write(Incident, _INCIDENT_COLUMNS, rows.incidents),
            "outreach_plans": write(OutreachPlan, _PLAN_COLUMNS, rows.plans),
            "outreach_tasks": write(OutreachTask, _TASK_COLUMNS, rows.tasks),
            "relatives_reached": write(RelativeReached, _REACHED_COLUMNS, rows.reached),
            "incident_registrars": write(
                IncidentRegistrar, ["district_id", "user_id", "function"], _registrars()
            ),
        }
        counts["audit_events"] = write(AuditEvent, _AUDIT_COLUMNS, rows.audit)
        _reset_sequences(Incident, OutreachPlan, OutreachTask, RelativeReached, IncidentRegistrar)
    log(
        f"  {counts['incidents']} allvarliga händelser, {counts['outreach_plans']} planer, "
        f"{counts['outreach_tasks']} uppgifter, {counts['relatives_reached']} anhöriga nådda"
    )
    return counts
