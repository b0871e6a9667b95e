"""What the incident list and the incident page read, in a fixed number of queries
however many incidents, plans and tasks there are. Which incidents and tasks the
user sees is decided in ``referrals.access``; this module only shapes them."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import User
from django.db.models import (
    Case,
    Count,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)

from anhorigstod import fragments
from anhorigstod.columns import names_only, shown_only
from anhorigstod.pagination import rows_with_total
from anhorigstod.roles import FOLLOW_OUTREACH
from guidance.models import District
from referrals import access
from referrals.outreach import rules, selectors
from referrals.outreach.models import Incident, OutreachPlan, OutreachTask

# The list's open incidents: the newest this many, unless all are asked for.
OPEN_INCIDENTS_SHOWN = 25
# The list's own-district tasks: the nearest due first, as many as a person reads
# before opening one; the rest are on each incident's page.
DISTRICT_TASKS_SHOWN = 25


# The list's columns: what an incident row shows, and nothing more (its facts and
# people stay on the incident page).
LIST_FIELDS = ("reference", "kind", "occurred_at", "closed_at", "status", "district__name")


def _open(user: User) -> QuerySet[Incident]:
    return access.visible_incidents(user).filter(status=Incident.Status.OPEN)


def open_incidents(*, user: User, now: datetime, limit: int | None = None) -> list[Incident]:
    """Open incidents the user sees, the newest ``limit`` (all when None), each with
    its overdue tasks counted, the names of the districts concerned (``affected``)
    and how many open incidents there are in all (``in_all``, counted as they are
    sorted)."""
    # Counted for the incidents shown only: a subquery in the select list is worked out
    # after the sort and the limit, where joining every visible incident's tasks and
    # grouping them counted for all of them.
    overdue = (
        OutreachTask.objects.filter(
            plan__incident=OuterRef("pk"), status=OutreachTask.Status.OPEN, due_at__lt=now
        )
        .order_by()
        .annotate(count=Func("pk", function="COUNT"))
        .values("count")
    )
    newest = (
        _open(user)
        .select_related("district")
        .only(*LIST_FIELDS)
        .annotate(
            overdue=Subquery(overdue, output_field=IntegerField()), in_all=Window(Count("pk"))
        )
        .order_by("-occurred_at", "-pk")
    )
    incidents: list[Incident] = list(newest if limit is None else newest[:limit])
    # The names alone, in one query: no plan or district objects for a column of text.
    affected: dict[int, list[str]] = defaultdict(list)
    plans = OutreachPlan.objects.filter(incident__in=[each.pk for each in incidents])
    for incident_id, name in plans.order_by("district__name").values_list(
        "incident_id", "district__name"
    ):
        affected[incident_id].append(name)
    for incident in incidents:
        incident.affected = affected[incident.pk]  # type: ignore[attr-defined]
    return incidents


def incident_rows_version(incidents: list[Incident]) -> str:
    """What the list's incident rows show: their columns, overdue count and districts.
    No names and no free text: the rows are kept (anhorigstod.fragments.rows_version)."""
    return fragments.rows_version(
        incidents, LIST_FIELDS, lambda incident: (incident.overdue, incident.affected)
    )


def listed_open_incidents(*, user: User, now: datetime, every: bool) -> tuple[list[Incident], int]:
    """The list's open incidents (the newest ``OPEN_INCIDENTS_SHOWN``, or ``every``
    one) and how many there are in all."""
    incidents = open_incidents(user=user, now=now, limit=None if every else OPEN_INCIDENTS_SHOWN)
    return incidents, incidents[0].in_all if incidents else 0  # type: ignore[attr-defined]


def closed_incidents(*, user: User) -> QuerySet[Incident]:
    return (
        access.visible_incidents(user)
        .filter(status=Incident.Status.CLOSED)
        .select_related("district")
        .only(*LIST_FIELDS)
        .order_by("-closed_at", "-pk")
    )


# A listed task's columns: what the incident list's and the start page's rows show
# (its note, history and the plan's routine stay on the incident page).
TASK_ROW_FIELDS = (
    "action",
    "owner_unit",
    "due_at",
    "plan__incident__reference",
    "plan__district__name",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
)


def open_tasks(*, user: User) -> QuerySet[OutreachTask]:
    """Open tasks of the user's districts' plans and their own, of open incidents,
    the nearest due first."""
    return (
        access.followed_tasks(user)
        .filter(status=OutreachTask.Status.OPEN, plan__incident__status=Incident.Status.OPEN)
        .select_related("plan__incident", "plan__district", "owner")
        .only(*TASK_ROW_FIELDS)
        .order_by("due_at", "pk")
    )


def listed_open_tasks(*, user: User) -> tuple[list[OutreachTask], int]:
    """The list's open tasks, the nearest due ``DISTRICT_TASKS_SHOWN``, and how many
    there are in all: one query, the total counted as the rows are sorted."""
    return rows_with_total(open_tasks(user=user), 0, DISTRICT_TASKS_SHOWN)


def overdue_tasks(*, user: User, now: datetime) -> QuerySet[OutreachTask]:
    return open_tasks(user=user).filter(due_at__lt=now)


def start_page_overdue(*, user: User, now: datetime, shown: int) -> tuple[list[OutreachTask], int]:
    """The user's own overdue tasks (the ``shown`` most overdue) and how many of their
    districts' tasks are overdue in all: one query, the user's own sorted first and the
    total counted as the rows are sorted."""
    own_first = Case(When(owner=user, then=Value(0)), default=Value(1))
    rows, in_all = rows_with_total(
        overdue_tasks(user=user, now=now).order_by(own_first, "due_at", "pk"), 0, shown
    )
    return [task for task in rows if task.owner_id == user.pk], in_all


@dataclass
class TaskRow:
    task: OutreachTask
    overdue: bool
    within_days: int | None
    forms: dict = field(default_factory=dict)


@dataclass
class PlanSection:
    """A plan shown in full: the user's district's, or one where they own a task."""

    plan: OutreachPlan
    rows: list[TaskRow] = field(default_factory=list)
    add_form: object = None


def _within_days(task: OutreachTask, occurred_at: datetime) -> int | None:
    """The routine's "within N days" for a task whose due time still follows it."""
    delta = task.due_at - occurred_at
    if delta.total_seconds() >= 0 and delta.seconds == 0 and delta.microseconds == 0:
        return delta.days
    return None


