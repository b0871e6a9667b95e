"""The benchmark's walks of the pages issue 14 added do what their names say, on the
benchmark's own seed: each reply is read as a browser would and the result checked in
the database (the query-growth test counts their queries; this checks their effect)."""

import pytest
from django.contrib.auth import get_user_model

from anhorigstod import roles
from bench import pages
from bench.pages import Visitor
from bench.seed import PREFIX, Sizes, seed
from bench.visitors import own_contacts, reach_referrals
from referrals.models import Contact, Referral, StaffProfile
from tests.bench.walking import walk_as

pytestmark = pytest.mark.django_db

SIZES = Sizes(
    staff=45, directory=5, contacts=40, referrals=60, sessions=60, audit_events=100, incidents=0
)


@pytest.fixture
def seeded():
    seed(SIZES, rng_seed=1, log=lambda _line: None)


def _caseworker() -> Visitor:
    contact = (
        Contact.objects.filter(created_by__username__startswith=f"{PREFIX}handlaggare")
        .filter(relative_is_child=False)
        .exclude(label="")
        .order_by("reference")
        .first()
    )
    profile = StaffProfile.objects.select_related("user", "district").get(user=contact.created_by)
    return Visitor(
        profile.user.username,
        roles.CASEWORKER,
        profile.district.key,
        contacts=[contact.reference],
        labels=[contact.label.split()[0]],
    )


def _new_contact(replies) -> Contact:
    submitted = next(reply for label, reply in replies if label.endswith("submit (POST)"))
    return Contact.objects.get(reference=submitted.location.rstrip("/").rsplit("/", 1)[-1])


def test_the_child_path_records_the_guardians_and_the_childs_view(seeded):
    replies = walk_as(_caseworker().username, pages.child_path(_caseworker()))
    labels = [label for label, _reply in replies]
    assert "child path: guardians (POST)" in labels
    assert "child path: child-view (POST)" in labels
    contact = _new_contact(replies)
    assert contact.relative_is_child
    assert contact.guardians_known is True
    assert contact.child_view == pages.CHILD_STEPS["child-view"]["child_view"]


def test_the_information_path_ends_without_a_referral(seeded):
    visitor = _caseworker()
    contact = _new_contact(walk_as(visitor.username, pages.information_path(visitor)))
    assert contact.information_given
    assert not contact.referrals.exists()


def test_the_withdrawal_walk_withdraws_the_referral_it_sent(seeded):
    visitor = _caseworker()
    for _time in range(2):  # repeated walks each have their own referral to withdraw
        replies = walk_as(visitor.username, pages.withdraw_referral(visitor))
        referral = _new_contact(replies).referrals.get()
        assert referral.status == Referral.Status.WITHDRAWN
        assert referral.withdrawal_reason == "Skickad till fel stadsdel."


def test_the_worklist_finds_the_contact_by_its_label_and_reference(seeded):
    visitor = _caseworker()
    replies = dict(walk_as(visitor.username, pages.worklist(visitor)))
    assert visitor.contacts[0] in replies["worklist: by label"].text
    assert visitor.contacts[0] in replies["worklist: by reference"].text


def test_the_handout_is_printed_in_each_language(seeded):
    visitor = _caseworker()
    replies = dict(walk_as(visitor.username, pages.handout_languages(visitor)))
    for code in pages.HANDOUT_LANGUAGES:
        assert f'class="handout" lang="{code}"' in replies[f"handout: {code}"].text


def test_the_seed_gives_receivers_referrals_whose_relative_can_be_reached(seeded):
    found = [
        (profile, referral)
        for profile in StaffProfile.objects.filter(provider__isnull=False).select_related("user")
        for referral in reach_referrals(profile.user)[:1]
    ]
    assert found
    profile, referral = found[0]
    visitor = Visitor(
        profile.user.username, roles.CONSULTANT, reach_references=[referral.reference]
    )
    page = dict(
        walk_as(visitor.username, pages._get("referral_reach", pages._reach_referral)(visitor))
    )
    contact = referral.contact
    assert contact.threatened and contact.children_in_household
    assert contact.relative_phone in page["referral_reach"].text
    assert contact.relative_email in page["referral_reach"].text


def test_every_caseworker_contact_the_bench_picks_is_an_adults_with_a_label(seeded):
    user = get_user_model().objects.get(username=_caseworker().username)
    assert all(c.label and not c.relative_is_child for c in own_contacts(user))
