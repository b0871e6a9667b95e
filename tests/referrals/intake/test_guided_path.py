"""The guided path through the client: saving, resuming, skipping, submitting."""

import uuid

import pytest
from django.urls import reverse

from anhorigstod import roles
from audit.models import AuditEvent
from referrals.intake import journey, navigation, services
from referrals.intake.examples import example_answers
from referrals.models import (
    ChildConcernReport,
    Consent,
    Contact,
    DisclosureDecision,
    Draft,
    Referral,
)

pytestmark = pytest.mark.django_db


def step_url(draft, slug):
    return reverse("referrals:draft_step", args=[draft.pk, slug])


def post_step(client, draft, slug, data, follow=False):
    draft.refresh_from_db()
    payload = {"revision": draft.revision}
    for name, value in data.items():
        if value is True:
            payload[name] = "on"
        elif value is False:
            continue
        else:
            payload[name] = value
    return client.post(step_url(draft, slug), payload, follow=follow)


def post_step_shown(client, draft, slug, data):
    """Post a step and follow the redirect (Post/Redirect/Get, errors included) to the
    page it shows."""
    return post_step(client, draft, slug, data, follow=True)


def walk(client, draft, answers):
    for step in navigation.steps_for(journey.Answers(answers)):
        response = post_step(client, draft, step.slug, answers[step.slug])
        assert response.status_code == 302, (step.slug, response.content.decode()[:2000])
    return response


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def start(client) -> Draft:
    response = client.post(reverse("referrals:draft_start"), {"start_token": str(uuid.uuid4())})
    assert response.status_code == 302
    return Draft.objects.latest("created_at")


def test_a_whole_path_creates_contact_consents_and_referrals_together(signed_in, caseworker):
    draft = start(signed_in)
    answers = example_answers(
        **{
            "first-contact": {
                "entry_route": "noticed-through-person",
                "is_known_to_service": "yes",
            },
            "consent": {
                "consent_given": "yes",
                "given_by": "Den närstående",
                "scope": "Kontakt med mamman",
                "given_on": "2026-11-19",
                "method": "written",
            },
            "children": {
                "children_in_household": "yes",
                "child_at_risk": "yes",
                "report_made_on": "2026-11-20",
                "report_made_to": "Mottagningen barn och unga",
            },
            "referral": {
                "internal": ["relative-support-consultant@farsta"],
                "external": ["brottsofferjouren-stod"],
                "other_name": "Föreningen i området",
                "other_contact": "08-123 456",
            },
        }
    )
    walk(signed_in, draft, answers)
    response = signed_in.get(reverse("referrals:draft_check", args=[draft.pk]))
    assert response.status_code == 200
    assert "Kontrollera dina svar" in response.content.decode()

    response = signed_in.post(reverse("referrals:draft_check", args=[draft.pk]))

    contact = Contact.objects.get()
    assert response["Location"] == contact.get_absolute_url()
    assert contact.reference.startswith("AS-")
    assert contact.created_by == caseworker
    assert contact.path_version == journey.PATH_VERSION
    assert contact.guidance_version
    assert Consent.objects.get(contact=contact).method == "written"
    assert ChildConcernReport.objects.get(contact=contact).made_to == "Mottagningen barn och unga"
    assert DisclosureDecision.objects.get(contact=contact).nothing_shared
    assert Referral.objects.filter(contact=contact).count() == 3
    draft.refresh_from_db()
    assert draft.contact == contact
    assert draft.answers == {}
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.CONTACT_SUBMITTED, contact_reference=contact.reference
    ).exists()


def test_an_anonymous_relative_is_registered_without_name_or_number(signed_in):
    draft = start(signed_in)
    walk(signed_in, draft, example_answers())
    signed_in.post(reverse("referrals:draft_check", args=[draft.pk]))
    contact = Contact.objects.get()
    assert contact.pseudonym == ""
    assert contact.personal_identity_number == ""
    assert str(contact.relative_label) == "Anonym anhörig"


