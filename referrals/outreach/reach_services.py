"""What changes the relatives reached after an incident: the contact a caseworker
submits from a plan, and an outcome recorded without a contact or changed later.

Each function runs in one transaction and writes ``RELATIVE_REACHED`` through
``audit.trail.record``. Who may call them for which plan is the caller's check
(``referrals.access.reach_plans``).
"""

import uuid
from datetime import datetime

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import trail
from audit.models import AuditEvent
from referrals.models import Contact
from referrals.outreach.models import Incident, OutreachPlan, RelativeReached

Outcome = RelativeReached.Outcome

# The target group a contact started from an incident belongs to (the guidance's key).
TARGET_GROUP = "shootings-and-lethal-violence"


def prefilled_situation(*, incident: Incident, plan: OutreachPlan) -> dict[str, object]:
    """The guided path's first step as far as the incident answers it, stored in the
    raw form a saved step has. The date of the contact, the entry route and whether
    the person is known to the service are left for the caseworker, so the step
    stays unanswered (and every later step closed) until they have been given."""
    return {
        "district": plan.district.key,
        "target_groups": [TARGET_GROUP],
        "event_kind": incident.kind,
        "event_date": timezone.localdate(incident.occurred_at).isoformat(),
    }


def _record(*, user: User, reached: RelativeReached, incident: Incident, change: str) -> None:
    trail.record(
        actor=user,
        action=AuditEvent.Action.RELATIVE_REACHED,
        incident=incident,
        contact=reached.contact,
        details={
            "change": change,
            "district": reached.plan.district.key,
            "outcome": reached.outcome,
        },
    )


def record_contact_reached(*, plan: OutreachPlan, contact: Contact, user: User) -> RelativeReached:
    """Link a contact submitted from ``plan``: the relative accepted support when the
    contact made a referral, and was offered it otherwise. Runs inside the submit's
    transaction."""
    reached = RelativeReached.objects.create(
        plan=plan,
        contact=contact,
        outcome=Outcome.ACCEPTED if contact.referrals.exists() else Outcome.OFFERED,
        reached_at=timezone.now(),
        recorded_by=user,
    )
    _record(user=user, reached=reached, incident=plan.incident, change="contact")
    return reached


def record_outcome(
    *,
    user: User,
    plan: OutreachPlan,
    outcome: str,
    reached_at: datetime,
    start_token: uuid.UUID,
) -> RelativeReached:
    """Record a relative reached without a contact; the same ``start_token`` (a
    double click, a resent form) records once."""
    existing = RelativeReached.objects.filter(start_token=start_token).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            reached = RelativeReached.objects.create(
                plan=plan,
                outcome=Outcome(outcome),
                reached_at=reached_at,
                recorded_by=user,
                start_token=start_token,
            )
            _record(user=user, reached=reached, incident=plan.incident, change="recorded")
    except IntegrityError:
        # A concurrent post with the same token won the race.
        return RelativeReached.objects.get(start_token=start_token)
    return reached


@transaction.atomic
def change_outcome(*, user: User, reached: RelativeReached, outcome: str) -> RelativeReached:
    """Change a recorded outcome, for example an offer the relative has now answered.
    Posting the outcome it already has changes nothing and records nothing."""
    locked = (
        RelativeReached.objects.select_for_update(of=("self",))
        .select_related("plan__district", "plan__incident", "contact")
        .get(pk=reached.pk)
    )
    if locked.outcome == outcome:
        return locked
    locked.outcome = Outcome(outcome)
    locked.save(update_fields=["outcome"])
    _record(user=user, reached=locked, incident=locked.plan.incident, change="outcome")
    return locked
