"""Answers for every step of the guided path, valid as a whole, to override per test."""

import uuid

import pytest

from anhorigstod import roles
from referrals import journey
from referrals.models import Draft


def valid_answers(**steps) -> dict:
    """Raw answers as a posted form would store them; ``steps`` replaces or merges steps."""
    answers = {
        "first-contact": {
            "contact_date": "2026-11-20",
            "district": "farsta",
            "entry_route": "relative-contacted",
            "is_known_to_service": "no",
            "person_caseworker": "",
        },
        "relative": {
            "pseudonym": "",
            "personal_identity_number": "",
            "personal_identity_number_reason": "",
            "relation": "parent",
            "age_group": "45-64",
            "gender": "woman",
            "language": "",
            "interpreter_needed": False,
            "target_groups": ["criminal-lifestyle"],
        },
        "safe-contact": {
            "contact_channel": "phone",
            "contact_times": "Vardagar 9–12",
            "contact_avoid": "Inga brev hem",
        },
        "consent": {
            "consent_given": "",
            "given_by": "",
            "scope": "",
            "given_on": "",
            "method": "",
        },
        "confidentiality": {
            "decision": "nothing",
            "ground": "",
            "ground_detail": "",
            "scope": "",
            "consent_given_on": "",
            "consent_method": "",
        },
        "children": {
            "children_in_household": "no",
            "relative_is_child": "no",
            "child_at_risk": "no",
            "report_made_on": "",
            "report_made_to": "",
        },
        "threats": {"threatened": "no", "police_report": "", "risk_analysis_requested": False},
        "needs": {"needs": ["advice"], "practical_matters": [], "needs_note": ""},
        "referral": {
            "internal": ["relative-support-consultant@farsta"],
            "external": [],
            "other_name": "",
            "other_contact": "",
        },
    }
    for slug, values in steps.items():
        if values is None:
            answers.pop(slug, None)
        else:
            answers[slug] = {**answers.get(slug, {}), **values}
    return answers


@pytest.fixture
def caseworker(make_user):
    return make_user(roles.CASEWORKER, username="hanna", first_name="Hanna")


@pytest.fixture
def make_draft(caseworker):
    def make(owner=None, **steps):
        return Draft.objects.create(
            owner=owner or caseworker,
            start_token=uuid.uuid4(),
            path_version=journey.PATH_VERSION,
            answers=valid_answers(**steps),
        )

    return make


@pytest.fixture
def consultant(make_user):
    """A relative support consultant in Farsta, who receives Farsta's referrals."""
    from guidance.models import District, InternalProvider
    from referrals.models import StaffProfile

    user = make_user(roles.CONSULTANT, username="kim", first_name="Kim")
    StaffProfile.objects.create(
        user=user,
        district=District.objects.get(key="farsta"),
        provider=InternalProvider.objects.get(key="relative-support-consultant"),
    )
    return user


@pytest.fixture
def make_referral(make_draft, caseworker):
    """An internal referral to the Farsta relative support consultant, in a given status."""
    from referrals.models import Referral
    from referrals.services import submit_draft

    def make(status: str = "sent", **steps) -> Referral:
        contact = submit_draft(draft=make_draft(**steps), user=caseworker)
        referral = contact.referrals.get(provider__key="relative-support-consultant")
        Referral.objects.filter(pk=referral.pk).update(status=status)
        referral.refresh_from_db()
        return referral

    return make
