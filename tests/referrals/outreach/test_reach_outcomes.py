"""Outcomes recorded without a contact, changed later, and the incident page's
section on relatives reached (counts, links only for the contact's caseworker)."""

import re
import uuid
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from anhorigstod import roles
from audit.models import AuditEvent
from referrals.outreach import reach_services, relatives, selectors
from referrals.outreach.models import IncidentRegistrar, RelativeReached

pytestmark = pytest.mark.django_db
Outcome = RelativeReached.Outcome


@pytest.fixture
def incident(district_staff, make_incident):
    registrar = district_staff(roles.CONSULTANT, "rinkeby-kista", "registrar")
    return make_incident(by=registrar, occurred_at=timezone.now() - timedelta(days=1))


@pytest.fixture
def spanga(incident):
    return incident.plans.get(district__key="spanga-tensta")


def _post(client, incident, plan, **fields):
    data = {
        "plan": plan.pk,
        "outcome": Outcome.DECLINED,
        "reached_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "start_token": str(uuid.uuid4()),
        **fields,
    }
    return client.post(reverse("referrals:relative_reached", args=[incident.reference]), data)


def test_an_outcome_is_recorded_once_and_audited(client, district_staff, incident, spanga):
    client.force_login(district_staff(roles.CONSULTANT, "spanga-tensta", "kim"))
    token = str(uuid.uuid4())

    first = _post(client, incident, spanga, start_token=token)
    second = _post(client, incident, spanga, start_token=token)  # a double click

    assert first.status_code == second.status_code == 302
    assert first["Location"] == f"/outreach/{incident.reference}/#anhoriga"
    reached = RelativeReached.objects.get()
    assert (reached.plan, reached.outcome, reached.contact) == (spanga, Outcome.DECLINED, None)
    event = AuditEvent.objects.get(action=AuditEvent.Action.RELATIVE_REACHED)
    assert event.incident_reference == incident.reference
    assert event.details["outcome"] == "declined"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": ""}, "Välj utfall."),
        ({"outcome": "maybe"}, "Välj ett av utfallen i listan."),
        ({"reached_at": "igår"}, "Skriv tiden som ÅÅÅÅ-MM-DD TT:MM"),
        ({"reached_at": "2099-01-01T10:00"}, "Tiden kan inte vara i framtiden."),
        ({"reached_at": "2000-01-01T10:00"}, "Tiden kan inte vara före händelsen."),
        ({"start_token": ""}, "Formuläret var ofullständigt."),
    ],
)
def test_bad_input_is_explained_and_kept(client, district_staff, incident, spanga, fields, message):
    client.force_login(district_staff(roles.CONSULTANT, "spanga-tensta", "kim"))

    response = _post(client, incident, spanga, **fields)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "aria-describedby" in page or "invalid-feedback" in page
    assert not RelativeReached.objects.exists()


def test_a_plan_of_another_district_is_refused(client, district_staff, incident):
    client.force_login(district_staff(roles.CONSULTANT, "spanga-tensta", "kim"))

    response = _post(client, incident, incident.plans.get(district__key="rinkeby-kista"))

    assert "Välj en av förvaltningarna i listan." in response.content.decode()
    assert not RelativeReached.objects.exists()


@pytest.mark.parametrize(
    ("role", "district", "status"),
    [
        (roles.MANAGER, "spanga-tensta", 302),
        (roles.CASEWORKER, "spanga-tensta", 302),
        (roles.CONSULTANT, "farsta", 404),  # does not see the incident
        (roles.ADMINISTRATOR, "spanga-tensta", 403),
    ],
)
def test_who_records_outcomes(client, district_staff, incident, spanga, role, district, status):
    client.force_login(district_staff(role, district, "asker"))

    assert _post(client, incident, spanga).status_code == status


def test_missing_and_forbidden_look_the_same(client, district_staff, incident, spanga):
    client.force_login(district_staff(roles.CONSULTANT, "farsta", "olle"))

    forbidden = _post(client, incident, spanga)
    missing = client.post(reverse("referrals:relative_reached", args=["AH-2026-99999"]), {})

    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.content == missing.content


def test_an_outcome_is_changed_by_the_plans_district_only(client, district_staff, incident, spanga):
    kim = district_staff(roles.CONSULTANT, "spanga-tensta", "kim")
    reached = reach_services.record_outcome(
        user=kim,
        plan=spanga,
        outcome=Outcome.OFFERED,
        reached_at=timezone.now(),
        start_token=uuid.uuid4(),
    )
    url = reverse("referrals:relative_reached_outcome", args=[incident.reference, reached.pk])

    client.force_login(district_staff(roles.CONSULTANT, "rinkeby-kista", "other"))
    assert client.post(url, {"outcome": Outcome.ACCEPTED}).status_code == 404
    client.force_login(kim)
    assert client.post(url, {"outcome": "nonsense"}).status_code == 200
    assert client.post(url, {"outcome": Outcome.ACCEPTED}).status_code == 302
    client.post(url, {"outcome": Outcome.ACCEPTED})  # twice: nothing more

    reached.refresh_from_db()
    assert reached.outcome == Outcome.ACCEPTED
    changes = AuditEvent.objects.filter(
        action=AuditEvent.Action.RELATIVE_REACHED, details__change="outcome"
    )
    assert changes.count() == 1


# --- The section on the incident page -------------------------------------------------------


def _contact_for(owner, plan, make_draft):
    from referrals.intake.services import submit_draft

    contact = submit_draft(draft=make_draft(owner=owner), user=owner)
    return reach_services.record_contact_reached(plan=plan, contact=contact, user=owner)


