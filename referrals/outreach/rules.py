"""The rules of outreach as plain functions: which routine a district's plan follows,
when a task is due, when it is overdue, and whether support was offered in time.

The seeds give no times for the routines' steps (Rinkeby-Kista's says "snarast",
as soon as possible). Where a step has no number of days, a task is due
``DEFAULT_TASK_DAYS`` after the incident, and relatives are to be offered support
within ``DEFAULT_OFFER_DAYS``: rules we chose, listed in the README, that an
administrator overrides per step by giving the routine's step a number of days.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from guidance.models import LocalRoutine, RoutineStep
from referrals.outreach.models import OutreachTask

DEFAULT_TASK_DAYS = 2
DEFAULT_OFFER_DAYS = 2


def routine_for(
    district_id: int, routines: Iterable[LocalRoutine]
) -> tuple[LocalRoutine | None, bool]:
    """The routine a district's plan follows, and whether it is the city's default
    because the district has none of its own (``routines`` are the serious-violence
    routines, the city default among them)."""
    own = None
    default = None
    for routine in routines:
        if routine.district_id == district_id and own is None:
            own = routine
        elif routine.district_id is None:
            default = routine
    if own is not None:
        return own, False
    return default, True


def task_due(occurred_at: datetime, within_days: int | None) -> datetime:
    """A step's task is due its number of days after the incident, or
    ``DEFAULT_TASK_DAYS`` where the routine gives none."""
    days = DEFAULT_TASK_DAYS if within_days is None else within_days
    return occurred_at + timedelta(days=days)


def offer_within_days(steps: Iterable[RoutineStep]) -> int:
    """How soon relatives are to be offered support: the routine's longest step,
    or ``DEFAULT_OFFER_DAYS`` where no step gives a number of days."""
    days = [step.within_days for step in steps if step.within_days is not None]
    return max(days) if days else DEFAULT_OFFER_DAYS


def offer_deadline(occurred_at: datetime, days: int) -> datetime:
    return occurred_at + timedelta(days=days)


def is_overdue(*, status: str, due_at: datetime, now: datetime) -> bool:
    """An open task past its due time; done and not-applicable tasks never are."""
    return status == OutreachTask.Status.OPEN and due_at < now


def offered_in_time(*, reached_at: datetime, occurred_at: datetime, days: int) -> bool:
    return reached_at <= offer_deadline(occurred_at, days)
