"""A contact can end with advice and information only: no referral, a note of what
was given, shown on the contact page and the handout, counted in the statistics."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from referrals.intake import journey, services
from referrals.intake.examples import example_answers, form_data
from referrals.intake.forms import ReferralForm
from referrals.models import Contact, Referral
from referrals.statistics import rollup
from referrals.statistics.report import build_report

pytestmark = pytest.mark.django_db

INFORMATION_ONLY = {
    "internal": [],
    "information_only": True,
    "information_given": "Berättade om krisstöd och om Brottsofferjouren.",
}


def referral_form(**values):
    answers = journey.Answers(example_answers())
    data = form_data({**example_answers()["referral"], **values})
    return ReferralForm(data=data, suggestions=journey.suggestions_for(answers))


def test_information_only_needs_a_note_of_what_was_given():
    form = referral_form(internal=[], information_only=True, information_given="  ")
    assert not form.is_valid()
    assert form.errors["information_given"] == [
        "Skriv kort vilka råd och vilken information du gav."
    ]


def test_information_only_and_recipients_together_are_refused():
    form = referral_form(information_only=True, information_given="Råd om sömn.")
    assert not form.is_valid()
    assert "Ingen hänvisning" in form.non_field_errors()[0]


def test_no_recipient_and_no_information_only_says_how_to_end_without():
    form = referral_form(internal=[])
    assert not form.is_valid()
    assert "Ingen hänvisning – bara råd och information" in form.non_field_errors()[0]


def test_submit_creates_the_contact_with_what_was_given_and_no_referral(make_draft, caseworker):
    draft = make_draft(referral=INFORMATION_ONLY)
    contact = services.submit_draft(draft=draft, user=caseworker)
    assert contact.information_given == INFORMATION_ONLY["information_given"]
    assert not Referral.objects.filter(contact=contact).exists()
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.CONTACT_SUBMITTED, contact_reference=contact.reference
    )
    assert event.details["referrals"] == []


def test_a_note_typed_before_choosing_a_recipient_is_not_kept(make_draft, caseworker):
    draft = make_draft(referral={"information_given": "Skrev något först"})
    contact = services.submit_draft(draft=draft, user=caseworker)
    assert contact.information_given == ""
    assert contact.referrals.count() == 1


def test_the_contact_page_and_handout_say_no_referral_was_made(client, make_draft, caseworker):
    contact = services.submit_draft(draft=make_draft(referral=INFORMATION_ONLY), user=caseworker)
    client.force_login(caseworker)
    page = client.get(reverse("referrals:contact_detail", args=[contact.reference])).content
    assert "Ingen hänvisning – bara råd och information." in page.decode()
    assert INFORMATION_ONLY["information_given"] in page.decode()
    handout = client.get(reverse("referrals:contact_handout", args=[contact.reference]))
    text = handout.content.decode()
    assert "fått råd och information. Ingen hänvisning har skickats." in text
    assert "Vi har skickat en hänvisning" not in text


def information_only_count(n, make_draft, caseworker) -> int | None:
    for _ in range(n):
        services.submit_draft(draft=make_draft(referral=INFORMATION_ONLY), user=caseworker)
    services.submit_draft(draft=make_draft(), user=caseworker)  # one with a referral
    rollup.compute()
    report = build_report(month_from=None, month_to=None, district=None)
    table = next(table for table in report.tables if table.key == "information-only")
    return table.rows[0].count


def test_the_statistics_count_information_only_contacts(make_draft, caseworker):
    assert information_only_count(5, make_draft, caseworker) == 5
    assert Contact.objects.count() == 6


def test_a_small_information_only_count_is_suppressed(make_draft, caseworker):
    assert information_only_count(4, make_draft, caseworker) is None
