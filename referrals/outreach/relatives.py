"""The relatives reached after an incident (filled in by the relatives part)."""

from django.contrib.auth.models import User

from referrals.outreach.models import Incident


def page_context(*, user: User, incident: Incident) -> dict:
    """What the incident page's section on relatives reached needs."""
    return {}