def owner_choices(district_id: int) -> list[tuple[int, str]]:
    """Active staff of the district who follow outreach: who a task may be given to."""
    app_label, codename = FOLLOW_OUTREACH.split(".")
    staff = (
        User.objects.filter(
            is_active=True,
            staff_profile__district_id=district_id,
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
        .values_list("pk", "first_name", "last_name", "username")
    )
    return [(pk, f"{first} {last}".strip() or username) for pk, first, last, username in staff]


def incident_for_page(*, user: User, reference: str) -> Incident:
    """The incident, if the user may see it, with what its page shows of its district
    and of who registered and closed it: their names (one query)."""
    return access.access_incident(
        user,
        reference,
        select_related=("district", "registered_by", "closed_by"),
        defer=(
            *shown_only("district", District, ("name",)),
            *names_only("registered_by", "closed_by"),
        ),
    )


def plan_sections(
    *, user: User, incident: Incident, now: datetime, plans: list[OutreachPlan]
) -> list[PlanSection]:
    """The plans the user follows in full, with their tasks (one query). ``plans`` are
    the incident's every plan, by district name, as its progress read them."""
    districts = access.outreach_districts(user)
    tasks = list(
        access.followed_tasks(user)
        .filter(plan__incident=incident)
        .select_related("owner", "done_by")
        .defer(*names_only("owner", "done_by"))
        .order_by("plan_id", "order", "pk")
    )
    owned_plans = {task.plan_id for task in tasks}
    sections = {
        plan.pk: PlanSection(plan=plan)
        for plan in plans
        if plan.district_id in districts or plan.pk in owned_plans
    }
    for task in tasks:
        task.plan = sections[task.plan_id].plan
        overdue = rules.is_overdue(status=task.status, due_at=task.due_at, now=now)
        row = TaskRow(
            task=task, overdue=overdue, within_days=_within_days(task, incident.occurred_at)
        )
        sections[task.plan_id].rows.append(row)
    return list(sections.values())


def progress(*, incident: Incident, now: datetime) -> tuple[list, selectors.ReachCounts]:
    rows = selectors.plan_progress(incident_id=incident.pk, now=now)
    return rows, selectors.total_reached(rows)


def may_close(user: User, incident: Incident, plans: list) -> bool:
    """Those whose district it happened in, or whose district has a plan, close it."""
    districts = access.outreach_districts(user)
    return incident.district_id in districts or any(
        row.plan.district_id in districts for row in plans
    )
