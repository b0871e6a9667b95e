"""What the outreach pages read: each district's progress in counts, in a fixed
number of queries however many plans, tasks and relatives an incident has."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Q

from referrals.outreach.models import OutreachPlan, OutreachTask, RelativeReached

Outcome = RelativeReached.Outcome


@dataclass
class ReachCounts:
    """How many relatives were offered support, accepted, declined, could not be reached."""

    accepted: int = 0
    offered_undecided: int = 0
    declined: int = 0
    unreachable: int = 0

    @property
    def offered(self) -> int:
        return self.accepted + self.offered_undecided + self.declined

    @property
    def total(self) -> int:
        return self.offered + self.unreachable

    def add(self, other: "ReachCounts") -> None:
        self.accepted += other.accepted
        self.offered_undecided += other.offered_undecided
        self.declined += other.declined
        self.unreachable += other.unreachable


@dataclass
class PlanProgress:
    """One district's plan in counts: tasks done, not applicable, open and overdue,
    and the relatives reached."""

    plan: OutreachPlan
    tasks: int = 0
    done: int = 0
    not_applicable: int = 0
    open: int = 0
    overdue: int = 0
    reached: ReachCounts = field(default_factory=ReachCounts)


# What the incident page shows of a plan, its district and its routine (a link):
# not the districts' and the routine's texts, which would be read for nothing.
PLAN_FIELDS = (
    "incident_id",
    "routine_name",
    "without_own_routine",
    "offer_within_days",
    "district__key",
    "district__name",
    "routine__key",
    "routine__district__key",
)


def plan_progress(
    *, incident_id: int, now: datetime, reached: list[tuple[int, str]] | None = None
) -> list[PlanProgress]:
    """Every concerned district's progress on one incident: the plans with their tasks
    counted (one query), and the relatives reached counted (another). ``reached``
    are the incident's relatives reached as (plan id, outcome) when the caller has read
    them all already (the incident page lists them): then they are not counted again."""
    Status = OutreachTask.Status
    counted = (
        OutreachPlan.objects.filter(incident_id=incident_id)
        .select_related("district", "routine__district")
        .only(*PLAN_FIELDS)
        .annotate(
            task_count=Count("tasks"),
            done_count=Count("tasks", filter=Q(tasks__status=Status.DONE)),
            not_applicable_count=Count("tasks", filter=Q(tasks__status=Status.NOT_APPLICABLE)),
            open_count=Count("tasks", filter=Q(tasks__status=Status.OPEN)),
            overdue_count=Count(
                "tasks", filter=Q(tasks__status=Status.OPEN, tasks__due_at__lt=now)
            ),
        )
        # A grouped query leaves the model's ordering out: by district name, as listed.
        .order_by("district__name", "pk")
    )
    plans = {
        plan.pk: PlanProgress(
            plan=plan,
            tasks=plan.task_count,
            done=plan.done_count,
            not_applicable=plan.not_applicable_count,
            open=plan.open_count,
            overdue=plan.overdue_count,
        )
        for plan in counted
    }
    reach_counts: Iterable[tuple[int, str, int]] = (
        RelativeReached.objects.filter(plan_id__in=plans)
        .values_list("plan_id", "outcome")
        .annotate(count=Count("pk"))
        if reached is None
        else [(plan_id, outcome, 1) for plan_id, outcome in reached]
    )
    for plan_id, outcome, count in reach_counts:
        _add_outcome(plans[plan_id].reached, outcome, count)
    return list(plans.values())


def _add_outcome(counts: ReachCounts, outcome: str, count: int) -> None:
    name = {
        Outcome.ACCEPTED: "accepted",
        Outcome.OFFERED: "offered_undecided",
        Outcome.DECLINED: "declined",
        Outcome.UNREACHABLE: "unreachable",
    }[Outcome(outcome)]
    setattr(counts, name, getattr(counts, name) + count)


def total_reached(progress: list[PlanProgress]) -> ReachCounts:
    total = ReachCounts()
    for district in progress:
        total.add(district.reached)
    return total
