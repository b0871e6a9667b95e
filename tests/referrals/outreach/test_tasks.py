"""Task actions on the incident page (done, reopen, add) and on the task's own page
(reassign, not applicable), each with the version the page showed; and a closed
incident is read-only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from audit.models import AuditEvent
from referrals.outreach import tasks as task_services
from referrals.outreach.models import OutreachTask

pytestmark = pytest.mark.django_db
Status = OutreachTask.Status


@pytest.fixture
def consultant(district_staff):
    return district_staff(roles.CONSULTANT, "rinkeby-kista", "konsulent")


@pytest.fixture
def incident(consultant, make_incident):
    return make_incident(by=consultant, concerns=("rinkeby-kista",))


@pytest.fixture
def task(incident):
    return OutreachTask.objects.filter(plan__incident=incident).first()


@pytest.fixture
def client_in(client, consultant):
    client.force_login(consultant)
    return client


def _post(client, task, action, **fields):
    url = reverse("referrals:task_action", args=[task.plan.incident.reference, task.pk, action])
    data = {f"task{task.pk}-{action}-{name}": value for name, value in fields.items()}
    return client.post(url, data)


def _audited(incident, action) -> bool:
    return AuditEvent.objects.filter(incident_reference=incident.reference, action=action).exists()


def test_mark_done_records_who_and_when_and_a_double_submit_changes_nothing_twice(
    client_in, consultant, task, incident
):
    _post(client_in, task, "done", version=task.version, note="Hembesök gjort.")
    task.refresh_from_db()
    assert task.status == Status.DONE
    assert task.done_by == consultant and task.done_at is not None
    assert task.note == "Hembesök gjort."
    assert _audited(incident, AuditEvent.Action.TASK_DONE)

    _post(client_in, task, "done", version=0, note="Igen")
    task.refresh_from_db()
    assert task.version == 1
    assert task.note == "Hembesök gjort."
    html = client_in.get(incident.get_absolute_url()).content.decode()
    assert "Uppgiften har ändrats av någon annan" in html


def test_not_applicable_needs_a_reason_next_to_the_field(client_in, task, incident):
    _post(client_in, task, "not-applicable", version=task.version, reason="")
    task.refresh_from_db()
    assert task.status == Status.OPEN
    page = reverse("referrals:task_change", args=[incident.reference, task.pk])
    html = client_in.get(page).content.decode()
    assert "Skriv varför uppgiften inte gäller." in html
    assert f'id="id_task{task.pk}-not-applicable-reason"' in html

    _post(client_in, task, "not-applicable", version=task.version, reason="Familjen flyttat.")
    task.refresh_from_db()
    assert task.status == Status.NOT_APPLICABLE
    assert task.not_applicable_reason == "Familjen flyttat."
    assert _audited(incident, AuditEvent.Action.TASK_NOT_APPLICABLE)


def test_reopen_makes_the_task_open_again(client_in, task, incident):
    _post(client_in, task, "done", version=task.version)
    task.refresh_from_db()
    _post(client_in, task, "reopen", version=task.version)
    task.refresh_from_db()
    assert task.status == Status.OPEN and task.done_by is None
    assert _audited(incident, AuditEvent.Action.TASK_REOPENED)


def test_reassign_to_district_staff_only(client_in, task, incident, district_staff):
    colleague = district_staff(roles.CASEWORKER, "rinkeby-kista", "kollega")
    elsewhere = district_staff(roles.CASEWORKER, "farsta", "annanstans")

    _post(client_in, task, "reassign", version=task.version, owner=elsewhere.pk, owner_unit="")
    task.refresh_from_db()
    assert task.owner is None

    _post(client_in, task, "reassign", version=task.version, owner=colleague.pk, owner_unit="SIG")
    task.refresh_from_db()
    assert task.owner == colleague and task.owner_unit == "SIG"
    assert _audited(incident, AuditEvent.Action.TASK_REASSIGNED)


def test_add_a_task_within_days_of_the_incident(client_in, incident, consultant):
    plan = incident.plans.get()
    prefix = f"plan{plan.pk}-add"
    url = reverse("referrals:task_add", args=[incident.reference])
    client_in.post(url, {"plan": plan.pk, f"{prefix}-action": "", f"{prefix}-owner_unit": ""})
    html = client_in.get(incident.get_absolute_url()).content.decode()
    assert "Skriv vad som ska göras." in html

    client_in.post(
        url,
        {
            "plan": plan.pk,
            f"{prefix}-action": "Ring skolan",
            f"{prefix}-owner_unit": "Fältassistenter",
            f"{prefix}-within_days": "3",
        },
    )
    added = plan.tasks.get(action="Ring skolan")
    assert added.added_by == consultant
    assert added.due_at == incident.occurred_at + timedelta(days=3)
    assert _audited(incident, AuditEvent.Action.TASK_ADDED)


def test_a_task_of_another_district_is_not_found(client, district_staff, incident, task):
    outsider = district_staff(roles.CONSULTANT, "farsta", "ute")
    client.force_login(outsider)
    assert _post(client, task, "done", version=task.version).status_code == 404


def test_the_task_page_is_for_those_who_follow_the_task(client, district_staff, task, incident):
    page = reverse("referrals:task_change", args=[incident.reference, task.pk])
    client.force_login(district_staff(roles.CONSULTANT, "farsta", "ute"))
    assert client.get(page).status_code == 404


def test_opening_the_task_page_is_recorded(client_in, consultant, task, incident):
    page = reverse("referrals:task_change", args=[incident.reference, task.pk])
    assert client_in.get(page).status_code == 200
    event = AuditEvent.objects.get(
        incident_reference=incident.reference, action=AuditEvent.Action.INCIDENT_VIEWED
    )
    assert event.actor == consultant and event.details == {"task": task.pk}


def test_a_stale_reassign_comes_back_to_the_task_page_with_the_new_version(
    client_in, consultant, task, incident
):
    _post(client_in, task, "done", version=task.version)
    task.refresh_from_db()
    _post(client_in, task, "reopen", version=task.version)
    task.refresh_from_db()
    page = reverse("referrals:task_change", args=[incident.reference, task.pk])

    response = _post(client_in, task, "reassign", version=0, owner="", owner_unit="SIG")

    assert response["Location"] == page
    html = client_in.get(page).content.decode()
    assert "Uppgiften har ändrats av någon annan" in html
    assert f'value="{task.version}"' in html
    assert 'value="SIG"' in html  # what was typed is kept


def test_the_task_page_of_a_done_task_leads_back_to_the_incident(client_in, task, incident):
    _post(client_in, task, "done", version=task.version)
    page = reverse("referrals:task_change", args=[incident.reference, task.pk])
    response = client_in.get(page)
    assert response.status_code == 302
    assert response["Location"] == incident.get_absolute_url() + f"#uppgift-{task.pk}"


def test_a_closed_incidents_tasks_cannot_be_changed(client_in, consultant, incident, task):
    task_services.close_incident(incident=incident, user=consultant, note="Klart.")
    response = _post(client_in, task, "done", version=task.version)
    task.refresh_from_db()
    assert task.status == Status.OPEN
    html = client_in.get(response["Location"]).content.decode()
    assert "Händelsen är avslutad" in html
    assert f"task{task.pk}-done" not in html


def test_overdue_follows_the_due_time(consultant, make_incident):
    incident = make_incident(
        by=consultant, concerns=("rinkeby-kista",), occurred_at=timezone.now() - timedelta(days=3)
    )
    from referrals.outreach import pages

    overdue = pages.overdue_tasks(user=consultant, now=timezone.now())
    assert overdue.filter(plan__incident=incident).exists()
    assert not pages.overdue_tasks(user=consultant, now=timezone.now() - timedelta(days=3)).exists()
