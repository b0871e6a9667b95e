"""The verification round: the due list, a round of per-entry checks, the CSV,
the start page's count, and the clean-up of hand-typed "Kontrollerad av"."""

import csv
import importlib
import io
import re
from datetime import date, timedelta

import pytest
from django.apps import apps as django_apps
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from guidance import checks
from guidance import models as m
from guidance.loading import load_guidance
from guidance.verification import falls_due_on, is_due_soon

TODAY = date(2026, 6, 1)
ROUND = "admin:guidance_service_verification"
Outcome = m.ServiceCheck.Outcome


# --- the rules, without a database


@override_settings(DIRECTORY_VERIFY_AFTER_DAYS=365)
@pytest.mark.parametrize(
    ("checked", "soon"),
    [
        (None, False),  # due already
        (TODAY - timedelta(days=366), False),  # due already
        (TODAY - timedelta(days=365), True),  # due tomorrow
        (TODAY - timedelta(days=336), True),  # due in 30 days
        (TODAY - timedelta(days=335), False),  # due in 31 days
        (TODAY, False),
    ],
)
def test_due_within_30_days_means_not_due_yet_but_within_a_month(checked, soon):
    assert is_due_soon(checked, TODAY) is soon


@override_settings(DIRECTORY_VERIFY_AFTER_DAYS=365)
def test_a_service_falls_due_the_day_after_its_check_gets_too_old():
    assert falls_due_on(date(2025, 6, 1)) == date(2026, 6, 2)
    assert falls_due_on(None) is None


# --- which services are listed


def _set(service, **fields):
    m.Service.objects.filter(pk=service.pk).update(**fields)
    service.refresh_from_db()
    return service


@pytest.fixture
def four_services():
    """Every service checked today except four: never, old, older, soon due."""
    today = timezone.localdate()
    m.Service.objects.update(last_verified_at=today, status=m.Service.Status.ACTIVE)
    never, old, older, soon = m.Service.objects.order_by("pk")[:4]
    _set(never, last_verified_at=None)
    _set(old, last_verified_at=today - timedelta(days=400))
    _set(older, last_verified_at=today - timedelta(days=800))
    _set(soon, last_verified_at=today - timedelta(days=350))
    return never, old, older, soon


@pytest.mark.django_db
@override_settings(DIRECTORY_VERIFY_AFTER_DAYS=365)
def test_the_due_list_is_oldest_first_and_leaves_out_closed_but_not_temporarily_closed(
    four_services,
):
    never, old, older, soon = four_services
    assert list(checks.due_services()) == [never, older, old]
    assert list(checks.due_services(when=checks.DUE_SOON)) == [soon]
    assert checks.due_counts() == checks.DueCounts(overdue=3, soon=1)

    _set(old, status=m.Service.Status.TEMPORARILY_CLOSED)
    _set(older, status=m.Service.Status.CLOSED)
    assert list(checks.due_services()) == [never, old]


# --- recording a round


@pytest.mark.django_db
def test_a_round_records_each_outcome_as_the_signed_in_user(make_user, four_services):
    never, old, older, soon = four_services
    before = {s.pk: s.updated_at for s in four_services}
    anna = make_user(roles.ADMINISTRATOR, username="anna", first_name="Anna", last_name="Ek")
    today = timezone.localdate()

    checks.record_round(
        user=anna,
        results=[
            checks.CheckResult(never, Outcome.UNCHANGED, "phone", "Talade med Bo."),
            checks.CheckResult(old, Outcome.UPDATED, "web", "Nytt nummer."),
            checks.CheckResult(older, Outcome.CLOSED, "email", "Verksamheten lades ned i maj."),
            checks.CheckResult(soon, Outcome.UNREACHABLE, "phone", "Ingen svarade."),
        ],
    )

    recorded = {c.service_id: c for c in m.ServiceCheck.objects.all()}
    assert {c.checked_by_name for c in recorded.values()} == {"Anna Ek"}
    assert recorded[never.pk].method == "phone" and recorded[never.pk].note == "Talade med Bo."
    assert recorded[older.pk].outcome == Outcome.CLOSED
    for service in (never, old):
        service.refresh_from_db()
        assert (service.last_verified_at, service.last_verified_by) == (today, "Anna Ek")
        # a check is not an edit: no edit mark, no new "senast ändrad"
        assert not service.locally_edited
        assert service.updated_at == before[service.pk]
    soon.refresh_from_db()
    assert soon.last_verified_at == today - timedelta(days=350)  # unreachable confirms nothing
    older.refresh_from_db()
    assert older.status == m.Service.Status.CLOSED
    assert older.closed_on == today
    assert older.closure_reason == "Verksamheten lades ned i maj."
    assert older.locally_edited  # closing is an edit: a fixture load must not reopen it
    assert older.last_verified_by == "Anna Ek"


