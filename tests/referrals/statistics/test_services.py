"""The statistics' writes live in services and the roll-up; the views only read and delegate."""

import ast
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from anhorigstod import roles
from audit.models import AuditEvent
from guidance.models import District
from referrals.statistics import rollup, services
from referrals.statistics import views as statistics_views
from referrals.statistics.models import StatisticsRun
from tests.referrals.statistics.test_statistics import make_contact

WRITES = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}


def _views_module() -> ast.Module:
    return ast.parse(Path(statistics_views.__file__).read_text(encoding="utf-8"))


def _writes(tree: ast.Module) -> list[str]:
    return [
        f"line {node.lineno}: .{node.func.attr}("
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in WRITES
    ]


def _audit_imports(tree: ast.Module) -> list[str]:
    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            imported += [node.module or ""]
    return [name for name in imported if name == "audit" or name.startswith("audit.")]


def test_the_statistics_views_call_no_orm_write():
    assert _writes(_views_module()) == [], "a write in the statistics views belongs in a service"


def test_the_statistics_views_do_not_import_the_audit_trail():
    assert _audit_imports(_views_module()) == [], "the services write the audit trail"


def test_the_checks_find_what_they_look_for():
    tree = ast.parse(
        "from audit import trail\n"
        "import audit.models\n"
        "def post(request):\n"
        "    run.save()\n"
        "    StatisticsRun.objects.create(contacts=1)\n"
        "    MonthlyFigure.objects.filter(pk=1).update(value=2)\n"
        "    MonthlyFigure.objects.all().delete()\n"
    )
    assert _writes(tree) == [
        "line 4: .save(",
        "line 5: .create(",
        "line 6: .update(",
        "line 7: .delete(",
    ]
    assert _audit_imports(tree) == ["audit", "audit.models"]


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
