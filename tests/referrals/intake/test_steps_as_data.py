"""What differs between steps is data on the step, read by one view and one template."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

from referrals.intake import journey
from referrals.intake.examples import example_answers
from referrals.models import Contact

pytestmark = pytest.mark.django_db

# What submit itself sets on a contact, not from any step's answers.
SET_BY_SUBMIT = {
    "id", "reference", "source_draft", "created_by", "created_at", "path_version",
    "guidance_version", "anonymised_at", "callback_code", "label",
    # Left at its default by submit; set when the handout is printed in a language.
    "handout_language",
}  # fmt: skip


@pytest.mark.parametrize("step", journey.STEPS, ids=lambda step: step.slug)
def test_every_steps_template_exists(step):
    get_template(step.template)


def test_each_contact_field_is_filled_by_exactly_one_step():
    named = [field.name for step in journey.STEPS for field in step.contact_fields]
    assert len(named) == len(set(named))
    fields = {
        field.name for field in Contact._meta.concrete_fields if field.name not in SET_BY_SUBMIT
    }
    assert set(named) == fields


def test_a_steps_contact_values_follow_its_rules():
    answers = journey.Answers(
        example_answers(
            relative={"personal_identity_number": "", "personal_identity_number_reason": "X"},
            threats={"threatened": "no", "police_report": "made"},
        )
    )
    relative = journey.STEP_BY_SLUG["relative"].contact_values(answers.step("relative"))
    threats = journey.STEP_BY_SLUG["threats"].contact_values(answers.step("threats"))
    assert relative["personal_identity_number_reason"] == ""  # no reason without a number
    assert threats == {"threatened": False, "risk_analysis_requested": False, "police_report": ""}


@pytest.mark.parametrize(
    ("route", "required"), [("noticed-through-person", True), ("relative-contacted", False)]
)
def test_the_consent_step_says_whether_its_route_needs_consent(route, required):
    answers = journey.Answers(example_answers(**{"first-contact": {"entry_route": route}}))
    step = journey.STEP_BY_SLUG["consent"]
    assert step.extra_context(answers, step.form(answers)) == {
        "consent_required": required,
        "relative_is_child": False,
    }


def test_the_referral_step_gives_its_template_the_suggestions():
    answers = journey.Answers(example_answers())
    step = journey.STEP_BY_SLUG["referral"]
    context = step.extra_context(answers, step.form(answers))
    assert context["suggestions"] is journey.suggestions_for(answers)


@pytest.mark.parametrize(
    "path",
    [
        Path(settings.BASE_DIR) / "referrals" / "intake" / "views.py",
        Path(settings.BASE_DIR) / "templates" / "referrals" / "step.html",
    ],
    ids=lambda path: path.name,
)
def test_neither_the_view_nor_the_page_asks_which_step_it_is(path):
    assert not re.search(r"slug\s*==", path.read_text())
