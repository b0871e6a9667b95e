"""A child as the relative: the guardians' and the child's own steps apply, consent is
asked of the guardians or the child (never the related person) and the checkpoint
holds on the server."""

import importlib

import pytest
from django.urls import reverse

from referrals.intake import checkpoints, journey, navigation
from referrals.intake.conditions import relative_is_child
from referrals.intake.examples import example_answers
from referrals.intake.forms import ChildViewForm, ConsentForm, GuardiansForm, RelativeForm
from referrals.models import Consent, Contact
from tests.referrals.intake.test_guided_path import post_step, start, step_url

pytestmark = pytest.mark.django_db

CHILD = {"relative_is_child": "yes", "age_group": "0-12", "relation": "child"}
# The 10-year-old of the issue: reported by school, the father linked to VBE.
SCHOOL_REPORT = {
    "first-contact": {"entry_route": "information-other-way"},
    "relative": {**CHILD, "target_groups": ["vbe", "children-as-relatives"]},
    "guardians": {
        "guardians_known": "yes",
        "guardians_informed": "some",
        "guardians_not_informed_reason": "related_person",
        "guardians_note": "Bor hos mamma.",
    },
    "child-view": {"child_view": "Jag är rädd när pappa pratar om kriget."},
}
GUARDIANS_CONSENT = {
    "consent_given": "yes",
    "given_by": "guardians",
    "scope": "Kontakt med barnet",
    "given_on": "2026-11-18",
    "method": "oral",
}


def child_answers(**steps):
    return example_answers(**{**SCHOOL_REPORT, **steps})


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def test_the_condition_reads_the_relative_step():
    assert relative_is_child(journey.Answers(child_answers())) is True
    assert relative_is_child(journey.Answers(example_answers())) is False
    assert relative_is_child(journey.Answers(example_answers(relative=None))) is False


def test_the_childs_steps_follow_the_relative_and_safe_contact_steps_only_for_a_child():
    child = [step.slug for step in navigation.steps_for(journey.Answers(child_answers()))]
    assert child[:5] == ["first-contact", "relative", "safe-contact", "guardians", "child-view"]
    adult = [step.slug for step in navigation.steps_for(journey.Answers(example_answers()))]
    assert "guardians" not in adult
    assert "child-view" not in adult


def test_the_question_is_asked_in_the_relative_step_and_checked_against_the_age_group():
    data = {**example_answers()["relative"], "relative_is_child": "no", "age_group": "13-17"}
    form = RelativeForm(data=data)
    assert not form.is_valid()
    assert "stämmer inte med åldersgruppen" in str(form.errors["relative_is_child"])
    assert RelativeForm(data={**data, "relative_is_child": "yes"}).is_valid()
    assert RelativeForm(
        data={**data, "relative_is_child": "yes", "age_group": "unknown"}
    ).is_valid()
    assert "relative_is_child" not in journey.STEP_BY_SLUG["children"].form_class.base_fields


def test_a_guardian_not_told_needs_a_reason_and_no_name():
    form = GuardiansForm(data={"guardians_known": "yes", "guardians_informed": "none"})
    assert not form.is_valid()
    assert "Ange varför" in str(form.errors["guardians_not_informed_reason"])
    other = GuardiansForm(
        data={
            "guardians_known": "no",
            "guardians_informed": "none",
            "guardians_not_informed_reason": "other",
        }
    )
    assert "Skriv kort vilket skälet är." in str(other.errors["guardians_note"])
    told = GuardiansForm(
        data={
            "guardians_known": "yes",
            "guardians_informed": "all",
            "guardians_not_informed_reason": "harm",
        }
    )
    assert told.is_valid()
    assert told.cleaned_data["guardians_not_informed_reason"] == ""
    assert GuardiansForm(data={**SCHOOL_REPORT["guardians"], "guardians_note": "x" * 301}).errors


def test_the_childs_own_view_is_required_and_bounded():
    assert "Skriv vad barnet själv berättar" in str(ChildViewForm(data={}).errors["child_view"])
    assert not ChildViewForm(data={"child_view": "x" * 1001}).is_valid()
    assert ChildViewForm(data={"child_view": "x" * 1000}).is_valid()


def test_for_a_child_consent_is_never_asked_of_the_related_person():
    adult, child = ConsentForm(), ConsentForm(child=True)
    assert "Har den närstående samtyckt" in str(adult["consent_given"].label)
    assert "närstående" not in str(child["consent_given"].label)
    assert [value for value, _label in child.fields["given_by"].choices] == [
        "guardians",
        "child_and_guardians",
        "child",
    ]
    assert not ConsentForm(child=True, data={**GUARDIANS_CONSENT, "given_by": "Pappa"}).is_valid()


def test_a_child_consenting_alone_needs_the_caseworkers_judgement_of_age_and_maturity():
    alone = ConsentForm(child=True, data={**GUARDIANS_CONSENT, "given_by": "child"})
    assert "Bedöm om barnet kan samtycka själv" in str(alone.errors["child_mature"])
    mature = ConsentForm(
        child=True, data={**GUARDIANS_CONSENT, "given_by": "child", "child_mature": "on"}
    )
    assert mature.is_valid()
    assert mature.cleaned_data["given_by"] == "Barnet självt"


@pytest.fixture
def through_person():
    """A 16-year-old sister who became known through a SIG client (consent needed)."""
    return {
        "first-contact": {"entry_route": "noticed-through-person"},
        "relative": {**CHILD, "age_group": "13-17", "relation": "sibling"},
    }


