"""The handout tells the relative how to reach their district again, with a number."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from guidance import selectors
from guidance.models import District
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def handout(client):
    """The printed handout's text for a contact in Farsta (the example's district)."""

    def render(**steps) -> str:
        contact = ContactFactory(draft__steps=steps)
        client.force_login(contact.draft.owner)
        response = client.get(reverse("referrals:contact_handout", args=[contact.reference]))
        assert response.status_code == 200
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))

    return render


def test_handout_gives_the_kontaktcenter_number_stored_on_the_district(handout):
    text = handout()
    assert (
        "Socialtjänsten i Farsta stadsdelsförvaltning. Vill du komma i kontakt med oss igen, "
        "ring Stockholms stads kontaktcenter på 08-508 000 00 och fråga efter socialtjänsten "
        "i Farsta stadsdelsförvaltning." in text
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.HANDOUT_PRINTED).count() == 1


def test_handout_gives_the_districts_own_reception(handout):
    District.objects.filter(key="farsta").update(
        reception_name="Mottagningen för vuxna", reception_phone="08-111 111 11"
    )
    text = handout()
    assert "ring Mottagningen för vuxna på 08-111 111 11." in text


def test_handout_falls_back_to_the_kontaktcenter_number_on_another_district(handout):
    District.objects.filter(key="farsta").update(reception_name="", reception_phone="")
    text = handout()
    assert "ring Stockholms stads kontaktcenter på 08-508 000 00" in text


def test_handout_without_any_number_asks_the_caseworker(handout):
    District.objects.update(reception_phone="")
    text = handout()
    assert "fråga din handläggare om ett nummer" in text
    assert "Ring Stockholms stads kontaktcenter om" not in text


def test_handout_uses_the_genitive_name(handout):
    text = handout(
        **{
            "first-contact": {"district": "sodermalm"},
            "referral": {"internal": ["relative-support-consultant@sodermalm"]},
        }
    )
    assert "Socialtjänsten i Södermalms stadsdelsförvaltning." in text


def test_handout_explains_sig_navigators_in_plain_words(handout):
    text = handout(referral={"internal": ["sig-navigator@farsta"]})
    assert "SIG-lotsar arbetar i socialtjänstens sociala insatsgrupper (SIG)." in text
    assert "råd och stöd till dig som är anhörig" in text


def test_district_phone_prefers_the_districts_own_number():
    farsta = District.objects.get(key="farsta")
    farsta.reception_name, farsta.reception_phone = "Mottagningen", "08-1"
    assert selectors.district_phone(district=farsta) == ("Mottagningen", "08-1", False)
    farsta.reception_phone = ""
    assert selectors.district_phone(district=farsta) == (
        selectors.CITY_CONTACT_CENTRE,
        "08-508 000 00",
        True,
    )
    District.objects.update(reception_phone="")
    assert selectors.district_phone(district=farsta) is None
