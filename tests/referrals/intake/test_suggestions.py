"""Ranked suggestions per target group, need, children and district."""

import pytest

from guidance import models as g
from referrals.intake.suggestions import parse_internal_choice, suggest

pytestmark = pytest.mark.django_db


def run(
    groups=("criminal-lifestyle",),
    needs=("advice",),
    children=False,
    district="farsta",
    language=None,
):
    return suggest(
        target_groups=list(g.TargetGroup.objects.filter(key__in=groups)),
        needs=list(needs),
        children_involved=children,
        language=language,
        district=g.District.objects.get(key=district),
    )


def internal_destinations(result):
    return dict(parse_internal_choice(s.choice_value) for s in result.internal)


@pytest.mark.parametrize(
    ("group", "expected_service"),
    [
        ("vbe", "fryshuset-exit-anhorig"),
        ("criminal-lifestyle", "fryshuset-passus-anhorig"),
        ("shootings-and-lethal-violence", "rav-stod"),
    ],
)
def test_each_target_group_gets_its_own_organisations(group, expected_service):
    external = [s.choice_value for s in run(groups=(group,)).external]
    assert expected_service in external


def test_children_bring_services_that_take_children_to_the_top():
    with_children = run(groups=("criminal-lifestyle", "children-as-relatives"), children=True)
    top = g.Service.objects.get(key=with_children.external[0].choice_value)
    assert top.serves_children


def test_suggestions_are_ranked_best_first_after_the_must_haves():
    result = run(groups=("criminal-lifestyle", "shootings-and-lethal-violence"))
    musts = [s.must for s in result.external]
    assert musts == sorted(musts, reverse=True)  # the situation's must-haves lead
    scores = [s.score for s in result.external if not s.must]
    assert scores == sorted(scores, reverse=True)
    assert all(s.why for s in result.external)


def test_a_district_with_sig_gets_its_own_sig_navigators():
    destinations = internal_destinations(run(district="farsta"))
    assert destinations["sig-navigator"] == "farsta"


def test_a_district_without_sig_gets_the_district_that_sells_it():
    sodermalm = g.District.objects.get(key="sodermalm")
    sodermalm.sig_provided_by = g.District.objects.get(key="skarpnack")
    sodermalm.save()
    result = run(district="sodermalm")
    assert internal_destinations(result)["sig-navigator"] == "skarpnack"
    sig = next(s for s in result.internal if s.choice_value.startswith("sig-navigator"))
    assert "Skarpnäck" in sig.note


def test_a_district_without_sig_or_seller_gets_no_sig_and_a_note():
    result = run(district="norrmalm")
    assert "sig-navigator" not in internal_destinations(result)
    assert any("ingen egen SIG" in note for note in result.notes)


def test_the_city_wide_treatment_unit_needs_no_district():
    destinations = internal_destinations(run(district="norrmalm"))
    assert destinations.get("city-treatment-unit", "missing") is None


def test_a_service_limited_to_another_district_is_not_offered():
    service = g.Service.objects.get(key="fryshuset-passus-anhorig")
    service.districts.set([g.District.objects.get(key="bromma")])
    assert "fryshuset-passus-anhorig" not in [s.choice_value for s in run().external]
    assert "fryshuset-passus-anhorig" in [s.choice_value for s in run(district="bromma").external]
