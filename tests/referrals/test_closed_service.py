"""A service closed after a referral named it (issue 15, ask 3): the caseworker's
contact page and the referral page say so, a reprinted handout gives the relative
the district's contact instead, and the guided path never suggests it."""

import re
from datetime import date

import pytest
from django.urls import reverse

from guidance import models as g
from referrals import pages
from referrals.intake import suggestions
from referrals.models import Referral
from tests.factories import ContactFactory
from tests.referrals.test_handout_language import CHILD_STEPS

pytestmark = pytest.mark.django_db

PHONE = "08-765 432 10"


@pytest.fixture
def service():
    """An active service with a phone of its own, not Bris (the child's handout's own)."""
    found = g.Service.objects.exclude(key="bris-stodlinje").order_by("pk").first()
    g.Service.objects.filter(pk=found.pk).update(phone=PHONE)
    found.refresh_from_db()
    return found


def _referred(service, **steps):
    contact = ContactFactory(draft__steps=steps)
    referral = Referral.objects.create(
        contact=contact, reference=f"{contact.reference}-9", service=service
    )
    return contact, referral


def _close(service, status=g.Service.Status.CLOSED, reopens=None):
    service.status, service.closure_reason = status, "Verksamheten har upphört"
    service.closed_on, service.reopens_on = date(2026, 5, 4), reopens
    service.save()


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _handout(client, contact) -> str:
    client.force_login(contact.draft.owner)
    return _text(client.get(reverse("referrals:contact_handout", args=[contact.reference])))


def test_contact_page_says_the_service_is_closed(client, service):
    contact, _referral = _referred(service)
    _close(service)
    client.force_login(contact.draft.owner)
    text = _text(client.get(contact.get_absolute_url()))
    assert "Tjänsten är nedlagd sedan 4 maj 2026." in text


def test_contact_page_says_nothing_of_an_open_service(client, service):
    contact, _referral = _referred(service)
    client.force_login(contact.draft.owner)
    text = _text(client.get(contact.get_absolute_url()))
    assert "nedlagd" not in text and "Tillfälligt stängd" not in text


def test_referral_page_gives_the_expected_reopening(rf, consultant, service):
    """Consultants open referrals to their own unit; the page itself (rendered, as
    always, through ``pages``) marks a referral whose service has closed."""
    _contact, referral = _referred(service)
    _close(service, g.Service.Status.TEMPORARILY_CLOSED, reopens=date(2026, 9, 1))
    request = rf.get(referral.get_absolute_url())
    request.user, request.session = consultant, {}
    text = _text(pages.render_referral(request, referral, via=pages.Via.PAGE))
    assert "Tillfälligt stängd, väntas öppna 1 september 2026." in text


def test_reprinted_handout_gives_the_districts_contact_not_the_closed_services(client, service):
    g.District.objects.filter(key="farsta").update(
        reception_name="Mottagningen för vuxna",
        reception_phone="08-111 111 11",
        mailbox="farsta.mottagning@example.se",
    )
    contact, _referral = _referred(service)
    assert PHONE in _handout(client, contact)  # first print: the service was open
    _close(service)

    text = _handout(client, contact)

    assert PHONE not in text
    assert "Tjänsten är nedlagd sedan 4 maj 2026. Kontakta Mottagningen för vuxna på " in text
    assert "08-111 111 11 eller farsta.mottagning@example.se i stället." in text


def test_handout_keeps_a_temporarily_closed_services_number_with_the_reopening(client, service):
    contact, _referral = _referred(service)
    _close(service, g.Service.Status.TEMPORARILY_CLOSED, reopens=date(2026, 9, 1))
    text = _handout(client, contact)
    assert "Tillfälligt stängd, väntas öppna 1 september 2026." in text
    assert PHONE in text
    assert "Kontakta Stockholms stads kontaktcenter på 08-508 000 00 i stället." in text


def test_childs_handout_leaves_out_a_closed_services_number(client, service):
    contact, _referral = _referred(service, **CHILD_STEPS)
    _close(service)
    text = _handout(client, contact)
    assert "Till dig som är barn eller ung" in text
    assert "Tjänsten är nedlagd sedan 4 maj 2026." in text
    assert PHONE not in text


@pytest.mark.parametrize("status", [g.Service.Status.CLOSED, g.Service.Status.TEMPORARILY_CLOSED])
def test_the_guided_path_never_suggests_a_closed_service(status):
    """A temporarily closed service is not suggested either: the relative could not
    reach it now, and the caseworker can still name it under "another destination"."""

    def offered() -> list:
        found = suggestions.suggest(
            target_groups=list(g.TargetGroup.objects.all()),
            needs=[],
            children_involved=True,
            language=None,
            district=g.District.objects.get(key="farsta"),
        )
        return [suggestion.service for suggestion in found.external]

    before = offered()
    assert before, "the situation is offered external services"
    _close(before[0], status)
    assert before[0] not in offered()
