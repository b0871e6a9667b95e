"""The statistics' writes and audit events live in services and the roll-up. (That
the views only read and delegate is tests/test_architecture.py.)"""

import io
from datetime import date

import pytest
from django.core.management import call_command

from anhorigstod import roles
from audit.models import AuditEvent
from guidance.models import District
from referrals.statistics import rollup, services
from referrals.statistics.models import StatisticsRun
from tests.referrals.statistics.test_statistics import make_contact


@pytest.fixture
def staff(make_user):
    return make_user(roles.CONSULTANT, username="konsulent")


def computed_events():
    return AuditEvent.objects.filter(action=AuditEvent.Action.STATISTICS_COMPUTED)


@pytest.mark.django_db
def test_the_nightly_command_records_one_event_without_an_actor(staff):
    for _ in range(3):
        make_contact(staff)

    call_command("compute_statistics", stdout=io.StringIO())

    event = computed_events().get()
    assert event.actor is None
    assert event.details["started_from"] == rollup.STARTED_FROM_COMMAND
    assert event.details["contacts"] == 3
    assert StatisticsRun.objects.get().started_by is None


@pytest.mark.django_db
def test_computing_on_request_records_the_user_and_the_page(staff):
    run, computed = services.compute_on_request(user=staff)

    assert computed
    event = computed_events().get()
    assert event.actor == staff
    assert event.details["started_from"] == rollup.STARTED_FROM_PAGE
    assert run.started_by == staff


@pytest.mark.django_db
def test_figures_kept_because_they_are_recent_record_nothing(staff):
    services.compute_on_request(user=staff)

    _run, computed = services.compute_on_request(user=staff)

    assert not computed
    assert computed_events().count() == 1


@pytest.mark.django_db
def test_viewing_and_exporting_are_recorded_without_a_request(staff):
    filters = services.Filters(
        month_from=date(2026, 1, 1), district=District.objects.get(key="farsta")
    )

    services.view_report(user=staff, filters=filters, print_view=True)
    services.export_report(user=staff, filters=filters)

    viewed = AuditEvent.objects.get(action=AuditEvent.Action.STATISTICS_VIEWED)
    exported = AuditEvent.objects.get(action=AuditEvent.Action.STATISTICS_EXPORTED)
    assert (viewed.actor, exported.actor) == (staff, staff)
    assert viewed.details == {
        "month_from": "2026-01",
        "month_to": None,
        "district": "farsta",
        "print": True,
    }
    assert exported.details == {"month_from": "2026-01", "month_to": None, "district": "farsta"}