def test_a_personal_identity_number_needs_a_reason(signed_in):
    draft = start(signed_in)
    post_step(signed_in, draft, "first-contact", example_answers()["first-contact"])
    response = post_step_shown(
        signed_in,
        draft,
        "relative",
        {**example_answers()["relative"], "personal_identity_number": "19811218-9876"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange varför personnumret behövs" in page
    assert 'value="19811218-9876"' in page  # nothing typed is lost


def test_an_invalid_personal_identity_number_is_explained(signed_in):
    draft = start(signed_in)
    post_step(signed_in, draft, "first-contact", example_answers()["first-contact"])
    response = post_step_shown(
        signed_in,
        draft,
        "relative",
        {
            **example_answers()["relative"],
            "personal_identity_number": "19811218-9875",
            "personal_identity_number_reason": "Behövs för ansökan om bistånd",
        },
    )
    assert "Personnumret är inte giltigt" in response.content.decode()


def test_a_validation_error_keeps_every_answer_and_saves_nothing(signed_in):
    draft = start(signed_in)
    response = post_step_shown(
        signed_in,
        draft,
        "first-contact",
        {**example_answers()["first-contact"], "contact_date": "11/20/2026"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv datumet som ÅÅÅÅ-MM-DD" in page
    assert 'value="farsta" selected' in page
    draft.refresh_from_db()
    assert draft.answers == {}


def test_a_draft_is_resumed_where_it_was_left(signed_in):
    draft = start(signed_in)
    post_step(signed_in, draft, "first-contact", example_answers()["first-contact"])
    post_step(signed_in, draft, "relative", example_answers()["relative"])

    listing = signed_in.get(reverse("referrals:my_contacts")).content.decode()
    assert draft.get_absolute_url() in listing
    response = signed_in.get(draft.get_absolute_url())
    assert response["Location"] == step_url(draft, "safe-contact")
    page = signed_in.get(step_url(draft, "first-contact")).content.decode()
    assert 'value="criminal-lifestyle"' in page and "checked" in page


def test_a_later_step_cannot_be_opened_or_posted_early(signed_in):
    draft = start(signed_in)
    post_step(signed_in, draft, "first-contact", example_answers()["first-contact"])
    response = signed_in.get(step_url(draft, "needs"))
    assert response["Location"] == step_url(draft, "relative")
    response = post_step(signed_in, draft, "referral", example_answers()["referral"])
    assert response["Location"] == step_url(draft, "relative")
    draft.refresh_from_db()
    assert "referral" not in draft.answers


def test_consent_checkpoint_blocks_until_consent_is_recorded(signed_in):
    draft = start(signed_in)
    answers = example_answers(**{"first-contact": {"entry_route": "noticed-through-person"}})
    for slug in ("first-contact", "relative", "safe-contact"):
        post_step(signed_in, draft, slug, answers[slug])
    response = post_step_shown(signed_in, draft, "consent", {"consent_given": "no"})
    assert response.status_code == 200
    assert "Du får inte kontakta den anhöriga" in response.content.decode()
    assert signed_in.get(step_url(draft, "confidentiality"))["Location"] == step_url(
        draft, "consent"
    )
    # Submitting straight away is refused too.
    signed_in.post(reverse("referrals:draft_check", args=[draft.pk]))
    assert not Contact.objects.exists()

    post_step(
        signed_in,
        draft,
        "consent",
        {
            "consent_given": "yes",
            "given_by": "Sonen",
            "scope": "Kontakt",
            "given_on": "2026-11-19",
            "method": "oral",
        },
    )
    assert signed_in.get(step_url(draft, "confidentiality")).status_code == 200


def test_child_checkpoint_keeps_answers_while_the_report_is_made(signed_in):
    draft = start(signed_in)
    answers = example_answers()
    for slug in ("first-contact", "relative", "safe-contact", "consent", "confidentiality"):
        post_step(signed_in, draft, slug, answers[slug])
    response = post_step_shown(
        signed_in,
        draft,
        "children",
        {"children_in_household": "yes", "relative_is_child": "no", "child_at_risk": "yes"},
    )
    assert "En orosanmälan ska göras genast" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers["children"]["child_at_risk"] is True


def test_a_double_submit_creates_one_contact(signed_in):
    draft = start(signed_in)
    walk(signed_in, draft, example_answers())
    url = reverse("referrals:draft_check", args=[draft.pk])
    first = signed_in.post(url)
    second = signed_in.post(url)
    assert Contact.objects.count() == 1
    assert Referral.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_submitting_the_same_draft_twice_in_the_service_returns_the_first_contact(
    make_draft, caseworker
):
    draft = make_draft()
    first = services.submit_draft(draft=draft, user=caseworker)
    again = services.submit_draft(draft=Draft.objects.get(pk=draft.pk), user=caseworker)
    assert first == again
    assert Contact.objects.count() == 1


def test_a_double_click_on_start_gives_one_draft(signed_in):
    token = str(uuid.uuid4())
    signed_in.post(reverse("referrals:draft_start"), {"start_token": token})
    signed_in.post(reverse("referrals:draft_start"), {"start_token": token})
    assert Draft.objects.count() == 1


def test_two_tabs_never_overwrite_each_other(signed_in):
    draft = start(signed_in)
    post_step(signed_in, draft, "first-contact", example_answers()["first-contact"])
    draft.refresh_from_db()
    stale_revision = draft.revision
    # Tab A saves the relative step.
    post_step(signed_in, draft, "relative", example_answers()["relative"])
    # Tab B, loaded before A saved, posts the same step with other answers.
    tab_b = {**example_answers()["relative"], "relation": "sibling", "revision": stale_revision}
    tab_b["target_groups"] = ["vbe"]
    response = signed_in.post(step_url(draft, "relative"), tab_b, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(step_url(draft, "relative"), 302)]
    assert "ändrats i en annan flik" in page
    assert 'value="sibling" selected' in page  # tab B's answers are still on screen
    draft.refresh_from_db()
    assert draft.answers["relative"]["relation"] == "parent"


def test_a_submit_that_fails_halfway_leaves_nothing(make_draft, caseworker, monkeypatch):
    draft = make_draft()

    def explode(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_create_referrals", explode)
    with pytest.raises(RuntimeError):
        services.submit_draft(draft=draft, user=caseworker)
    assert not Contact.objects.exists()
    assert not Consent.objects.exists()
    draft.refresh_from_db()
    assert draft.contact is None
    assert draft.answers


def test_another_caseworkers_draft_is_not_found(client, make_draft, make_user):
    draft = make_draft()
    client.force_login(make_user(roles.CASEWORKER, username="annan"))
    assert client.get(step_url(draft, "first-contact")).status_code == 404
    assert client.get(reverse("referrals:draft_check", args=[draft.pk])).status_code == 404


def test_same_caseworker_rule_is_enforced_on_the_server(signed_in, caseworker):
    draft = start(signed_in)
    response = post_step_shown(
        signed_in,
        draft,
        "first-contact",
        {
            **example_answers()["first-contact"],
            "is_known_to_service": "yes",
            "person_caseworker": str(caseworker.pk),
        },
    )
    assert "får inte också handlägga den anhöriga" in response.content.decode()
    assert signed_in.get(step_url(draft, "relative"))["Location"] == step_url(
        draft, "first-contact"
    )


def test_the_handout_names_the_organisations_and_nothing_about_the_person(signed_in):
    draft = start(signed_in)
    answers = example_answers(
        **{
            "relative": {"pseudonym": "Mamma Leila"},
            "safe-contact": {"contact_avoid": "Sonen läser hennes post"},
            "referral": {"external": ["jourhavande-medmanniska-telefon"]},
            "needs": {"needs_note": "Sonen sitter häktad för grovt vapenbrott"},
        }
    )
    walk(signed_in, draft, answers)
    signed_in.post(reverse("referrals:draft_check", args=[draft.pk]))
    contact = Contact.objects.get()
    handout = signed_in.get(reverse("referrals:contact_handout", args=[contact.reference]))
    page = handout.content.decode()
    assert "08-702 16 80" in page
    assert "Jourhavande medmänniska" in page
    for secret in ("häktad", "vapenbrott", "läser hennes post", "Mamma Leila"):
        assert secret not in page
    summary = signed_in.get(contact.get_absolute_url() + "?print=1").content.decode()
    assert "Sonen sitter häktad" in summary
    assert AuditEvent.objects.filter(action=AuditEvent.Action.HANDOUT_PRINTED).exists()
