"""The inbox counts the referrals that match, not the listing: the listing's urgent-
first order reads each referral's contact, and a COUNT of it joined them for nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from referrals.follow_up import selectors

pytestmark = pytest.mark.django_db


def _referral_counts(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT COUNT(*)") and '"referrals_referral"' in q["sql"]
    ]


def test_the_inbox_counts_without_joining_the_contacts(client, consultant, make_referral):
    for _ in range(3):
        make_referral(status="sent")
    client.force_login(consultant)

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("referrals:inbox"))

    assert page.context["page_obj"].paginator.count == 3
    counts = _referral_counts(captured.captured_queries)
    assert counts, "the inbox counted no referrals"
    assert not any('"referrals_contact"' in sql for sql in counts)


def test_the_count_is_the_listings_length_with_a_filter(consultant, make_referral):
    sent, accepted = make_referral(status="sent"), make_referral(status="accepted")
    for filters in ({}, {"status": "sent"}, {"status": "accepted"}):
        matches = selectors.inbox_matches(user=consultant, filters=filters)
        listed = list(selectors.inbox_listing(matches))
        assert matches.count() == len(listed)
    assert {r.pk for r in selectors.inbox(user=consultant, filters={})} == {sent.pk, accepted.pk}
