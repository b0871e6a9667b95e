"""The inbox counts the referrals that match in the query that lists the page: the
listing's urgent-first order reads every match's contact anyway, and a COUNT query of
its own was one more trip to the database (anhorigstod.pagination)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from referrals.follow_up import lifecycle, selectors

pytestmark = pytest.mark.django_db


def _referral_counts(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT COUNT(*)") and '"referrals_referral"' in q["sql"]
    ]


def test_the_inbox_counts_in_the_listings_own_query(client, consultant, make_referral):
    for _ in range(3):
        make_referral(status="sent")
    client.force_login(consultant)

    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("referrals:inbox"))

    assert page.context["page_obj"].paginator.count == 3
    assert len(page.context["rows"]) == 3
    # The one COUNT left is the badge of those waiting to be received, not the list's.
    listing_counts = [
        sql
        for sql in _referral_counts(captured.captured_queries)
        if all(f"'{status}'" in sql for status in lifecycle.FINISHED)
    ]
    assert listing_counts == []
    assert len(_referral_counts(captured.captured_queries)) == 1


def test_the_count_is_the_listings_length_with_a_filter(consultant, make_referral):
    sent, accepted = make_referral(status="sent"), make_referral(status="accepted")
    for filters in ({}, {"status": "sent"}, {"status": "accepted"}):
        matches = selectors.inbox_matches(user=consultant, filters=filters)
        listed = list(selectors.inbox_listing(matches))
        assert matches.count() == len(listed)
    assert {r.pk for r in selectors.inbox(user=consultant, filters={})} == {sent.pk, accepted.pk}