@pytest.mark.parametrize(
    "consent",
    [
        {"consent_given": "no"},
        # What an adult's consent step records: the related person's consent.
        {**GUARDIANS_CONSENT, "given_by": "Brodern"},
        {**GUARDIANS_CONSENT, "given_by": "child", "child_mature": False},
    ],
    ids=["none", "the-related-person", "child-alone-without-judgement"],
)
def test_the_checkpoint_blocks_a_child_without_the_right_persons_consent(
    through_person, caseworker, consent
):
    answers = journey.Answers(child_answers(**through_person, consent=consent))
    with pytest.raises(checkpoints.ChildConsentMissing) as blocked:
        checkpoints.require_consent(answers, caseworker)
    assert "Den närstående ska inte tillfrågas" in str(blocked.value.message)


@pytest.mark.parametrize(
    "consent",
    [GUARDIANS_CONSENT, {**GUARDIANS_CONSENT, "given_by": "child", "child_mature": True}],
    ids=["guardians", "mature-child"],
)
def test_the_checkpoint_lets_the_guardians_or_a_mature_child_consent(
    through_person, caseworker, consent
):
    answers = journey.Answers(child_answers(**through_person, consent=consent))
    checkpoints.require_consent(answers, caseworker)


def test_a_posted_path_for_a_child_blocks_on_the_server(signed_in, through_person):
    draft = start(signed_in)
    answers = child_answers(**through_person, consent={"consent_given": "no"})
    for slug in ("first-contact", "relative", "safe-contact", "guardians", "child-view"):
        assert post_step(signed_in, draft, slug, answers[slug]).status_code == 302
    response = post_step(signed_in, draft, "consent", answers["consent"])
    assert response.status_code == 302  # Post/Redirect/Get, the block shown on the GET
    shown = signed_in.get(response["Location"])
    assert "Samtycke till kontakt ska komma från barnets vårdnadshavare" in (shown.content.decode())
    later = signed_in.get(step_url(draft, "confidentiality"))
    assert later.status_code in (302, 403)
    assert not Contact.objects.exists()


def test_the_consent_page_for_a_child_asks_the_child_or_guardians(signed_in):
    draft = start(signed_in)
    answers = child_answers()
    for slug in ("first-contact", "relative", "safe-contact", "guardians", "child-view"):
        post_step(signed_in, draft, slug, answers[slug])
    page = signed_in.get(step_url(draft, "consent")).content.decode()
    assert "Har barnets vårdnadshavare eller barnet självt samtyckt" in page
    assert "Har den närstående samtyckt" not in page
    assert "Den närstående ska inte tillfrågas." in page


def test_submit_keeps_the_guardians_the_childs_view_and_who_consented(signed_in, caseworker):
    draft = start(signed_in)
    answers = child_answers(consent=GUARDIANS_CONSENT)
    for step in navigation.steps_for(journey.Answers(answers)):
        response = post_step(signed_in, draft, step.slug, answers[step.slug])
        assert response.status_code == 302, (step.slug, response.content.decode()[:1500])
    signed_in.post(reverse("referrals:draft_check", args=[draft.pk]))
    contact = Contact.objects.get()
    assert contact.relative_is_child is True
    assert contact.guardians_known is True
    assert contact.guardians_informed == "some"
    assert contact.guardians_not_informed_reason == "related_person"
    assert contact.guardians_note == "Bor hos mamma."
    assert contact.child_view == "Jag är rädd när pappa pratar om kriget."
    assert contact.consents.get().given_by == "Barnets vårdnadshavare"
    assert contact.consents.get().purpose == Consent.Purpose.CONTACT_RELATIVE


def test_an_adult_contact_keeps_the_childs_fields_at_their_defaults(signed_in):
    draft = start(signed_in)
    answers = example_answers()
    for step in navigation.steps_for(journey.Answers(answers)):
        post_step(signed_in, draft, step.slug, answers[step.slug])
    signed_in.post(reverse("referrals:draft_check", args=[draft.pk]))
    contact = Contact.objects.get()
    assert (contact.relative_is_child, contact.guardians_known, contact.child_view) == (
        False,
        None,
        "",
    )
    assert contact.guardians_informed == contact.guardians_not_informed_reason == ""


def test_the_migration_moves_the_answer_to_the_relative_step_and_back():
    migration = importlib.import_module("referrals.migrations.0012_children_as_relatives")
    old = {"relative": {"relation": "parent"}, "children": {"relative_is_child": True, "x": 1}}
    moved = migration._moved(old, "children", "relative")
    assert moved == {
        "relative": {"relation": "parent", "relative_is_child": True},
        "children": {"x": 1},
    }
    assert migration._moved(moved, "relative", "children") == old
    assert migration._moved(moved, "children", "relative") is None
    assert migration._moved({}, "children", "relative") is None


def test_the_contact_page_shows_the_guardians_and_the_childs_own_words(client):
    from tests.factories import ContactFactory

    contact = ContactFactory(draft__steps=SCHOOL_REPORT)
    client.force_login(contact.draft.owner)
    page = client.get(contact.get_absolute_url()).content.decode()
    assert "Vårdnadshavaren är den närstående" in page
    assert "Bor hos mamma." in page
    assert "Jag är rädd när pappa pratar om kriget." in page
    adult = ContactFactory()
    client.force_login(adult.draft.owner)
    response = client.get(adult.get_absolute_url())
    assert response.status_code == 200
    assert "Barnets egen berättelse" not in response.content.decode()