@pytest.mark.django_db
def test_a_checked_service_still_takes_fixture_updates_of_other_fields(make_user):
    service = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    admin_user = make_user(roles.ADMINISTRATOR)
    checks.record_round(
        user=admin_user, results=[checks.CheckResult(service, Outcome.UNCHANGED, "phone")]
    )
    _set(service, description="Gammal beskrivning")

    report = load_guidance()

    service.refresh_from_db()
    assert f"guidance.service:{service.key}" in report.updated
    assert service.description != "Gammal beskrivning"
    assert service.last_verified_at == timezone.localdate()
    assert service.last_verified_by == admin_user.get_username()


# --- the round in the admin


@pytest.mark.django_db
@override_settings(DIRECTORY_VERIFY_AFTER_DAYS=365)
def test_the_due_page_lists_due_services_with_clickable_contact_routes(client_as, four_services):
    never, old, older, soon = four_services
    _set(never, phone="08-123 45 67", email="info@example.org", url="https://example.org/")
    _set(old, status=m.Service.Status.TEMPORARILY_CLOSED)

    client = client_as(roles.ADMINISTRATOR)
    response = client.get(reverse(ROUND))

    page = response.content.decode()
    assert [service for service, _form in response.context["rows"]] == [never, older, old]
    assert 'href="tel:081234567"' in page
    assert 'href="mailto:info@example.org"' in page
    assert 'href="https://example.org/"' in page
    assert "Tillfälligt stängd" in page
    soon_page = client.get(reverse(ROUND), {"due": "soon"})
    assert [service for service, _form in soon_page.context["rows"]] == [soon]


@pytest.mark.django_db
def test_the_round_page_needs_the_right_to_change_services(client_as):
    response = client_as(roles.USER_ADMINISTRATOR).get(reverse(ROUND))
    assert response.status_code == 403


def _row(service, outcome="", method="", note=""):
    prefix = f"service-{service.pk}"
    return {f"{prefix}-outcome": outcome, f"{prefix}-method": method, f"{prefix}-note": note}


@pytest.mark.django_db
@override_settings(DIRECTORY_VERIFY_AFTER_DAYS=365)
def test_a_round_posted_in_one_go_records_only_rows_with_an_outcome(client_as, four_services):
    never, old, older, _soon = four_services
    client = client_as(roles.ADMINISTRATOR)
    data = {
        "service": [never.pk, old.pk, older.pk],
        **_row(never, Outcome.UNCHANGED, "phone"),
        **_row(old, Outcome.UPDATED, "web", "Ny adress."),
        **_row(older),
    }

    response = client.post(reverse(ROUND), data, follow=True)

    assert response.status_code == 200
    recorded = {c.service_id: c for c in m.ServiceCheck.objects.all()}
    assert set(recorded) == {never.pk, old.pk}
    assert recorded[never.pk].checked_by.username == "user-administratör"
    page = response.content.decode()
    assert "2 kontroller sparade." in page
    change_url = reverse("admin:guidance_service_change", args=[old.pk])
    assert f'Uppdatera uppgifterna nu: <a href="{change_url}">' in page


