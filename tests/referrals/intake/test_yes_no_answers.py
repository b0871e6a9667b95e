"""Yes/no answers are booleans from the form to the contact; old "yes"/"no" still read."""

import importlib
import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from referrals.fields import YesNoField
from referrals.intake import checkpoints, journey
from referrals.intake.examples import example_answers
from referrals.intake.forms import ChildrenForm
from referrals.models import Draft

pytestmark = pytest.mark.django_db

yes_no_migration = importlib.import_module("referrals.migrations.0007_intake_yes_no_booleans")


@pytest.mark.parametrize(
    ("given", "cleaned"), [("yes", True), ("no", False), (True, True), (False, False)]
)
def test_a_yes_no_field_cleans_posted_and_stored_answers_to_booleans(given, cleaned):
    assert YesNoField(label="Fråga").clean(given) is cleaned


def test_an_unanswered_optional_yes_no_field_is_none():
    assert YesNoField(label="Fråga", required=False).clean("") is None


def test_a_yes_no_field_refuses_anything_else():
    field = YesNoField(label="Fråga")
    with pytest.raises(ValidationError, match="Svara ja eller nej"):
        field.clean("")
    with pytest.raises(ValidationError) as refused:
        field.clean("kanske")
    assert refused.value.code == "invalid_choice"


def test_a_stored_boolean_checks_the_radio_button_it_came_from():
    form = ChildrenForm(initial={"children_in_household": True, "child_at_risk": False})
    said_yes, said_no = str(form["children_in_household"]), str(form["child_at_risk"])
    assert 'value="yes" required id="id_children_in_household_0" checked>\n Ja<' in said_yes
    assert 'value="no" required id="id_child_at_risk_1" checked>\n Nej<' in said_no
    assert said_yes.count("checked") == said_no.count("checked") == 1


def test_a_posted_step_stores_booleans(client, caseworker):
    client.force_login(caseworker)
    answers = example_answers(children=None)
    draft = Draft.objects.create(
        owner=caseworker, start_token=uuid.uuid4(), path_version="t", answers=answers
    )
    client.post(
        reverse("referrals:draft_step", args=[draft.pk, "children"]),
        {
            "revision": draft.revision,
            "children_in_household": "yes",
            "child_at_risk": "no",
        },
    )
    draft.refresh_from_db()
    stored = draft.answers["children"]
    assert stored["children_in_household"] is True
    assert stored["child_at_risk"] is False


@pytest.mark.parametrize(("yes", "no"), [("yes", "no"), (True, False)])
def test_checkpoints_read_old_strings_and_booleans_alike(caseworker, yes, no):
    blocked = journey.Answers(example_answers(threats={"threatened": yes}))
    with pytest.raises(checkpoints.ProtectionFirst):
        checkpoints.require_protection_first(blocked, caseworker)
    safe = journey.Answers(example_answers(threats={"threatened": no}))
    checkpoints.require_protection_first(safe, caseworker)
    assert safe.value("threats", "threatened") is False


def _draft(caseworker, **steps):
    return Draft.objects.create(
        owner=caseworker,
        start_token=uuid.uuid4(),
        path_version="t",
        answers=example_answers(**steps),
    )


def test_the_migration_turns_yes_and_no_into_booleans_and_back(caseworker):
    draft = _draft(caseworker, consent={"consent_given": "yes"}, children={"child_at_risk": "yes"})
    empty = Draft.objects.create(
        owner=caseworker, start_token=uuid.uuid4(), path_version="t", answers={}
    )
    original = Draft.objects.get(pk=draft.pk)

    yes_no_migration.forwards(apps, None)
    draft.refresh_from_db()
    assert draft.answers["first-contact"]["is_known_to_service"] is False
    assert draft.answers["consent"]["consent_given"] is True
    assert draft.answers["children"] == {
        **original.answers["children"],
        "children_in_household": False,
        "child_at_risk": True,
    }
    assert draft.answers["threats"]["threatened"] is False
    assert draft.answers["relative"] == original.answers["relative"]  # other steps untouched
    assert draft.updated_at == original.updated_at  # not an edit: retention is not restarted
    empty.refresh_from_db()
    assert empty.answers == {}

    yes_no_migration.backwards(apps, None)
    draft.refresh_from_db()
    assert draft.answers == original.answers


def test_the_migration_leaves_an_unanswered_optional_question_alone(caseworker):
    draft = _draft(caseworker)  # consent_given is "" when the route needs no consent
    yes_no_migration.forwards(apps, None)
    draft.refresh_from_db()
    assert draft.answers["consent"]["consent_given"] == ""
    assert journey.Answers(draft.answers).value("consent", "consent_given") is None
