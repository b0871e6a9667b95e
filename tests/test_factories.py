"""The referral factory makes each state as the lifecycle would have left it."""

from datetime import date

import pytest

from anhorigstod import roles
from referrals.follow_up import lifecycle, services
from referrals.models import Referral
from tests.factories import MILESTONES, ReferralFactory, UserFactory

pytestmark = pytest.mark.django_db

STATUSES = Referral.Status.values
# The receiver's moves and the sender's (withdrawing a referral not yet accepted).
TABLE = lifecycle.ALL_TRANSITIONS
ALL_MILESTONES = {t.milestone for t in TABLE.values()}
# What each milestone's move records besides its *_at and *_by.
RECORDED = {
    "declined": "decline_reason",
    "first_talk_booked": "first_talk_on",
    "closed": "outcome",
    "forwarded": "forwarded_to",
    "withdrawn": "withdrawal_reason",
}


def _paths(status: str, start: str = Referral.Status.SENT) -> list[list[str]]:
    """Every way from ``start`` to ``status`` through the lifecycle's table, as the
    milestones passed. A move that stays in its status (rebooking the first talk)
    is no step on the way."""
    if start == status:
        return [[]]
    return [
        [transition.milestone, *rest]
        for transition in TABLE.values()
        if start in transition.sources and transition.target != start
        for rest in _paths(status, transition.target)
    ]


def _set(referral: Referral) -> set[str]:
    return {m for m in ALL_MILESTONES if getattr(referral, f"{m}_at") is not None}


def test_every_state_has_its_milestones():
    assert set(MILESTONES) == set(STATUSES)
    for status, milestones in MILESTONES.items():
        assert list(milestones) in _paths(status), f"{status}: not a way through the table"


@pytest.mark.parametrize("status", STATUSES)
def test_each_state_has_every_milestone_it_implies_and_none_it_excludes(status):
    referral = ReferralFactory(status=status)
    paths = _paths(status)
    implied = set.intersection(*(set(path) for path in paths))
    possible = set.union(*(set(path) for path in paths))

    assert referral.status == status
    assert implied <= _set(referral) <= possible
    for milestone in ALL_MILESTONES:
        at, by = getattr(referral, f"{milestone}_at"), getattr(referral, f"{milestone}_by")
        assert (at is None) == (by is None), milestone
        if milestone in RECORDED:
            recorded = getattr(referral, RECORDED[milestone])
            assert bool(recorded) == (at is not None), RECORDED[milestone]
    moments = [referral.created_at, *(getattr(referral, f"{m}_at") for m in MILESTONES[status])]
    assert moments == sorted(moments) and len(set(moments)) == len(moments)


@pytest.mark.parametrize("status", STATUSES)
def test_each_state_sets_the_fields_the_moves_there_set(status):
    """Moved there through ``move_referral``, a referral has the same fields set."""
    consultant = UserFactory(username="mover")
    moved = ReferralFactory()
    action_of: dict[str, str] = {}
    for transition in TABLE.values():  # the first move to a milestone, not a rebooking
        action_of.setdefault(transition.milestone, transition.action)
    for milestone in MILESTONES[status]:
        moved = services.move_referral(
            referral=moved,
            action=action_of[milestone],
            user=consultant,
            expected_version=moved.version,
            decline_reason="no_capacity",
            first_talk_on=date(2026, 12, 1),
            outcome="needs_met",
            forward_to_provider=moved.provider,
            withdrawal_reason="Fel stadsdel",
        )
    made = ReferralFactory(status=status, by=consultant)

    fields = [f.name for f in Referral._meta.concrete_fields if f.name.endswith(("_at", "_by"))]
    fields += list(RECORDED.values())
    assert {f for f in fields if getattr(made, f)} == {f for f in fields if getattr(moved, f)}
    assert made.status == moved.status


def test_make_referral_stamps_the_milestones(make_referral, consultant):
    closed = make_referral(status="closed")
    assert closed.closed_at is not None and closed.closed_by.groups.get().name == roles.CONSULTANT
    assert closed.outcome and closed.version == 0
    assert make_referral(status="accepted", by=consultant).accepted_by == consultant
    assert make_referral().received_at is None