@pytest.mark.django_db
def test_a_row_with_missing_answers_is_explained_next_to_the_field_and_kept(
    client_as, four_services
):
    never, old, older, _soon = four_services
    client = client_as(roles.ADMINISTRATOR)
    data = {
        "service": [never.pk, old.pk, older.pk],
        **_row(never, Outcome.UNCHANGED, "phone", "Stämmer."),
        **_row(old, Outcome.UNCHANGED, "", "Ringde."),
        **_row(older, Outcome.CLOSED, "phone", ""),
    }

    response = client.post(reverse(ROUND), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj hur du kontrollerade tjänsten." in page
    assert "Skriv varför tjänsten är nedlagd eller stängd." in page
    assert "Stämmer.</textarea>" in page and "Ringde.</textarea>" in page
    assert m.ServiceCheck.objects.count() == 0  # nothing recorded until every row is right
    note_only = client.post(reverse(ROUND), {"service": [never.pk], **_row(never, note="x")})
    assert "Välj ett resultat, eller töm raden" in note_only.content.decode()


@pytest.mark.django_db
def test_the_list_action_opens_the_round_for_the_picked_services(client_as):
    picked = list(m.Service.objects.order_by("pk")[:2])
    response = client_as(roles.ADMINISTRATOR).post(
        reverse("admin:guidance_service_changelist"),
        {"action": "mark_verified_today", "_selected_action": [s.pk for s in picked]},
    )
    assert response.status_code == 200
    assert {service for service, _form in response.context["rows"]} == set(picked)
    assert f'name="service-{picked[0].pk}-outcome"' in response.content.decode()
    assert m.ServiceCheck.objects.count() == 0


@pytest.mark.django_db
def test_who_checked_and_when_cannot_be_typed_in_the_service_form(client_as):
    service = _set(m.Service.objects.first(), last_verified_by="Anna Ek")
    client = client_as(roles.ADMINISTRATOR)
    page = client.get(reverse("admin:guidance_service_change", args=[service.pk]))
    text = page.content.decode()
    assert "Anna Ek" in text
    assert 'name="last_verified_by"' not in text
    assert 'name="last_verified_at"' not in text
    organisation_page = client.get(
        reverse("admin:guidance_organisation_change", args=[service.organisation.pk])
    )
    org_page = organisation_page.content.decode()
    assert re.search(r"name=\"services-\d+-phone\"", org_page)
    assert not re.search(r"name=\"services-\d+-last_verified_by\"", org_page)


@pytest.mark.django_db
@override_settings(DIRECTORY_VERIFY_AFTER_DAYS=365)
def test_the_changelist_filters_what_falls_due_within_30_days(client_as, four_services):
    soon = four_services[3]
    response = client_as(roles.ADMINISTRATOR).get(
        reverse("admin:guidance_service_changelist"), {"kontroll": "inom-30-dagar"}
    )
    assert list(response.context["cl"].queryset) == [soon]
    assert "Förfaller inom 30 dagar" in response.content.decode()


# --- the CSV


@pytest.mark.django_db
@override_settings(DIRECTORY_VERIFY_AFTER_DAYS=365)
def test_the_due_list_downloads_as_csv_that_excel_and_python_read_back(client_as, four_services):
    never, old, older, _soon = four_services
    _set(never, phone="+46 8 123 45 67", todo_note="Fråga om öppettider; ring efter lunch")
    _set(old, name='=HYPERLINK("http://x")')

    response = client_as(roles.ADMINISTRATOR).get(reverse(ROUND), {"format": "csv"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "behover-kontrolleras.csv" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == checks.CSV_HEADER
    assert [row[1] for row in rows[1:]] == [never.name, older.name, "'" + old.name]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Telefon"] == "+46 8 123 45 67"
    assert first["Att göra"] == "Fråga om öppettider; ring efter lunch"
    assert first["Organisation"] == never.organisation.name
    assert first["Senast kontrollerad"] == ""


# --- the start page


@pytest.mark.django_db
@override_settings(DIRECTORY_VERIFY_AFTER_DAYS=365)
def test_the_start_page_says_how_many_are_due_and_links_to_the_list(client_as, four_services):
    client = client_as(roles.ADMINISTRATOR)
    page = client.get(reverse("admin:index")).content.decode()
    round_url = reverse(ROUND)
    assert f'<a href="{round_url}">3 stödtjänster behöver kontrolleras</a>' in page
    assert f'<a href="{round_url}?due=soon">1 förfaller inom 30 dagar</a>' in page

    m.Service.objects.filter(last_verified_at__isnull=True).update(status=m.Service.Status.CLOSED)
    again = client.get(reverse("admin:index")).content.decode()
    assert "2 stödtjänster behöver kontrolleras" in again


@pytest.mark.django_db
def test_the_user_administrator_sees_no_directory_count(client_as):
    page = client_as(roles.USER_ADMINISTRATOR).get(reverse("admin:index")).content.decode()
    assert "behöver kontrolleras" not in page


# --- the migration: renamed outcomes, to-do notes out of "Kontrollerad av"


MIGRATION = importlib.import_module("guidance.migrations.0008_verification")


@pytest.mark.django_db
def test_old_outcomes_are_renamed():
    service = m.Service.objects.first()
    old = m.ServiceCheck.objects.create(
        service=service, checked_on=TODAY, checked_by_name="Bo", outcome="confirmed"
    )
    fixed = m.ServiceCheck.objects.create(
        service=service, checked_on=TODAY, checked_by_name="Bo", outcome="corrected"
    )
    MIGRATION.rename_outcomes(django_apps, None)
    old.refresh_from_db()
    fixed.refresh_from_db()
    assert (old.outcome, fixed.outcome) == (Outcome.UNCHANGED, Outcome.UPDATED)


@pytest.mark.django_db
def test_to_do_notes_typed_as_checker_move_to_their_own_field(make_user):
    make_user(roles.ADMINISTRATOR, username="anna", first_name="Anna", last_name="Ek")
    todo, by_user, by_check, fixture = m.Service.objects.order_by("pk")[:4]
    _set(todo, locally_edited=True, last_verified_by="Ring igen i mars", todo_note="Kolla webben")
    _set(by_user, locally_edited=True, last_verified_by="Anna Ek")
    _set(by_check, locally_edited=True, last_verified_by="Bo Berg")
    m.ServiceCheck.objects.create(service=by_check, checked_on=TODAY, checked_by_name="Bo Berg")
    _set(fixture, last_verified_by="Stödmaterialet (Socialförvaltningen, 2021)")

    MIGRATION.move_todo_notes(django_apps, None)

    for service in (todo, by_user, by_check, fixture):
        service.refresh_from_db()
    assert (todo.last_verified_by, todo.todo_note) == ("", "Kolla webben\nRing igen i mars")
    assert by_user.last_verified_by == "Anna Ek"
    assert by_check.last_verified_by == "Bo Berg"
    assert fixture.last_verified_by == "Stödmaterialet (Socialförvaltningen, 2021)"
