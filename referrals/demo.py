"""Fictional demo contacts for a laptop (``make run``); never created without DEBUG."""

import random
import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from audit import trail
from audit.models import AuditEvent
from referrals.follow_up import services as follow_up_services
from referrals.intake import examples, journey
from referrals.intake import services as intake_services
from referrals.models import Contact, Draft
from referrals.outreach import services as outreach_services
from referrals.outreach.models import Incident, IncidentKind, OutreachTask

# The demo incident's start token: a second run finds it rather than adding another.
DEMO_INCIDENT_TOKEN = uuid.UUID("5eed0016-0000-4000-8000-000000000001")

DEMO_SITUATIONS = [
    # target groups, entry route, gender, age group, needs
    (["criminal-lifestyle"], "relative-contacted", "woman", "45-64", ["advice"]),
    (["criminal-lifestyle"], "relative-contacted", "woman", "45-64", ["advice", "group"]),
    (["vbe"], "noticed-through-person", "woman", "45-64", ["advice"]),
    (["shootings-and-lethal-violence"], "information-other-way", "woman", "26-44", ["crisis"]),
    (["shootings-and-lethal-violence"], "information-other-way", "man", "45-64", ["crisis"]),
    (
        ["criminal-lifestyle", "children-as-relatives"],
        "relative-contacted",
        "woman",
        "26-44",
        ["advice", "parenting"],
    ),
    (["criminal-lifestyle"], "relative-contacted", "man", "45-64", ["advice"]),
]
CONSENT = {
    "consent_given": "yes",
    "given_by": "Den närstående",
    "scope": "Kontakt med den anhöriga",
    "given_on": "",
    "method": "oral",
}


def create_demo_contacts(*, caseworker, consultant, count: int = 21) -> int:
    """Contacts and referrals in every state, so inbox and statistics have something to show."""
    if Contact.objects.exists():
        return 0
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    for number in range(count):
        groups, route, gender, age, needs = DEMO_SITUATIONS[number % len(DEMO_SITUATIONS)]
        day = today - timedelta(days=rng.randint(5, 120))
        steps = {
            "first-contact": {
                "contact_date": day.isoformat(),
                "entry_route": route,
                "target_groups": groups,
            },
            "relative": {"gender": gender, "age_group": age},
            "needs": {"needs": needs},
        }
        if route == "noticed-through-person":
            steps["consent"] = {**CONSENT, "given_on": day.isoformat()}
        draft = Draft.objects.create(
            owner=caseworker,
            start_token=uuid.uuid4(),
            path_version=journey.PATH_VERSION,
            answers=examples.example_answers(**steps),  # type: ignore[arg-type]
        )
        referral = intake_services.submit_draft(draft=draft, user=caseworker).referrals.get()
        _advance(referral, consultant, stage=number % 4, first_day=day, rng=rng)
    return count


def create_demo_incident(*, consultant, district) -> Incident | None:
    """A shooting in ``district`` three days ago, registered by the consultant, its
    plan made from the city default (Farsta has no routine of its own): the first
    task done, the others overdue. None if it exists already."""
    if Incident.objects.filter(start_token=DEMO_INCIDENT_TOKEN).exists():
        return None
    with transaction.atomic():
        incident = outreach_services.register_incident(
            user=consultant,
            start_token=DEMO_INCIDENT_TOKEN,
            kind=IncidentKind.SHOOTING,
            occurred_at=timezone.now() - timedelta(days=3),
            district=district,
            affected_districts=[district],
            known_facts="Påhittad demohändelse: skjutning vid centrum, en person skadad.",
        )
        task = OutreachTask.objects.filter(plan__incident=incident).order_by("order").first()
        if task is not None:
            task.status = OutreachTask.Status.DONE
            task.done_at = incident.occurred_at + timedelta(days=1)
            task.done_by = consultant
            task.note = "De anhöriga nåddes dagen efter."
            task.version += 1
            task.save()
            trail.record(
                actor=consultant,
                action=AuditEvent.Action.TASK_DONE,
                incident=incident,
                details={"task": task.pk},
            )
    return incident


def _advance(referral, consultant, *, stage: int, first_day, rng) -> None:
    """Stage 0 leaves it sent; 1 accepted; 2 under way with sessions; 3 closed."""
    if stage == 0:
        return
    referral = follow_up_services.move_referral(
        referral=referral, action="accept", user=consultant, expected_version=referral.version
    )
    if stage == 1:
        return
    score = rng.randint(8, 20)
    for week in range(rng.randint(2, 4)):
        referral.refresh_from_db()
        follow_up_services.log_session(
            referral=referral,
            user=consultant,
            expected_version=referral.version,
            held_on=first_day + timedelta(days=7 * (week + 1)),
            form="visit",
            attended=True,
            minutes=50,
            ors_score=min(score + 4 * week, 40),
            note="",
            concerns="",
        )
    if stage == 3:
        referral.refresh_from_db()
        follow_up_services.move_referral(
            referral=referral,
            action="close",
            user=consultant,
            expected_version=referral.version,
            outcome="needs_met",
        )
