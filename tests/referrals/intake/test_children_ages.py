"""Children's ages in the household: typed as the caseworker says them, only ages
kept, shown to the receiver and on the contact."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from referrals.intake.ages import describe_ages, parse_ages
from referrals.intake.forms import ChildrenForm


@pytest.mark.parametrize(
    ("typed", "ages"),
    [
        ("", []),
        ("12", [12]),
        ("4, 12", [4, 12]),
        ("4 och 12", [4, 12]),
        ("4 12 år", [4, 12]),
        ("0; 3/17", [0, 3, 17]),
        (" 7 , 7 ", [7, 7]),
        ("4,5 år", [4, 5]),  # two ages, not a fraction
    ],
)
def test_ages_are_read_as_typed(typed, ages):
    assert parse_ages(typed) == ages


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Kalle 4", "invalid"),
        ("4.5", "invalid"),
        ("-3", "invalid"),
        ("19", "not_a_child"),
        ("19850101-1234", "invalid"),
        (", ".join(["3"] * 16), "too_many"),
    ],
)
def test_what_is_not_an_age_is_refused(typed, code):
    with pytest.raises(ValidationError) as refused:
        parse_ages(typed)
    assert refused.value.code == code


def test_ages_are_said_in_swedish():
    assert describe_ages([]) == ""
    assert describe_ages([12]) == "12 år"
    assert describe_ages([4, 12]) == "4 och 12 år"
    assert describe_ages([0, 3, 9]) == "under 1, 3 och 9 år"


def _form(**data):
    return ChildrenForm(data={"children_in_household": "yes", "child_at_risk": "no", **data})


def test_the_form_cleans_ages_and_explains_a_mistake_next_to_the_field():
    form = _form(children_ages="12")
    assert form.is_valid()
    assert form.cleaned_data["children_ages"] == [12]
    form = _form(children_ages="tolv")
    assert not form.is_valid()
    assert "Skriv bara åldrar i hela år" in form.errors["children_ages"][0]


def test_ages_without_children_in_the_household_are_refused():
    form = _form(children_in_household="no", children_ages="12")
    assert not form.is_valid()
    assert "inte finns barn i hushållet" in form.errors["children_ages"][0]


def test_ages_are_optional():
    form = _form()
    assert form.is_valid()
    assert form.cleaned_data["children_ages"] == []


@pytest.mark.django_db
def test_the_contact_keeps_only_the_ages_and_its_page_says_them(client, make_referral, caseworker):
    children = {"children_in_household": "yes", "children_ages": "4, 12"}
    contact = make_referral(children=children).contact
    assert contact.children_ages == [4, 12]
    client.force_login(caseworker)
    page = client.get(reverse("referrals:contact_detail", args=[contact.reference]))
    assert "Barn i hushållet: ja (4 och 12 år)" in " ".join(page.content.decode().split())


def test_the_check_page_says_the_ages_in_words(make_draft):
    from referrals.intake import journey, summary

    children = {"children_in_household": "yes", "children_ages": "4, 12"}
    draft = make_draft(children=children)
    lines = dict(summary.describe(journey.Answers(draft.answers)))
    step = journey.STEP_BY_SLUG["children"]
    assert ("Barnens åldrar", "4 och 12 år") in [(line.label, line.value) for line in lines[step]]
