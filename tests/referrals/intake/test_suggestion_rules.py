"""Suggestions by rules that are data: one test per situation of the material.

The must-haves lead in the material's order and are never dropped by the limit;
FATEG and Bufff only for the relatives they are for; BRA-samtal is guidance for
staff, never a recipient; every suggestion says why it is suggested.
"""

import pytest
from django.urls import reverse

from guidance import models as g
from referrals.intake import journey, suggestions
from referrals.intake import suggestion_rules as rules
from referrals.intake.examples import example_answers
from referrals.intake.suggestion_rules import Circumstance
from referrals.intake.suggestions import suggest

pytestmark = pytest.mark.django_db


def run(groups=("criminal-lifestyle",), needs=("advice",), children=False, **situation):
    return suggest(
        target_groups=list(g.TargetGroup.objects.filter(key__in=groups)),
        needs=list(needs),
        children_involved=children,
        language=None,
        district=g.District.objects.get(key="farsta"),
        **situation,
    )


def external_keys(result):
    return [s.choice_value for s in result.external]


def internal_keys(result):
    return [s.choice_value.partition("@")[0] for s in result.internal]


def test_every_rule_names_guidance_that_exists():
    services = set(g.Service.objects.values_list("key", flat=True))
    providers = set(g.InternalProvider.objects.values_list("key", flat=True))
    methods = set(g.Method.objects.values_list("key", flat=True))
    for rule in rules.MUST_HAVES:
        assert rule.key in (providers if rule.internal else services), rule.key
    assert {rule.key for rule in rules.EXCLUSIONS} <= services
    assert {rule.service_key for rule in rules.STAFF_METHODS} <= services
    assert {rule.method_key for rule in rules.STAFF_METHODS} <= methods


def test_a_shooting_victims_mother_gets_the_health_centre_first_then_flo():
    result = run(groups=("shootings-and-lethal-violence",), event_kind="shooting")
    keys = external_keys(result)
    assert keys[:2] == ["vardcentral-forsta-linjen", "polisen-flo"]
    assert "rav-stod" in keys
    assert "fateg-stod" not in keys  # she is the victim's mother, not a perpetrator's
    assert "bufff-stod" not in keys
    assert "första linjens psykiatri" in result.external[0].why


def test_a_shooting_puts_the_health_centre_first_without_ticking_health_care():
    result = run(groups=("criminal-lifestyle",), needs=("advice",), event_kind="shooting")
    assert external_keys(result)[0] == "vardcentral-forsta-linjen"


def test_a_vbe_relative_gets_exit_and_the_worry_line_but_no_flo():
    keys = external_keys(run(groups=("vbe",)))
    assert "fryshuset-exit-anhorig" in keys
    assert "radda-barnen-orostelefonen" in keys
    assert "polisen-flo" not in keys
    assert "fateg-stod" not in keys


def test_a_criminal_lifestyle_relative_gets_passus_and_fateg_only_for_a_perpetrator():
    plain = external_keys(run(groups=("criminal-lifestyle",)))
    assert "fryshuset-passus-anhorig" in plain
    assert "fateg-stod" not in plain
    perpetrator = run(
        groups=("criminal-lifestyle",), circumstances=[Circumstance.PERSON_USED_VIOLENCE]
    )
    fateg = next(s for s in perpetrator.external if s.choice_value == "fateg-stod")
    assert fateg.why.startswith("den närstående har utövat våld")


def test_a_child_relative_gets_bris_and_own_support_and_bra_samtal_as_guidance():
    result = run(groups=("children-as-relatives",), children=True, relative_is_child=True)
    assert external_keys(result)[0] == "bris-stodlinje"
    assert internal_keys(result)[0] == "outpatient-children"
    assert "allmanna-barnhuset-bra-samtal" not in external_keys(result)
    assert [method.key for method in result.methods] == ["bra-samtal"]
    assert "personal" in result.methods[0].why


def test_a_threatened_relative_gets_the_police_report_and_risk_analysis():
    result = run(groups=("criminal-lifestyle",), threatened=True)
    assert external_keys(result)[0] == "polisen-anmalan-och-riskanalys"
    assert "hotad" in result.external[0].why


def test_a_relative_of_someone_in_prison_gets_bufff():
    without = external_keys(run(groups=("criminal-lifestyle",), children=True))
    assert "bufff-stod" not in without
    result = run(
        groups=("criminal-lifestyle",),
        children=True,
        circumstances=[Circumstance.FAMILY_MEMBER_IN_PRISON],
    )
    bufff = next(s for s in result.external if s.choice_value == "bufff-stod")
    assert "fängelse" in bufff.why


def test_must_haves_are_never_dropped_by_the_limit(monkeypatch):
    monkeypatch.setattr(suggestions, "MAX_EXTERNAL", 1)
    result = run(
        groups=("shootings-and-lethal-violence", "children-as-relatives"),
        children=True,
        event_kind="lethal_violence",
        threatened=True,
    )
    musts = [s.choice_value for s in result.external if s.must]
    assert musts == [
        "vardcentral-forsta-linjen",
        "polisen-flo",
        "polisen-anmalan-och-riskanalys",
        "bris-stodlinje",
    ]
    assert len(result.external) == len(musts) + 1


def test_every_suggestion_says_why():
    result = run(
        groups=("shootings-and-lethal-violence", "children-as-relatives"),
        children=True,
        event_kind="shooting",
    )
    assert all(s.why for s in result.internal + result.external)


def test_the_path_passes_the_situation_from_its_answers():
    answers = journey.Answers(
        example_answers(
            relative={"relative_is_child": "yes", "age_group": "13-17", "relation": "sibling"},
            threats={"threatened": "yes", "police_report": "made"},
            needs={"circumstances": [Circumstance.FAMILY_MEMBER_IN_PRISON]},
        )
    )
    keys = external_keys(journey.suggestions_for(answers))
    assert "polisen-anmalan-och-riskanalys" in keys
    assert "bris-stodlinje" in keys
    assert "bufff-stod" in keys


def test_the_referral_step_shows_why_and_the_staff_method(client, make_draft, caseworker):
    draft = make_draft(children={"children_in_household": "yes"})
    client.force_login(caseworker)
    page = client.get(reverse("referrals:draft_step", args=[draft.pk, "referral"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Föreslås för att: barn och unga kan själva ringa Bris" in html
    assert "Metoder för dig som personal (inte mottagare)" in html
    assert reverse("guidance:method_detail", args=["bra-samtal"]) in html
    assert 'value="allmanna-barnhuset-bra-samtal"' not in html


def test_no_event_is_not_a_crisis_but_a_shooting_is():
    assert not rules.crisis_or_trauma(rules.Situation(event_kind="none"))
    assert rules.crisis_or_trauma(rules.Situation(event_kind="shooting"))


class _Answered:
    """Answers as the path reads them, without forms: (step, field) → value."""

    def __init__(self, values):
        self.values = values

    def value(self, slug, name, default=None):
        return self.values.get((slug, name), default)


@pytest.mark.parametrize(
    ("crisis_now", "ticked", "expected"),
    [(True, ["advice"], ["advice", "crisis"]), (False, ["advice"], ["advice"]),
     (True, ["crisis"], ["crisis"])],
)  # fmt: skip
def test_crisis_support_now_counts_as_the_crisis_need(crisis_now, ticked, expected):
    answers = _Answered({("crisis", "crisis_support_now"): crisis_now, ("needs", "needs"): ticked})
    assert journey._needs_with_crisis_now(answers) == expected
