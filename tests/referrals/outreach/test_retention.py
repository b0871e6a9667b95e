"""Retention of closed incidents: anonymised to what the statistics count
(referrals.outreach.retention)."""

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from anhorigstod import roles
from audit.models import AuditEvent
from referrals import access
from referrals.outreach import statistics
from referrals.outreach.models import (
    Incident,
    OutreachPlan,
    OutreachTask,
    RelativeReached,
)
from referrals.outreach.retention import anonymise_closed_incidents, quarter_start

pytestmark = pytest.mark.django_db

MARKER = "MARKÖR-7731"
STOCKHOLM = timezone.get_default_timezone()
YEAR = timezone.localdate().year - 2
Outcome = RelativeReached.Outcome
OUTREACH_MODELS = (Incident, OutreachPlan, OutreachTask, RelativeReached)
# Not written by anyone about the incident: the routine's name as the plan copied it.
KEPT = {"referrals.OutreachPlan.routine_name"}


@pytest.fixture(autouse=True)
def _retention_days(settings):
    settings.INCIDENT_RETENTION_DAYS = 365


@pytest.fixture
def registrar(district_staff):
    return district_staff(roles.CONSULTANT, "rinkeby-kista", "registrar")


@pytest.fixture
def incident(registrar, make_incident, make_referral):
    """A shooting on 14 May at 21:47, closed 400 days ago, with tasks full of notes and
    three relatives reached: one with a contact, in time; one late; one unreachable."""
    made = make_incident(
        by=registrar,
        occurred_at=datetime(YEAR, 5, 14, 21, 47, tzinfo=STOCKHOLM),
        known_facts=f"{MARKER} vid torget",
    )
    return close(made, by=registrar, days_ago=400, with_notes=True, contact=make_referral().contact)


def close(incident, *, by, days_ago: int, with_notes=False, contact=None) -> Incident:
    Incident.objects.filter(pk=incident.pk).update(
        status=Incident.Status.CLOSED,
        closed_at=timezone.now() - timedelta(days=days_ago),
        closed_by=by,
        closing_note=f"{MARKER} alla nådda",
    )
    if with_notes:
        OutreachTask.objects.filter(plan__incident=incident).update(
            owner=by,
            note=f"{MARKER} ringde mamman",
            not_applicable_reason=MARKER,
            action=f"{MARKER} hembesök",
            owner_unit=MARKER,
        )
        plan = incident.plans.order_by("pk").first()
        occurred = incident.occurred_at
        for outcome, after, linked in [
            (Outcome.ACCEPTED, timedelta(days=1, hours=23), contact),
            (Outcome.OFFERED, timedelta(days=2, minutes=5), None),
            (Outcome.UNREACHABLE, timedelta(days=3), None),
        ]:
            RelativeReached.objects.create(
                plan=plan,
                outcome=outcome,
                reached_at=occurred + after,
                contact=linked,
                recorded_by=by,
            )
    return Incident.objects.get(pk=incident.pk)


def _figures():
    """The raw counts the statistics rest on, and the suppressed tables."""
    return (
        statistics._incident_counts(YEAR),
        statistics._relative_counts(YEAR),
        statistics.csv_rows(statistics.build_statistics(filters=statistics.Filters(year=YEAR))),
    )


def _text_columns(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and f"{model._meta.label}.{field.name}" not in KEPT
    ]


def test_a_closed_incident_past_retention_keeps_only_what_the_statistics_count(incident, registrar):
    figures_before = _figures()

    assert anonymise_closed_incidents() == 1

    anonymised = Incident.objects.get(pk=incident.pk)
    assert anonymised.anonymised_at is not None
    assert anonymised.known_facts == "" and anonymised.closing_note == ""
    assert anonymised.registered_by is None and anonymised.closed_by is None
    assert not OutreachTask.objects.filter(plan__incident=incident).exists()
    for model in OUTREACH_MODELS:
        for column in _text_columns(model):
            found = model.objects.filter(**{f"{column}__contains": MARKER})
            assert not found.exists(), f"{model.__name__}.{column}"
    reached = RelativeReached.objects.filter(plan__incident=incident)
    assert {(r.contact_id, r.recorded_by_id) for r in reached} == {(None, None)}
    # The exact time is gone, the quarter and the time to reach stay.
    assert timezone.localtime(anonymised.occurred_at) == datetime(YEAR, 4, 1, tzinfo=STOCKHOLM)
    taken = sorted(r.reached_at - anonymised.occurred_at for r in reached)
    assert taken == [timedelta(days=1, hours=23), timedelta(days=2, minutes=5), timedelta(days=3)]
    shift = incident.occurred_at - anonymised.occurred_at
    assert anonymised.registered_at == incident.registered_at - shift
    assert _figures() == figures_before
    # Nobody sees it any longer, not even who registered it.
    assert not access.visible_incidents(registrar).filter(pk=incident.pk).exists()


def test_only_closed_incidents_past_retention_are_anonymised(registrar, make_incident):
    long_ago = timezone.now() - timedelta(days=2000)
    still_open = make_incident(by=registrar, occurred_at=long_ago)
    recent = make_incident(by=registrar, occurred_at=long_ago)
    recently_closed = close(recent, by=registrar, days_ago=300)
    old = close(make_incident(by=registrar, occurred_at=long_ago), by=registrar, days_ago=366)

    assert anonymise_closed_incidents() == 1

    assert list(Incident.objects.filter(anonymised_at__isnull=False)) == [old]
    assert Incident.objects.get(pk=still_open.pk).known_facts
    assert Incident.objects.get(pk=recently_closed.pk).closing_note
    assert OutreachTask.objects.filter(plan__incident=still_open).exists()


def test_retention_is_idempotent_and_recorded_once(incident):
    assert anonymise_closed_incidents() == 1
    moved = Incident.objects.get(pk=incident.pk).occurred_at

    assert anonymise_closed_incidents() == 0

    assert Incident.objects.get(pk=incident.pk).occurred_at == moved
    event = AuditEvent.objects.get(action=AuditEvent.Action.RETENTION_APPLIED)
    assert event.details == {"anonymised_incidents": 1, "retention_days": 365}
    assert event.actor is None


def test_the_retention_period_is_a_setting(incident, settings):
    settings.INCIDENT_RETENTION_DAYS = 500

    assert anonymise_closed_incidents() == 0


def test_the_daily_retention_command_anonymises_incidents(incident):
    call_command("apply_retention")

    assert Incident.objects.get(pk=incident.pk).anonymised_at is not None


@pytest.mark.parametrize(
    ("moment", "start"),
    [
        (datetime(2025, 3, 31, 23, 30), datetime(2025, 1, 1)),
        (datetime(2025, 4, 1, 0, 30), datetime(2025, 4, 1)),
        (datetime(2025, 12, 31, 23, 59), datetime(2025, 10, 1)),
        (datetime(2025, 8, 15, 12, 0), datetime(2025, 7, 1)),
    ],
)
def test_quarter_start_is_in_stockholm_time(moment, start):
    assert quarter_start(moment.replace(tzinfo=STOCKHOLM)) == start.replace(tzinfo=STOCKHOLM)
