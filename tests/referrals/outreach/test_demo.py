"""The demo data (``make run``): the outreach demo in Farsta, made once."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from anhorigstod import roles
from audit.models import AuditEvent
from referrals import access
from referrals.demo import DEMO_INCIDENT_TOKEN
from referrals.outreach.models import Incident, OutreachTask

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # a second `make run`
    return {user.username: user for user in get_user_model().objects.all()}


def test_the_demo_staff_work_in_farsta(demo):
    for username in ("handlaggare", "konsulent", "chef"):
        assert demo[username].staff_profile.district.key == "farsta"
    assert demo["handlaggare"].staff_profile.provider is None
    assert demo["chef"].staff_profile.provider is None
    assert demo["konsulent"].staff_profile.provider.key == "relative-support-consultant"
    assert list(demo["chef"].groups.values_list("name", flat=True)) == [roles.MANAGER]
    assert not demo["chef"].is_staff


def test_one_demo_incident_in_farsta_from_the_city_default_with_one_task_done(demo):
    incident = Incident.objects.get()
    assert incident.start_token == DEMO_INCIDENT_TOKEN
    assert incident.district.key == "farsta"
    assert incident.registered_by == demo["konsulent"]
    plan = incident.plans.get()
    assert plan.district.key == "farsta" and plan.without_own_routine
    assert plan.routine.district is None
    tasks = OutreachTask.objects.filter(plan=plan)
    assert tasks.count() == plan.routine.steps.count() > 1
    done = tasks.get(status=OutreachTask.Status.DONE)
    assert done.done_by == demo["konsulent"] and done.done_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.TASK_DONE).count() == 1
    assert AuditEvent.objects.filter(action=AuditEvent.Action.INCIDENT_REGISTERED).count() == 1


def test_every_demo_staff_member_sees_the_demo_incident(demo):
    incident = Incident.objects.get()
    for username in ("handlaggare", "konsulent", "chef"):
        assert access.visible_incidents(demo[username]).filter(pk=incident.pk).exists()
    assert not access.visible_incidents(demo["admin"]).exists()
