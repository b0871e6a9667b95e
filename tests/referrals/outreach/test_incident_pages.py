"""The incident pages: register, list, the incident page, close and reopen."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anhorigstod import fragments, roles
from audit.models import AuditEvent
from referrals.outreach import pages, tasks
from referrals.outreach.models import Incident, OutreachTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultant_rk(district_staff):
    return district_staff(roles.CONSULTANT, "rinkeby-kista", "konsulent-rk")


def _signed_in(client, user):
    client.force_login(user)
    return client


def _register_data(**changes):
    when = timezone.localtime() - timedelta(hours=2)
    data = {
        "kind": "shooting",
        "occurred_on": when.strftime("%Y-%m-%d"),
        "occurred_time": when.strftime("%H:%M"),
        "district": "rinkeby-kista",
        "affected_districts": ["rinkeby-kista", "spanga-tensta"],
        "known_facts": "Skjutning vid torget.",
        "start_token": "6f1c2f55-3c4e-4a7e-9a35-2b8c1a0e0f11",
    }
    data.update(changes)
    return data


def test_register_makes_the_plans_and_a_double_submit_makes_one(client, consultant_rk):
    client = _signed_in(client, consultant_rk)
    url = reverse("referrals:incident_register")
    assert client.get(url).status_code == 200

    first = client.post(url, _register_data())
    second = client.post(url, _register_data())

    incident = Incident.objects.get()
    assert first["Location"] == second["Location"] == incident.get_absolute_url()
    assert sorted(incident.plans.values_list("district__key", flat=True)) == [
        "rinkeby-kista",
        "spanga-tensta",
    ]
    page = client.get(incident.get_absolute_url())
    assert page.status_code == 200
    assert 'data-plan="rinkeby-kista"' in page.content.decode()


def test_the_register_form_starts_on_today_in_the_users_district(client, consultant_rk):
    form = _signed_in(client, consultant_rk).get(reverse("referrals:incident_register"))

    page = form.content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
    assert [d.key for d in form.context["form"].initial["affected_districts"]] == ["rinkeby-kista"]


def test_register_shows_swedish_messages_next_to_fields_and_keeps_input(client, consultant_rk):
    client = _signed_in(client, consultant_rk)
    future = timezone.localtime() + timedelta(days=2)
    response = client.post(
        reverse("referrals:incident_register"),
        _register_data(kind="", occurred_on=future.strftime("%Y-%m-%d"), known_facts="Text kvar"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Välj vad som har hänt." in html
    assert "Datum och tid kan inte vara i framtiden." in html
    assert "Text kvar" in html
    assert not Incident.objects.exists()


def test_register_refuses_a_district_that_is_not_the_users(client, district_staff):
    outsider = district_staff(roles.CONSULTANT, "farsta", "farsta")
    client = _signed_in(client, outsider)
    response = client.post(reverse("referrals:incident_register"), _register_data())
    assert "Du kan registrera händelser" in response.content.decode()
    assert not Incident.objects.exists()


def test_a_user_without_a_district_cannot_register(client, district_staff):
    nobody = district_staff(roles.CONSULTANT, None, "utan")
    client = _signed_in(client, nobody)
    response = client.post(reverse("referrals:incident_register"), _register_data())
    assert response.status_code == 200
    assert not Incident.objects.exists()


def test_the_list_shows_open_incidents_overdue_tasks_and_is_audited(
    client, consultant_rk, make_incident
):
    make_incident(by=consultant_rk, occurred_at=timezone.now() - timedelta(days=3))
    client = _signed_in(client, consultant_rk)
    html = client.get(reverse("referrals:incident_list")).content.decode()
    assert "Spånga-Tensta" in html
    assert "6 försenade" in html  # both plans' tasks, counted on the incident's row
    assert '<strong class="text-danger" data-overdue>Försenad</strong>' in html
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.INCIDENTS_LISTED, actor=consultant_rk
    ).exists()


def test_the_list_names_the_districts_and_shows_the_nearest_tasks_first(
    client, consultant_rk, make_incident, monkeypatch
):
    make_incident(by=consultant_rk, concerns=("spanga-tensta", "rinkeby-kista"))
    monkeypatch.setattr(pages, "DISTRICT_TASKS_SHOWN", 2)
    client = _signed_in(client, consultant_rk)
    html = client.get(reverse("referrals:incident_list")).content.decode()
    assert "<td>Rinkeby-Kista, Spånga-Tensta</td>" in html  # by name, each once
    tasks = pages.open_tasks(user=consultant_rk)
    assert html.count("#uppgift-") == 2
    assert f"#uppgift-{tasks[0].pk}" in html and f"#uppgift-{tasks[1].pk}" in html
    assert f"Här visas de 2 som ska vara klara först av {tasks.count()} öppna uppgifter" in html


def test_the_lists_incident_rows_are_kept_and_a_change_shows_at_once(
    client, consultant_rk, make_incident
):
    """The incident rows are rendered once while they show the same (keyed by what
    they show, pages.incident_rows_version); a task falling overdue shows on the next
    view. The task rows, which hold names and free text, are rendered every time."""
    incident = make_incident(by=consultant_rk)
    client = _signed_in(client, consultant_rk)
    url = reverse("referrals:incident_list")
    tasks_shown = len(pages.listed_open_tasks(user=consultant_rk)[0])
    with mock.patch.object(Incident, "get_absolute_url", autospec=True) as link:
        link.side_effect = lambda self: f"/outreach/{self.reference}/"
        client.get(url)
        first = link.call_count
        client.get(url)
    # Linked from its row and from each task's: the second view links from the tasks only.
    assert first == 1 + tasks_shown and link.call_count - first == tasks_shown

    task = pages.open_tasks(user=consultant_rk).filter(plan__incident=incident).first()
    OutreachTask.objects.filter(pk=task.pk).update(action="Ring Socialjouren")
    assert "Ring Socialjouren" in client.get(url).content.decode()

    overdue = OutreachTask.objects.filter(
        plan__incident=incident, status=OutreachTask.Status.OPEN, due_at__lt=timezone.now()
    ).count()
    OutreachTask.objects.filter(pk=task.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    page = client.get(url).content.decode()
    assert f"{overdue + 1} försenad" in page  # "1 försenad", "2 försenade"


def test_the_lists_tasks_and_their_total_come_in_one_query(
    consultant_rk, make_incident, monkeypatch
):
    make_incident(by=consultant_rk, concerns=("spanga-tensta", "rinkeby-kista"))
    monkeypatch.setattr(pages, "DISTRICT_TASKS_SHOWN", 2)
    every = list(pages.open_tasks(user=consultant_rk))
    with CaptureQueriesContext(connection) as queries:
        listed, total = pages.listed_open_tasks(user=consultant_rk)
    assert len(queries) == 1
    assert listed == every[:2] and total == len(every) > 2


def test_no_open_task_is_listed_as_none_in_all(consultant_rk):
    assert pages.listed_open_tasks(user=consultant_rk) == ([], 0)


def test_listed_tasks_read_only_the_columns_their_rows_show(consultant_rk, make_incident):
    """The list's and the start page's task rows: no note, history or routine step is
    read for them, and showing a row asks the database nothing more."""
    make_incident(by=consultant_rk)
    task = pages.open_tasks(user=consultant_rk)[0]
    fields = {field.attname for field in OutreachTask._meta.concrete_fields}
    assert set(task.__dict__) & fields == {
        "id",
        "plan_id",
        "action",
        "owner_unit",
        "owner_id",
        "due_at",
    }
    with CaptureQueriesContext(connection) as queries:
        shown = (task.plan.incident.get_absolute_url(), task.plan.district.name, task.owner)
    assert len(queries) == 0
    assert shown[0].endswith(f"{task.plan.incident.reference}/")


def test_the_list_shows_the_newest_open_incidents_and_all_when_asked(
    client, consultant_rk, make_incident, monkeypatch
):
    now = timezone.now()
    oldest, middle, newest = (
        make_incident(by=consultant_rk, occurred_at=now - timedelta(days=days))
        for days in (3, 2, 1)
    )
    monkeypatch.setattr(pages, "OPEN_INCIDENTS_SHOWN", 2)
    client = _signed_in(client, consultant_rk)
    response = client.get(reverse("referrals:incident_list"))
    assert [each.reference for each in response.context["incidents"]] == [
        newest.reference,
        middle.reference,
    ]
    assert "Här visas de 2 senaste av 3 pågående händelser." in response.content.decode()
    every = client.get(reverse("referrals:incident_list") + "?pagaende=alla")
    assert oldest in every.context["incidents"]
    assert "Här visas de" not in every.content.decode()


def test_the_newest_incidents_are_counted_in_all_as_they_are_read(
    consultant_rk, make_incident, monkeypatch
):
    for days in (3, 2, 1):
        make_incident(by=consultant_rk, occurred_at=timezone.now() - timedelta(days=days))
    monkeypatch.setattr(pages, "OPEN_INCIDENTS_SHOWN", 2)
    # Every one (the user's workplace is read once, with the first).
    assert pages.listed_open_incidents(user=consultant_rk, now=timezone.now(), every=True)[1] == 3
    with CaptureQueriesContext(connection) as queries:
        incidents, in_all = pages.listed_open_incidents(
            user=consultant_rk, now=timezone.now(), every=False
        )
    assert (len(incidents), in_all) == (2, 3)
    assert len(queries) == 2  # the incidents with their total, the districts' names


def test_closed_incidents_have_a_page_of_their_own(client, consultant_rk, make_incident):
    still_open = make_incident(by=consultant_rk)
    closed = make_incident(by=consultant_rk)
    tasks.close_incident(user=consultant_rk, incident=closed, note="Alla nådda.")
    client = _signed_in(client, consultant_rk)

    listed = client.get(reverse("referrals:incident_list")).content.decode()
    page = client.get(reverse("referrals:incident_closed_list"))

    assert closed.reference not in listed and still_open.reference in listed
    assert reverse("referrals:incident_closed_list") in listed
    assert [each.reference for each in page.context["closed"]] == [closed.reference]
    assert still_open.reference not in page.content.decode()
    assert (
        AuditEvent.objects.filter(
            action=AuditEvent.Action.INCIDENTS_LISTED, actor=consultant_rk
        ).count()
        == 2
    )


def test_the_list_takes_the_same_number_of_queries_for_one_or_many(
    client, consultant_rk, make_incident
):
    client = _signed_in(client, consultant_rk)
    make_incident(by=consultant_rk)
    client.get(reverse("referrals:incident_list"))  # warm the permission cache
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("referrals:incident_list"))
    for _ in range(4):
        make_incident(by=consultant_rk, occurred_at=timezone.now() - timedelta(days=3))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("referrals:incident_list"))
    assert len(many) == len(one)


def test_the_page_shows_own_plans_in_full_and_others_in_counts(
    client, district_staff, make_incident
):
    registrar = district_staff(roles.CONSULTANT, "rinkeby-kista", "reg")
    incident = make_incident(
        by=registrar,
        concerns=("rinkeby-kista", "spanga-tensta"),
        occurred_at=timezone.now() - timedelta(days=3),
    )
    spanga = district_staff(roles.CASEWORKER, "spanga-tensta", "st")
    html = _signed_in(client, spanga).get(incident.get_absolute_url()).content.decode()
    assert 'data-district="rinkeby-kista"' in html  # counts for every district
    assert 'data-plan="spanga-tensta"' in html
    assert 'data-plan="rinkeby-kista"' not in html
    assert '<strong class="text-danger" data-overdue>Försenad</strong>' in html
    assert "inom 2 dagar efter händelsen" in html
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.INCIDENT_VIEWED, incident_reference=incident.reference
    ).exists()


def test_missing_and_forbidden_pages_are_the_same_404(client, district_staff, make_incident):
    registrar = district_staff(roles.CONSULTANT, "rinkeby-kista", "reg")
    incident = make_incident(by=registrar, concerns=("rinkeby-kista",))
    outsider = _signed_in(client, district_staff(roles.CONSULTANT, "farsta", "ut"))
    forbidden = outsider.get(incident.get_absolute_url())
    missing = outsider.get(reverse("referrals:incident_detail", args=["AH-1999-99999"]))
    assert forbidden.status_code == missing.status_code == 404


@pytest.mark.parametrize("role", [roles.ADMINISTRATOR, roles.USER_ADMINISTRATOR])
def test_roles_without_outreach_are_refused(client, district_staff, role):
    user = district_staff(role, "rinkeby-kista", "annan")
    assert _signed_in(client, user).get(reverse("referrals:incident_list")).status_code == 403


def test_the_page_takes_the_same_number_of_queries_for_one_or_many_tasks(
    client, consultant_rk, make_incident
):
    incident = make_incident(by=consultant_rk)
    client = _signed_in(client, consultant_rk)
    client.get(incident.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(incident.get_absolute_url())
    plan = incident.plans.first()
    OutreachTask.objects.bulk_create(
        [
            OutreachTask(plan=plan, action=f"Extra {n}", owner_unit="SIG", due_at=timezone.now())
            for n in range(10)
        ]
    )
    with CaptureQueriesContext(connection) as many:
        client.get(incident.get_absolute_url())
    assert len(many) == len(few)


def _main_table(sql: str) -> str:
    return sql.split(" FROM ", 1)[1].split()[0].strip('"') if " FROM " in sql else ""


def test_the_page_reads_plans_tasks_and_relatives_reached_once_each(
    client, consultant_rk, make_incident
):
    """The relatives listed give the districts' counts of them, the plans come with
    their tasks counted, and the plans the user may record outcomes for are read once,
    for the rows and the form alike."""
    incident = make_incident(by=consultant_rk)
    client = _signed_in(client, consultant_rk)
    client.get(incident.get_absolute_url())
    with CaptureQueriesContext(connection) as page:
        client.get(incident.get_absolute_url())
    tables = [_main_table(query["sql"]) for query in page.captured_queries]
    assert tables.count("referrals_relativereached") == 1
    assert tables.count("referrals_outreachplan") == 2  # every district's; the user's own
    assert tables.count("referrals_outreachtask") == 1  # the user's plans' tasks in full


def test_the_page_reads_no_password_hash_but_the_signed_in_users(
    client, consultant_rk, make_incident
):
    """Who registered the incident and who owns or did each task are named: their
    names are read, not their whole rows (anhorigstod.columns)."""
    incident = make_incident(by=consultant_rk)
    task = OutreachTask.objects.filter(plan__incident=incident).first()
    tasks.mark_done(task=task, user=consultant_rk, note="", expected_version=task.version)
    client = _signed_in(client, consultant_rk)
    with CaptureQueriesContext(connection) as page:
        html = client.get(incident.get_absolute_url()).content.decode()
    reading_passwords = [q["sql"] for q in page.captured_queries if '"password"' in q["sql"]]
    assert len(reading_passwords) == 1  # the session's user, as Django checks the session
    assert consultant_rk.get_full_name() in html


def test_the_pages_empty_forms_are_rendered_once(client, consultant_rk, make_incident):
    """Adding a task and closing: the same empty fields on every view, kept
    (anhorigstod.fragments.cached_fields). Recording an outcome is written as plain
    fields (referrals/outreach/_reached_fields.html); its hidden token is fresh."""
    incident = make_incident(by=consultant_rk)
    client = _signed_in(client, consultant_rk)
    with mock.patch.object(fragments, "render_to_string", wraps=render_to_string) as render:
        first = client.get(incident.get_absolute_url()).content.decode()
        kept = render.call_count
        again = client.get(incident.get_absolute_url()).content.decode()
    assert kept >= 2 and render.call_count == kept
    for field in ('name="outcome"', 'name="reached_at"', '-add-action"'):
        assert field in again
    tokens = [re.findall(r'name="start_token" value="([^"]+)"', html) for html in (first, again)]
    assert tokens[0] and tokens[1] and tokens[0] != tokens[1]


def test_close_needs_a_note_then_closes_and_reopens(client, consultant_rk, make_incident):
    incident = make_incident(by=consultant_rk)
    client = _signed_in(client, consultant_rk)
    url = reverse("referrals:incident_close", args=[incident.reference])

    client.post(url, {"close-change": "close", "close-closing_note": ""})
    incident.refresh_from_db()
    assert incident.status == Incident.Status.OPEN
    page = client.get(incident.get_absolute_url()).content.decode()
    assert "Skriv en kort anteckning" in page

    client.post(url, {"close-change": "close", "close-closing_note": "Alla nådda."})
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED
    assert incident.closing_note == "Alla nådda."
    client.post(url, {"close-change": "reopen"})
    incident.refresh_from_db()
    assert incident.status == Incident.Status.OPEN
    actions = set(
        AuditEvent.objects.filter(incident_reference=incident.reference).values_list(
            "action", flat=True
        )
    )
    assert {AuditEvent.Action.INCIDENT_CLOSED, AuditEvent.Action.INCIDENT_REOPENED} <= actions


def test_the_start_page_lists_overdue_tasks_only_when_there_are_some(
    client, consultant_rk, make_incident
):
    client = _signed_in(client, consultant_rk)
    assert "Försenade uppgifter" not in client.get(reverse("guidance:start")).content.decode()
    incident = make_incident(by=consultant_rk, occurred_at=timezone.now() - timedelta(days=3))
    task = OutreachTask.objects.filter(plan__incident=incident).first()
    task.owner = consultant_rk
    task.save()
    html = client.get(reverse("guidance:start")).content.decode()
    assert "Försenade uppgifter" in html
    assert f"#uppgift-{task.pk}" in html
    assert 'data-figure="district-overdue"' in html


def test_the_start_page_block_takes_the_same_queries_for_one_or_many(
    consultant_rk, make_incident, rf
):
    from referrals.templatetags.outreach_tags import outreach_start

    request = rf.get("/")
    request.user = consultant_rk
    make_incident(by=consultant_rk, occurred_at=timezone.now() - timedelta(days=3))
    outreach_start({"request": request})  # warm the permission cache
    with CaptureQueriesContext(connection) as one:
        outreach_start({"request": request})
    for _ in range(3):
        make_incident(by=consultant_rk, occurred_at=timezone.now() - timedelta(days=3))
    with CaptureQueriesContext(connection) as many:
        shown = outreach_start({"request": request})
    assert len(many) == len(one)
    assert (
        shown["district_count"]
        == OutreachTask.objects.filter(plan__district__key="rinkeby-kista").count()
    )


def test_the_start_page_shows_the_users_own_overdue_first_and_counts_all(
    consultant_rk, make_incident
):
    now = timezone.now()
    make_incident(by=consultant_rk, occurred_at=now - timedelta(days=3))
    overdue = OutreachTask.objects.filter(
        due_at__lt=now, plan__district__key="rinkeby-kista"
    ).order_by("due_at")
    own = overdue.last()  # the least overdue: the district's others come before it by date
    own.owner = consultant_rk
    own.save()
    pages.start_page_overdue(user=consultant_rk, now=now, shown=1)  # the user's districts, kept
    with CaptureQueriesContext(connection) as queries:
        shown, in_all = pages.start_page_overdue(user=consultant_rk, now=now, shown=1)
    assert shown == [own] and in_all == overdue.count() > 1
    assert len(queries) == 1
