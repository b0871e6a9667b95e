"""Which internal providers count as support that takes children is a flag on the provider."""

import importlib

import pytest
from django.apps import apps

from guidance.models import InternalProvider
from referrals.statistics import rollup
from referrals.statistics.report import build_report
from tests.referrals.statistics.test_statistics import make_contact, make_referral

pytestmark = pytest.mark.django_db

CHILD_SUPPORT_ROW = "Hänvisad till stöd som tar emot barn"


@pytest.fixture
def staff(make_user):
    from anhorigstod import roles

    return make_user(roles.CONSULTANT, username="konsulent")


def child_support(staff, provider: str) -> int | None:
    """Five contacts, each referred to ``provider``: the children table's count of
    contacts referred to support that takes children."""
    for _ in range(5):
        make_referral(make_contact(staff), provider=provider)
    rollup.compute()
    report = build_report(month_from=None, month_to=None, district=None)
    children = next(table for table in report.tables if table.key == "children")
    return {row.label: row.count for row in children.rows}[CHILD_SUPPORT_ROW]


def test_a_provider_flagged_as_serving_children_counts_in_the_child_figures(staff):
    InternalProvider.objects.filter(key="family-therapist").update(serves_children=True)

    assert child_support(staff, "family-therapist") == 5


def test_an_unflagged_provider_does_not(staff):
    InternalProvider.objects.filter(key="outpatient-children").update(serves_children=False)

    assert child_support(staff, "outpatient-children") == 0


def test_the_note_names_the_flagged_providers():
    InternalProvider.objects.filter(key="family-therapist").update(serves_children=True)

    report = build_report(month_from=None, month_to=None, district=None)

    note = next(table for table in report.tables if table.key == "children").note
    assert note == (
        "Stöd som tar emot barn: externt stöd som tar emot barn eller Familjebehandlare "
        "eller Öppenvården för barn och unga."
    )


def test_the_fixture_flags_the_outpatient_support_for_children_only():
    flagged = InternalProvider.objects.filter(serves_children=True)

    assert list(flagged.values_list("key", flat=True)) == ["outpatient-children"]


def test_the_migration_flags_the_provider_that_was_named_in_code():
    InternalProvider.objects.update(serves_children=False)
    migration = importlib.import_module(
        "guidance.migrations.0003_internal_provider_serves_children"
    )

    migration.flag_the_child_provider(apps, schema_editor=None)

    flagged = InternalProvider.objects.filter(serves_children=True)
    assert list(flagged.values_list("key", flat=True)) == ["outpatient-children"]
