"""What the outreach pages read: each district's progress in counts, in a fixed
number of queries however many plans, tasks and relatives an incident has."""

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


def plan_progress(*, incident_id: int, now: datetime) -> list[PlanProgress]:
    """Every concerned district's progress on one incident (three queries)."""
    plans = {
        plan.pk: PlanProgress(plan=plan)
        for plan in OutreachPlan.objects.filter(incident_id=incident_id).select_related(
            "district", "routine__district"
        )
    }
    Status = OutreachTask.Status
    task_counts = (
        OutreachTask.objects.filter(plan_id__in=plans)
        .values("plan_id")
        .annotate(
            tasks=Count("pk"),
            done=Count("pk", filter=Q(status=Status.DONE)),
            not_applicable=Count("pk", filter=Q(status=Status.NOT_APPLICABLE)),
            open=Count("pk", filter=Q(status=Status.OPEN)),
            overdue=Count("pk", filter=Q(status=Status.OPEN, due_at__lt=now)),
        )
    )
    for counted in task_counts:
        progress = plans[counted["plan_id"]]
        progress.tasks, progress.done = counted["tasks"], counted["done"]
        progress.not_applicable, progress.open = counted["not_applicable"], counted["open"]
        progress.overdue = counted["overdue"]
    reach_counts = (
        RelativeReached.objects.filter(plan_id__in=plans)
        .values("plan_id", "outcome")
        .annotate(count=Count("pk"))
    )
    for reached in reach_counts:
        _add_outcome(plans[reached["plan_id"]].reached, reached["outcome"], reached["count"])
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
