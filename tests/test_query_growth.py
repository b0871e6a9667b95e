"""Every page the benchmark drives makes the same number of queries when the data grows
tenfold: contacts, referrals, sessions, the audit trail and the directory.

The pages and their walks are the benchmark's own (``bench/pages.py``), seeded with
its seeding function (``bench/seed.py``) at a small size N and again up to 10N. Each
page is requested as the role that uses it: the caseworker walks the guided path to
submit; the consultant opens the inbox, a referral under way and the statistics.
"""

import pytest
from django.db.models import Count

from anhorigstod import roles
from bench.pages import PAGES, Visitor, query_counts
from bench.seed import PREFIX, Sizes, seed
from referrals import access
from referrals.models import Referral, StaffProfile

pytestmark = pytest.mark.django_db

SMALL = Sizes(staff=45, directory=10, contacts=40, referrals=60, sessions=120, audit_events=400)
# Seeded on top of SMALL: ten times as much in all (the same staff).
NINE_MORE = Sizes(
    staff=0, directory=90, contacts=360, referrals=540, sessions=1080, audit_events=3600
)


def _consultant_and_referral() -> tuple[StaffProfile, Referral]:
    """The seeded consultant with most referrals under way, and the largest of them.

    The referral page's queries depend on the referral's status (which moves its
    forms offer) and whether it was forwarded, so each size is measured on a
    referral of the same kind: under way, not forwarded, with the most sessions.
    """
    best = None
    for profile in StaffProfile.objects.filter(
        user__username__startswith=PREFIX, provider__isnull=False
    ).select_related("user"):
        under_way = (
            access.received_referrals(profile.user)
            .filter(status=Referral.Status.IN_PROGRESS, forwarded_to__isnull=True)
            .annotate(n=Count("sessions"))
            .order_by("-n", "reference")
        )
        first = under_way.first()
        if first and (best is None or under_way.count() > best[2]):
            best = (profile, first, under_way.count())
    assert best is not None, "the seed gave no consultant a referral under way"
    return best[0], best[1]


def _visitors() -> dict[str, Visitor]:
    profile, referral = _consultant_and_referral()
    caseworker = (
        StaffProfile.objects.filter(
            user__username__startswith=f"{PREFIX}handlaggare", district__isnull=False
        )
        .select_related("user", "district")
        .order_by("user__username")
        .first()
    )
    return {
        roles.CASEWORKER: Visitor(
            caseworker.user.username, roles.CASEWORKER, caseworker.district.key
        ),
        roles.CONSULTANT: Visitor(
            profile.user.username,
            roles.CONSULTANT,
            profile.district.key if profile.district else "farsta",
            [referral.reference],
        ),
    }


def test_no_page_makes_more_queries_with_ten_times_the_data():
    seed(SMALL, rng_seed=1, log=lambda _line: None)
    small = query_counts(PAGES, _visitors())
    seed(NINE_MORE, rng_seed=2, log=lambda _line: None)
    # (The guided path's walks submit a few contacts of their own.)
    assert Referral.objects.count() >= 10 * SMALL.referrals
    large = query_counts(PAGES, _visitors())

    assert set(large) == set(small)
    grew = {label: (small[label], large[label]) for label in small if large[label] != small[label]}
    assert not grew, f"query count changed with 10× the data (N, 10N): {grew}"
