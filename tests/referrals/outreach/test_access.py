"""Who sees an incident and its tasks, and who may register one (referrals.access)."""

import pytest
from django.http import Http404

from anhorigstod import roles
from audit.models import AuditEvent
from guidance.models import District
from referrals import access
from referrals.models import IncidentRegistrar

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(district_staff, make_incident):
    registrar = district_staff(roles.CONSULTANT, "rinkeby-kista", "registrar")
    return make_incident(by=registrar, where="rinkeby-kista", concerns=("spanga-tensta",))


@pytest.mark.parametrize(
    ("role", "district", "sees"),
    [
        (roles.CONSULTANT, "rinkeby-kista", True),  # where it happened
        (roles.CASEWORKER, "spanga-tensta", True),  # where relatives live
        (roles.MANAGER, "spanga-tensta", True),
        (roles.CONSULTANT, "farsta", False),  # not concerned
        (roles.CASEWORKER, None, False),  # no workplace
        (roles.ADMINISTRATOR, "spanga-tensta", False),  # no outreach role
        (roles.USER_ADMINISTRATOR, "rinkeby-kista", False),
    ],
)
def test_who_sees_an_incident(district_staff, incident, role, district, sees):
    user = district_staff(role, district, "asker")

    assert (incident in access.visible_incidents(user)) is sees
    if not sees:
        with pytest.raises(Http404):
            access.access_incident(user, incident.reference)


def test_missing_and_forbidden_look_the_same_and_both_are_recorded(district_staff, incident):
    outsider = district_staff(roles.CONSULTANT, "farsta", "outsider")

    for reference in (incident.reference, "AH-1999-99999"):
        with pytest.raises(Http404):
            access.access_incident(outsider, reference)

    refused = AuditEvent.objects.filter(action=AuditEvent.Action.ACCESS_REFUSED, actor=outsider)
    assert sorted(refused.values_list("incident_reference", flat=True)) == sorted(
        [incident.reference, "AH-1999-99999"]
    )


def test_a_district_names_a_registrar_who_then_follows_its_incidents(
    district_staff, incident, make_user
):
    manager = make_user(roles.MANAGER, username="avdelningschef")
    spanga = District.objects.get(key="spanga-tensta")
    assert not access.may_register(manager, [spanga])

    IncidentRegistrar.objects.create(district=spanga, user=manager, function="Avdelningschef")
    # The next request loads the user afresh (its districts are kept per request).
    manager = type(manager).objects.get(pk=manager.pk)

    assert access.may_register(manager, [spanga])
    assert incident in access.visible_incidents(manager)


def test_tasks_are_changed_only_by_their_district_or_their_owner(district_staff, incident):
    spanga_task = incident.plans.get(district__key="spanga-tensta").tasks.first()
    happened_here = district_staff(roles.CONSULTANT, "rinkeby-kista", "rk")
    spanga = district_staff(roles.CASEWORKER, "spanga-tensta", "st")

    assert access.access_task(spanga, incident, spanga_task.pk) == spanga_task
    with pytest.raises(Http404):
        access.access_task(happened_here, incident, spanga_task.pk)

    spanga_task.owner = happened_here
    spanga_task.save()
    assert access.access_task(happened_here, incident, spanga_task.pk) == spanga_task
