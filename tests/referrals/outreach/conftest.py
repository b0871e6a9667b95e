"""Staff of a district and incidents, for the outreach tests."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from guidance.models import District
from referrals.models import StaffProfile
from referrals.outreach import services
from referrals.outreach.models import IncidentKind


@pytest.fixture
def district_staff(make_user):
    """A member of staff of a district with a role: ``district_staff(role, "rinkeby-kista")``."""

    def make(role: str, district_key: str | None, username: str | None = None):
        user = make_user(role, username=username or f"{role}-{district_key}".lower())
        if district_key:
            StaffProfile.objects.create(user=user, district=District.objects.get(key=district_key))
        return user

    return make


@pytest.fixture
def make_incident():
    """An incident registered by ``by`` that happened in ``where`` and concerns ``concerns``."""

    def make(
        *,
        by,
        where: str = "rinkeby-kista",
        concerns: tuple[str, ...] = ("rinkeby-kista", "spanga-tensta"),
        occurred_at=None,
        kind: str = IncidentKind.SHOOTING,
        known_facts: str = "Skjutning vid torget, en ung man död.",
    ):
        return services.register_incident(
            user=by,
            start_token=uuid.uuid4(),
            kind=kind,
            occurred_at=occurred_at or timezone.now() - timedelta(hours=3),
            district=District.objects.get(key=where),
            affected_districts=District.objects.filter(key__in=concerns).order_by("name"),
            known_facts=known_facts,
        )

    return make
