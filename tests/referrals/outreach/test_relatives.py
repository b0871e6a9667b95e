"""Relatives reached after an incident: a contact started from a plan carries the
situation and counts when submitted; outcomes without a contact; the page section."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from audit.models import AuditEvent
from referrals.intake import checkpoints, journey, navigation
from referrals.intake.examples import example_answers
from referrals.intake.services import submit_draft
from referrals.models import Contact, Draft
from referrals.outreach.models import RelativeReached

pytestmark = pytest.mark.django_db
Outcome = RelativeReached.Outcome


@pytest.fixture
def incident(district_staff, make_incident):
    registrar = district_staff(roles.CONSULTANT, "rinkeby-kista", "registrar")
    return make_incident(by=registrar, occurred_at=timezone.now() - timedelta(days=1))


@pytest.fixture
def spanga(incident):
    return incident.plans.get(district__key="spanga-tensta")


@pytest.fixture
def worker(district_staff):
    return district_staff(roles.CASEWORKER, "spanga-tensta", "hanna")


def _start(client, incident, plan, token=None):
    return client.post(
        reverse("referrals:incident_start_contact", args=[incident.reference]),
        {"plan": plan.pk, "start_token": str(token or uuid.uuid4())},
    )


def _completed(draft, **steps):
    """The draft's pre-filled first step completed as the caseworker would."""
    first = {
        **draft.answers["first-contact"],
        "contact_date": timezone.localdate().isoformat(),
        "entry_route": "information-other-way",
        "is_known_to_service": False,
        "person_caseworker": "",
    }
    answers = example_answers(
        **{
            "first-contact": first,
            "crisis": {"crisis_support_now": False, "flo_contact": "no"},
            "referral": {"internal": ["relative-support-consultant@spanga-tensta"]},
            **steps,
        }
    )
    Draft.objects.filter(pk=draft.pk).update(answers=answers)
    draft.refresh_from_db()
    return draft


# --- Starting a contact from the incident ------------------------------------------------


def test_a_started_contact_opens_with_the_situation_filled_in(client, incident, spanga, worker):
    client.force_login(worker)
    token = uuid.uuid4()

    response = _start(client, incident, spanga, token)
    again = _start(client, incident, spanga, token)  # a double click

    draft = Draft.objects.get(owner=worker)
    assert response.status_code == again.status_code == 302
    assert response["Location"] == reverse("referrals:draft_step", args=[draft.pk, "first-contact"])
    assert draft.outreach_plan == spanga
    assert draft.answers["first-contact"] == {
        "district": "spanga-tensta",
        "target_groups": ["shootings-and-lethal-violence"],
        "event_kind": "shooting",
        "event_date": timezone.localdate(incident.occurred_at).isoformat(),
    }
    # The entry route and the contact's date are the caseworker's: the step is not done.
    states = navigation.progress(journey.Answers(draft.answers), worker)
    assert states[0].step.slug == "first-contact"
    assert states[0].state == navigation.State.TODO

    page = client.get(response["Location"]).content.decode()
    assert f"Kontakten startades från händelse {incident.reference}" in page
    assert 'value="spanga-tensta" selected' in page
    assert 'value="shootings-and-lethal-violence" id="id_target_groups_2" checked' in page or (
        'value="shootings-and-lethal-violence"' in page and "checked" in page
    )


def test_only_caseworkers_who_see_the_incident_start_contacts(
    client, district_staff, incident, spanga
):
    client.force_login(district_staff(roles.CONSULTANT, "spanga-tensta", "kim"))
    assert _start(client, incident, spanga).status_code == 403

    client.force_login(district_staff(roles.CASEWORKER, "farsta", "olle"))
    forbidden = _start(client, incident, spanga)
    missing = client.post(
        reverse("referrals:incident_start_contact", args=["AH-2026-99999"]),
        {"plan": spanga.pk, "start_token": str(uuid.uuid4())},
    )
    assert forbidden.status_code == missing.status_code == 404
    assert not Draft.objects.exists()


def test_a_plan_of_another_incident_is_refused_with_a_message(
    client, incident, worker, make_incident, district_staff
):
    other = make_incident(by=worker, concerns=("farsta",))
    client.force_login(worker)

    response = _start(client, incident, other.plans.get())

    assert response.status_code == 200
    assert "Välj en av förvaltningarna i listan." in response.content.decode()
    assert not Draft.objects.exists()


# --- Submitting it -------------------------------------------------------------------------


def test_submitting_carries_the_situation_and_counts_the_relative(client, incident, spanga, worker):
    client.force_login(worker)
    _start(client, incident, spanga)
    draft = _completed(Draft.objects.get(owner=worker))

    contact = submit_draft(draft=draft, user=worker)

    assert contact.district.key == "spanga-tensta"
    assert contact.event_kind == "shooting"
    assert contact.event_date == timezone.localdate(incident.occurred_at)
    assert list(contact.target_groups.values_list("key", flat=True)) == [
        "shootings-and-lethal-violence"
    ]
    reached = RelativeReached.objects.get()
    assert (reached.plan, reached.contact, reached.outcome) == (spanga, contact, Outcome.ACCEPTED)
    assert reached.recorded_by == worker
    event = AuditEvent.objects.get(action=AuditEvent.Action.RELATIVE_REACHED)
    assert event.incident_reference == incident.reference
    assert event.contact_reference == contact.reference

    submit_draft(draft=draft, user=worker)  # a second submit links nothing more
    assert RelativeReached.objects.count() == 1


def test_a_contact_without_a_referral_counts_as_offered(client, incident, spanga, worker):
    client.force_login(worker)
    _start(client, incident, spanga)
    draft = _completed(
        Draft.objects.get(owner=worker),
        referral={
            "internal": [],
            "information_only": True,
            "information_given": "Informerade om krisstöd.",
        },
    )

    submit_draft(draft=draft, user=worker)

    assert RelativeReached.objects.get().outcome == Outcome.OFFERED


def test_an_ordinary_contact_counts_nowhere(make_draft, caseworker):
    submit_draft(draft=make_draft(), user=caseworker)

    assert not RelativeReached.objects.exists()


def test_the_consent_checkpoint_still_applies(client, incident, spanga, worker):
    client.force_login(worker)
    _start(client, incident, spanga)
    draft = Draft.objects.get(owner=worker)
    draft = _completed(draft)
    answers = draft.answers
    answers["first-contact"]["entry_route"] = "noticed-through-person"
    answers["consent"] = {"consent_given": False, "given_by": "", "scope": "", "given_on": ""}
    Draft.objects.filter(pk=draft.pk).update(answers=answers)
    draft.refresh_from_db()

    with pytest.raises(checkpoints.ConsentMissing):
        submit_draft(draft=draft, user=worker)
    assert not Contact.objects.exists()
    assert not RelativeReached.objects.exists()


def test_the_contact_page_names_the_incident(client, incident, spanga, worker):
    client.force_login(worker)
    _start(client, incident, spanga)
    contact = submit_draft(draft=_completed(Draft.objects.get(owner=worker)), user=worker)

    page = client.get(contact.get_absolute_url()).content.decode()

    assert "Kontakten startades från händelse" in page
    assert f'href="{reverse("referrals:incident_detail", args=[incident.reference])}"' in page
