"""A step the situation does not call for is skipped everywhere: in the progress
list, in navigation, on the check page and at submit (``Step.applies``)."""

import dataclasses

import pytest
from django.urls import reverse

from referrals.intake import journey, navigation, summary
from referrals.intake.examples import example_answers
from referrals.models import Contact
from tests.referrals.intake.test_guided_path import post_step, start, step_url

pytestmark = pytest.mark.django_db


def _threats_only_for_a_child(answers: journey.Answers) -> bool:
    """A made-up condition: ask about threats only when the relative is a child."""
    return answers.value("relative", "relative_is_child") is True


@pytest.fixture
def threats_only_for_children(monkeypatch):
    steps = tuple(
        dataclasses.replace(step, applies=_threats_only_for_a_child)
        if step.slug == "threats"
        else step
        for step in journey.STEPS
    )
    monkeypatch.setattr(journey, "STEPS", steps)
    monkeypatch.setattr(journey, "STEP_BY_SLUG", {step.slug: step for step in steps})


@pytest.fixture
def signed_in(client, caseworker):
    client.force_login(caseworker)
    return client


def test_a_step_that_does_not_apply_is_left_out_of_progress_and_navigation(
    threats_only_for_children, caseworker
):
    answers = journey.Answers(example_answers(relative={"relative_is_child": "no"}))
    slugs = [state.step.slug for state in navigation.progress(answers, caseworker)]
    assert "threats" not in slugs
    assert navigation.is_complete(navigation.progress(answers, caseworker))
    children, needs = journey.STEP_BY_SLUG["children"], journey.STEP_BY_SLUG["needs"]
    assert navigation.next_step(children, answers) == needs
    assert navigation.previous_step(needs, answers) == children
    assert "threats" not in [step.slug for step, _lines in summary.describe(answers)]


def test_the_same_step_applies_when_the_situation_calls_for_it(
    threats_only_for_children, caseworker
):
    answers = journey.Answers(
        example_answers(relative={"relative_is_child": "yes", "age_group": "13-17"})
    )
    assert "threats" in [state.step.slug for state in navigation.progress(answers, caseworker)]
    assert navigation.next_step(journey.STEP_BY_SLUG["children"], answers).slug == "threats"


def test_a_skipped_step_redirects_and_submit_fills_its_fields_with_defaults(
    threats_only_for_children, signed_in
):
    draft = start(signed_in)
    answers = example_answers(relative={"relative_is_child": "no"})
    for step in navigation.steps_for(journey.Answers(answers)):
        response = post_step(signed_in, draft, step.slug, answers[step.slug])
        assert response.status_code == 302, step.slug

    response = signed_in.get(step_url(draft, "threats"))
    assert response.status_code == 302
    assert "threats" not in response["Location"]

    signed_in.post(reverse("referrals:draft_check", args=[draft.pk]))
    contact = Contact.objects.get()
    assert contact.threatened is False
    assert contact.police_report == ""
