"""Reaching the relative: optional phone, e-mail and address, shown only to the
contact's caseworker and to receivers with consent to contact; a call-back code
and a number for a relative nobody can reach."""

import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from referrals.follow_up import reach, services
from referrals.intake.forms.relative import SafeContactForm
from referrals.models import Contact, Referral
from tests.factories import CONSENTED_CONTACT_STEPS

pytestmark = pytest.mark.django_db

PHONE = "070-123 45 67"
EMAIL = "leila@example.se"
ADDRESS = "Storgatan 1, 123 45 Stockholm"
REACHABLE = {
    "relative": {"pseudonym": "Leila"},
    "safe-contact": {
        "relative_phone": PHONE,
        "relative_email": EMAIL,
        "relative_address": ADDRESS,
    },
}
CODE = re.compile(rf"^[{reach.CALLBACK_ALPHABET}]{{{reach.CALLBACK_LENGTH}}}$")


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def safe_contact(**values):
    return SafeContactForm(data={"contact_channel": "phone", **values})


class TestTheForm:
    @pytest.mark.parametrize("phone", ["070-123 45 67", "+46 70 123 45 67", "08-508 000 00"])
    def test_a_phone_number_as_people_write_it_is_accepted(self, phone):
        form = safe_contact(relative_phone=phone)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["relative_phone"] == phone

    @pytest.mark.parametrize(
        "phone", ["070 abc 12", "12345", "070/1234567", "+46 70 123 45 67 89 01 2"]
    )
    def test_a_bad_phone_number_gets_a_swedish_message(self, phone):
        form = safe_contact(relative_phone=phone)
        assert not form.is_valid()
        assert form.errors["relative_phone"] == [
            "Telefonnumret är inte giltigt. Skriv bara siffror, mellanslag och bindestreck, "
            "till exempel 070-123 45 67 eller +46 70 123 45 67."
        ]

    def test_a_bad_email_gets_a_swedish_message(self):
        form = safe_contact(relative_email="leila@")
        assert not form.is_valid()
        assert form.errors["relative_email"] == ["Skriv en e-postadress som namn@exempel.se."]

    def test_the_address_is_bounded(self):
        assert not safe_contact(relative_address="x" * 201).is_valid()
        assert safe_contact(relative_address="x" * 200).is_valid()

    def test_everything_is_optional(self):
        form = safe_contact()
        assert form.is_valid(), form.errors
        assert not reach.can_be_reached(form.cleaned_data)


class TestSubmit:
    def test_the_reach_details_are_stored_and_no_code_is_given(self, make_referral):
        contact = make_referral(**REACHABLE).contact
        assert (contact.relative_phone, contact.relative_email, contact.relative_address) == (
            PHONE,
            EMAIL,
            ADDRESS,
        )
        assert contact.callback_code == ""

    def test_an_anonymous_relative_gets_a_call_back_code(self, make_referral):
        contact = make_referral(relative={"pseudonym": ""}).contact
        assert CODE.match(contact.callback_code)

    def test_a_named_relative_nobody_can_reach_gets_one_too(self, make_referral):
        contact = make_referral(relative={"pseudonym": "Leila"}).contact
        assert CODE.match(contact.callback_code)

    def test_a_code_held_by_an_open_contact_is_not_given_again(self):
        asked = []

        def taken(code):
            asked.append(code)
            return len(asked) < 3

        code = reach.new_callback_code(taken=taken)
        assert code == asked[-1] and len(asked) == 3

    def test_without_a_free_code_it_says_so(self):
        with pytest.raises(RuntimeError):
            reach.new_callback_code(taken=lambda code: True, attempts=3)

    def test_only_open_contacts_hold_their_codes(self, make_referral):
        contact = make_referral().contact
        assert reach.code_taken(contact.callback_code)
        Contact.objects.filter(pk=contact.pk).update(anonymised_at=timezone.now())
        assert not reach.code_taken(contact.callback_code)


