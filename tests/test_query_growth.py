"""Every page the benchmark drives makes the same number of queries when the data grows
tenfold: contacts, referrals, sessions, the audit trail and the directory; and for the
outreach pages, serious incidents with their plans, tasks and relatives reached.

The pages and their walks are the benchmark's own (``bench/pages.py``), seeded with
its seeding function (``bench/seed.py``) at a small size N and again up to 10N. Each
page is requested as the role that uses it: the caseworker walks the guided path to
submit (an adult, a child, information only), sends a referral and withdraws it,
searches the worklist and prints a handout in each language; the consultant opens the
inbox, a referral under way (one whose relative can be reached too) and the statistics.
The outreach pages are requested by the consultant whose district's open incident has
most tasks (the list, an incident's page with few tasks and plans at N and many at 10N,
registering one, marking a task done, recording a relative reached, the statistics and
their CSV) and by the caseworker who owns most overdue tasks (the start page).
"""

import pytest
from django.db.models import Count

from anhorigstod import roles
from bench.pages import OUTREACH_PAGES, PAGES, Visitor, query_counts
from bench.seed import PREFIX, Sizes, seed
from bench.visitors import followed_incidents, overdue_tasks, reach_referrals
from referrals import access
from referrals.models import Contact, Referral, StaffProfile
from referrals.outreach.models import Incident, OutreachTask, RelativeReached

pytestmark = pytest.mark.django_db

SMALL = Sizes(
    staff=45, directory=10, contacts=40, referrals=60, sessions=120, audit_events=400, incidents=0
)
# Seeded on top of SMALL: ten times as much in all (the same staff).
NINE_MORE = Sizes(
    staff=0,
    directory=90,
    contacts=360,
    referrals=540,
    sessions=1080,
    audit_events=3600,
    incidents=0,
)
CASE_PAGES = [page for page in PAGES if page not in OUTREACH_PAGES]


def _largest(referrals, status: str):
    return (
        referrals.filter(status=status, forwarded_to__isnull=True)
        .annotate(n=Count("sessions", distinct=True))
        .order_by("-n", "reference")
    )


# The reach referral's status, the first of these a consultant has one in (the same at
# both sizes: the moves a referral's status offers change the page's queries).
REACH_STATUSES = [Referral.Status.IN_PROGRESS, Referral.Status.CLOSED, Referral.Status.SENT]


def _consultant_and_referrals(reach_status: str) -> tuple[StaffProfile, Referral, Referral]:
    """The seeded consultant with most referrals under way, and the largest of them;
    and their largest referral in ``reach_status`` whose relative can be reached (with
    children and a threat).

    The referral page's queries depend on the referral's status (which moves its
    forms offer) and whether it was forwarded, so each size is measured on a
    referral of the same kind: not forwarded, with the most sessions.
    """
    best = None
    for profile in StaffProfile.objects.filter(
        user__username__startswith=PREFIX, provider__isnull=False
    ).select_related("user"):
        under_way = _largest(access.received_referrals(profile.user), Referral.Status.IN_PROGRESS)
        reach = _largest(reach_referrals(profile.user), reach_status).first()
        first = under_way.first()
        if first and reach and (best is None or under_way.count() > best[3]):
            best = (profile, first, reach, under_way.count())
    assert best is not None, f"the seed gave no consultant a referral under way ({reach_status})"
    return best[0], best[1], best[2]


def _reach_status() -> str:
    for status in REACH_STATUSES:
        try:
            _consultant_and_referrals(status)
        except AssertionError:
            continue
        return status
    raise AssertionError("the seed gave no consultant a referral with reach details")


def _visitors(reach_status: str) -> dict[str, Visitor]:
    profile, referral, reach = _consultant_and_referrals(reach_status)
    # The caseworker's handout is that of their contact with most referrals (an adult
    # relative, labelled: the worklist is searched by its label).
    contact = (
        Contact.objects.filter(
            created_by__username__startswith=f"{PREFIX}handlaggare", relative_is_child=False
        )
        .exclude(label="")
        .annotate(n=Count("referrals"))
        .order_by("-n", "reference")
        .first()
    )
    caseworker = StaffProfile.objects.select_related("user", "district").get(
        user=contact.created_by
    )
    return {
        roles.CASEWORKER: Visitor(
            caseworker.user.username,
            roles.CASEWORKER,
            caseworker.district.key,
            contacts=[contact.reference],
            labels=[contact.label.split()[0]],
        ),
        roles.CONSULTANT: Visitor(
            profile.user.username,
            roles.CONSULTANT,
            profile.district.key if profile.district else "farsta",
            [referral.reference],
            reach_references=[reach.reference],
        ),
    }