def _section(user, incident):
    context = relatives.page_context(user=user, incident=incident, now=timezone.now())
    return context, render_to_string(
        "referrals/outreach/_relatives_reached.html", {**context, "incident": incident}
    )


def test_counts_per_district_and_links_only_for_the_caseworker(
    district_staff, incident, spanga, make_draft
):
    hanna = district_staff(roles.CASEWORKER, "spanga-tensta", "hanna-st")
    kim = district_staff(roles.CONSULTANT, "spanga-tensta", "kim")
    reached = _contact_for(hanna, spanga, make_draft)
    for outcome in (Outcome.DECLINED, Outcome.UNREACHABLE, Outcome.OFFERED):
        reach_services.record_outcome(
            user=kim,
            plan=spanga,
            outcome=outcome,
            reached_at=timezone.now(),
            start_token=uuid.uuid4(),
        )
    reference = reached.contact.reference

    context, page = _section(hanna, incident)
    assert context["listed_contacts"] == [reference]
    assert f'href="{reverse("referrals:contact_detail", args=[reference])}"' in page
    total = context["reach_total"]
    assert (total.offered, total.accepted, total.declined, total.offered_undecided) == (3, 1, 1, 1)
    assert total.unreachable == 1
    by_district = {p.plan.district.key: p.reached for p in context["reach_progress"]}
    assert by_district["rinkeby-kista"].total == 0
    # Taken from the rows listed, the counts are those the database counts.
    counted = selectors.plan_progress(incident_id=incident.pk, now=timezone.now())
    assert by_district == {p.plan.district.key: p.reached for p in counted}
    assert "Starta kontakt med en anhörig" in page

    context, page = _section(kim, incident)
    assert context["listed_contacts"] == []
    assert reference not in page
    assert "Kontakt registrerad" in page
    assert "Starta kontakt med en anhörig" not in page
    assert "Registrera utfall" in page


def test_the_outcome_form_offers_the_users_own_plans_only(district_staff, incident, spanga):
    """The plans read once for the rows give the form its options: the user's own
    district's plan, chosen already as it is the only one, and no other district's."""
    kim = district_staff(roles.CONSULTANT, "spanga-tensta", "kim")
    _context, page = _section(kim, incident)
    select = re.search(r'<select name="plan"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    assert [(value, chosen) for value, chosen, _label in options] == [
        ("", ""),
        (str(spanga.pk), " selected"),
    ]
    assert options[1][2] == spanga.district.name


def test_the_section_asks_the_same_number_of_queries_however_many(district_staff, incident, spanga):
    kim = district_staff(roles.CONSULTANT, "spanga-tensta", "kim")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            _section(kim, incident)
        return len(captured)

    reach_services.record_outcome(
        user=kim,
        plan=spanga,
        outcome="declined",
        reached_at=timezone.now(),
        start_token=uuid.uuid4(),
    )
    queries()  # the user's permissions are cached from now on
    one = queries()
    for _ in range(6):
        reach_services.record_outcome(
            user=kim,
            plan=spanga,
            outcome="accepted",
            reached_at=timezone.now(),
            start_token=uuid.uuid4(),
        )
    assert queries() == one


def test_the_incident_page_records_the_contacts_it_names(
    district_staff, incident, spanga, make_draft, client
):
    from audit.models import AuditEvent

    hanna = district_staff(roles.CASEWORKER, "spanga-tensta", "hanna-st")
    reference = _contact_for(hanna, spanga, make_draft).contact.reference
    client.force_login(hanna)

    page = client.get(incident.get_absolute_url())

    assert reference in page.content.decode()
    viewed = AuditEvent.objects.get(action=AuditEvent.Action.INCIDENT_VIEWED, actor=hanna)
    assert viewed.incident_reference == incident.reference
    assert viewed.details == {"contacts": [reference]}


class _Fields(HTMLParser):
    """The fields as a browser reads them: each element that makes or names a field,
    with its attributes, and the text of labels, legends, options and help."""

    TAGS = {"input", "select", "option", "label", "legend", "textarea"}

    def __init__(self):
        super().__init__()
        self.seen: list = []

    def handle_starttag(self, tag, attrs):
        if tag in self.TAGS or (tag == "div" and ("class", "form-text") in attrs):
            self.seen.append((tag, sorted((k, v or "") for k, v in attrs)))

    def handle_data(self, data):
        if data.strip() and self.seen:
            self.seen.append(("text", " ".join(data.split())))


def _fields(html: str) -> list:
    parser = _Fields()
    parser.feed(html)
    return parser.seen


@pytest.mark.parametrize("plans", ["one", "two"])
def test_the_plain_outcome_fields_are_what_crispy_forms_renders(
    district_staff, incident, spanga, plans
):
    """The incident page writes the empty outcome form's fields by hand; a browser
    must find the same names, ids, labels, help, options and choice as the form
    class rendered through crispy-forms would give."""
    kim = district_staff(roles.CONSULTANT, "spanga-tensta", "kim")
    if plans == "two":
        IncidentRegistrar.objects.create(user=kim, district=incident.district)
        kim = type(kim).objects.get(pk=kim.pk)  # the districts are kept on the user
    context = relatives.page_context(user=kim, incident=incident, now=timezone.now())
    form = context["reached_form"]
    plain = render_to_string("referrals/outreach/_reached_fields.html", {"form": form})
    crispy = render_to_string("_form_fields.html", {"form": form})
    assert _fields(plain) == _fields(crispy)
    assert len(re.findall(r"<option ", plain)) == (2 if plans == "one" else 3)