class TestWhoSeesIt:
    def test_the_receiver_sees_it_with_consent_to_contact(self, client, make_referral, consultant):
        referral = make_referral(**CONSENTED_CONTACT_STEPS, **REACHABLE)
        client.force_login(consultant)
        page = text(client.get(reverse("referrals:referral_detail", args=[referral.reference])))
        assert PHONE in page and EMAIL in page and ADDRESS in page
        assert AuditEvent.objects.filter(
            action=AuditEvent.Action.REFERRAL_VIEWED, referral_reference=referral.reference
        ).exists()

    def test_without_consent_to_contact_the_receiver_does_not(
        self, client, make_referral, consultant
    ):
        referral = make_referral(**REACHABLE)
        client.force_login(consultant)
        page = text(client.get(reverse("referrals:referral_detail", args=[referral.reference])))
        assert PHONE not in page and EMAIL not in page and ADDRESS not in page
        assert "visas bara när det finns ett samtycke till kontakt" in page

    def test_a_withdrawn_consent_hides_it_again(self, client, make_referral, consultant):
        referral = make_referral(**CONSENTED_CONTACT_STEPS, **REACHABLE)
        services.withdraw_consent(
            consent=referral.contact.consents.get(),
            user=referral.contact.created_by,
            withdrawn_on=date(2026, 11, 21),
            scope="Allt",
        )
        client.force_login(consultant)
        page = text(client.get(reverse("referrals:referral_detail", args=[referral.reference])))
        assert PHONE not in page

    def test_never_in_the_inbox_list(self, client, make_referral, consultant):
        make_referral(**CONSENTED_CONTACT_STEPS, **REACHABLE)
        client.force_login(consultant)
        page = text(client.get(reverse("referrals:inbox")))
        assert PHONE not in page and EMAIL not in page and "Storgatan" not in page

    def test_never_on_the_handout(self, client, make_referral):
        contact = make_referral(**CONSENTED_CONTACT_STEPS, **REACHABLE).contact
        client.force_login(contact.created_by)
        page = text(client.get(reverse("referrals:contact_handout", args=[contact.reference])))
        assert PHONE not in page and EMAIL not in page and "Storgatan" not in page
        assert "Vi har skickat en hänvisning och hör av oss till dig." in page

    def test_the_contacts_own_caseworker_sees_it(self, client, make_referral):
        contact = make_referral(**REACHABLE).contact
        client.force_login(contact.created_by)
        page = text(client.get(reverse("referrals:contact_detail", args=[contact.reference])))
        assert PHONE in page and EMAIL in page and ADDRESS in page


class TestTheCallBackCode:
    def test_the_handout_gives_the_number_and_the_code(self, client, make_referral):
        contact = make_referral().contact
        client.force_login(contact.created_by)
        page = text(client.get(reverse("referrals:contact_handout", args=[contact.reference])))
        assert (
            "Vi kan inte nå dig. Ring Stockholms stads kontaktcenter på 08-508 000 00, fråga "
            "efter socialtjänsten i Farsta stadsdelsförvaltning och uppge koden "
            f"{contact.callback_code}." in page
        )
        assert "hör av oss till dig" not in page

    def test_with_the_districts_own_reception(self, client, make_referral):
        from guidance.models import District

        District.objects.filter(key="farsta").update(
            reception_name="Mottagningen för vuxna", reception_phone="08-111 111 11"
        )
        contact = make_referral().contact
        client.force_login(contact.created_by)
        page = text(client.get(reverse("referrals:contact_handout", args=[contact.reference])))
        assert (
            f"Vi kan inte nå dig. Ring Mottagningen för vuxna på 08-111 111 11 och uppge "
            f"koden {contact.callback_code}." in page
        )

    def test_without_any_number_the_caseworker_is_asked(self, client, make_referral):
        from guidance.models import District

        District.objects.update(reception_phone="")
        contact = make_referral().contact
        client.force_login(contact.created_by)
        page = text(client.get(reverse("referrals:contact_handout", args=[contact.reference])))
        assert "Vi kan inte nå dig. Fråga din handläggare vilket nummer" in page
        assert contact.callback_code in page

    def test_the_receiver_sees_the_code_to_match_the_call(self, client, make_referral, consultant):
        referral = make_referral()
        client.force_login(consultant)
        page = text(client.get(reverse("referrals:referral_detail", args=[referral.reference])))
        assert f"Kod för återuppringning {referral.contact.callback_code}" in page


def test_retention_clears_the_reach_details_and_the_code(make_referral, settings):
    settings.CONTACT_RETENTION_DAYS = 365
    reachable = make_referral(status="closed", **REACHABLE)
    anonymous = make_referral(status="closed")
    past = timezone.now() - timedelta(days=500)
    Referral.objects.update(closed_at=past)
    Contact.objects.update(created_at=past)

    call_command("apply_retention")

    reachable.contact.refresh_from_db()
    anonymous.contact.refresh_from_db()
    assert reachable.contact.relative_phone == ""
    assert reachable.contact.relative_email == ""
    assert reachable.contact.relative_address == ""
    assert anonymous.contact.callback_code == ""