def _grown(visitors: dict[str, Visitor]) -> dict[str, Visitor]:
    """The same people after the data grew: the consultant's largest referral under
    way picked again (it has more sessions now); the handout's contact and the referral
    with reach details kept (a different one could differ in kind, not in size)."""
    consultant = visitors[roles.CONSULTANT]
    user = StaffProfile.objects.get(user__username=consultant.username).user
    under_way = _largest(access.received_referrals(user), Referral.Status.IN_PROGRESS)
    consultant.references = [under_way.first().reference]
    return visitors


def test_no_page_makes_more_queries_with_ten_times_the_data():
    seed(SMALL, rng_seed=1, log=lambda _line: None)
    visitors = _visitors(_reach_status())
    small = query_counts(CASE_PAGES, visitors)
    seed(NINE_MORE, rng_seed=2, log=lambda _line: None)
    # (The guided path's walks submit a few contacts of their own.)
    assert Referral.objects.count() >= 10 * SMALL.referrals
    large = query_counts(CASE_PAGES, _grown(visitors))

    assert set(large) == set(small)
    grew = {label: (small[label], large[label]) for label in small if large[label] != small[label]}
    assert not grew, f"query count changed with 10× the data (N, 10N): {grew}"


# --- Outreach: serious incidents, plans, tasks, relatives reached -----------------

OUTREACH_SMALL = Sizes(
    staff=45, directory=5, contacts=40, referrals=60, sessions=60, audit_events=100, incidents=50
)
OUTREACH_NINE_MORE = Sizes(
    staff=0, directory=0, contacts=360, referrals=540, sessions=0, audit_events=0, incidents=450
)


def _linked(incident: Incident) -> bool:
    """Whether a relative reached of the incident is a contact: the page then asks
    which contacts the user may open, so incidents are compared like with like."""
    return RelativeReached.objects.filter(plan__incident=incident, contact__isnull=False).exists()


def _incident(user, *, largest: bool, linked: bool | None = None) -> Incident | None:
    """The user's open incident with most (or fewest) tasks, of the kind asked for."""
    found = [i for i in followed_incidents(user)[:200] if linked is None or _linked(i) == linked]
    if not found:
        return None
    return found[0] if largest else found[-1]


def _outreach_visitors() -> dict[str, Visitor]:
    """The seeded district consultant who follows most open incidents, with their
    incident of fewest tasks (the large size then opens their largest of the same
    kind); the seeded caseworker who owns most overdue tasks."""
    best = None
    for profile in StaffProfile.objects.filter(
        user__username__startswith=PREFIX, provider__isnull=False, district__isnull=False
    ).select_related("user", "district"):
        followed = followed_incidents(profile.user).count()
        if followed and (best is None or followed > best[1]):
            best = (profile, followed)
    assert best is not None, "the seed gave no district consultant an open incident"
    profile = best[0]
    incident = _incident(profile.user, largest=False)
    caseworker = max(
        StaffProfile.objects.filter(
            user__username__startswith=PREFIX, user__groups__name=roles.CASEWORKER
        ).select_related("user", "district"),
        key=lambda profile: (overdue_tasks(profile.user).count(), -profile.user_id),
    )
    assert overdue_tasks(caseworker.user).exists(), "the seed gave no caseworker overdue tasks"
    return {
        roles.CONSULTANT: Visitor(
            profile.user.username,
            roles.CONSULTANT,
            profile.district.key,
            incidents=[incident.reference],
        ),
        roles.CASEWORKER: Visitor(
            caseworker.user.username, roles.CASEWORKER, caseworker.district.key
        ),
    }


def test_no_outreach_page_makes_more_queries_with_ten_times_the_incidents():
    seed(OUTREACH_SMALL, rng_seed=1, log=lambda _line: None)
    visitors = _outreach_visitors()
    consultant = visitors[roles.CONSULTANT]
    small_incident = Incident.objects.get(reference=consultant.incidents[0])
    small = query_counts(OUTREACH_PAGES, visitors)
    seed(OUTREACH_NINE_MORE, rng_seed=2, log=lambda _line: None)
    assert Incident.objects.count() >= 10 * OUTREACH_SMALL.incidents
    # The consultant's largest open incident now, of the same kind as before: the page
    # is measured with their fewest tasks and plans, then with their most.
    user = StaffProfile.objects.get(user__username=consultant.username).user
    large_incident = _incident(user, largest=True, linked=_linked(small_incident))
    assert large_incident is not None
    tasks = OutreachTask.objects.filter
    assert (
        tasks(plan__incident=large_incident).count() > tasks(plan__incident=small_incident).count()
    )
    consultant.incidents = [large_incident.reference]
    large = query_counts(OUTREACH_PAGES, visitors)

    assert set(large) == set(small)
    grew = {label: (small[label], large[label]) for label in small if large[label] != small[label]}
    assert not grew, f"query count changed with 10× the incidents (N, 10N): {grew}"
