"""The referrals app's models, defined in its parts; imported here so Django finds them.

- ``referrals.intake.models``: the guided path's ``Draft`` and what submitting it
  creates: ``Contact`` with its ``Consent`` rows, ``DisclosureDecision`` and
  ``ChildConcernReport``.
- ``referrals.follow_up.models``: ``Referral`` with its milestones,
  ``SupportSession``, ``StaffProfile`` (where staff work) and ``Notification``.
- ``referrals.outreach.models``: a serious ``Incident``, each concerned district's
  ``OutreachPlan`` with its ``OutreachTask`` rows, the ``RelativeReached`` and who
  may register incidents (``IncidentRegistrar``).
- ``referrals.statistics.models``: the monthly figures and their runs.

The tables keep their names (``referrals_*``): the models never left the app.
"""

from referrals.follow_up.models import Notification, Referral, StaffProfile, SupportSession
from referrals.intake.models import (
    AgeGroup,
    ChildConcernReport,
    Consent,
    Contact,
    ContactChannel,
    DisclosureDecision,
    Draft,
    Gender,
    Need,
    PracticalMatter,
    Relation,
)
from referrals.outreach.models import (
    Incident,
    IncidentRegistrar,
    OutreachPlan,
    OutreachTask,
    RelativeReached,
)
from referrals.statistics.models import MonthlyFigure, StatisticsRun

__all__ = [
    "AgeGroup",
    "ChildConcernReport",
    "Consent",
    "Contact",
    "ContactChannel",
    "DisclosureDecision",
    "Draft",
    "Gender",
    "Incident",
    "IncidentRegistrar",
    "MonthlyFigure",
    "Need",
    "Notification",
    "OutreachPlan",
    "OutreachTask",
    "PracticalMatter",
    "Referral",
    "Relation",
    "RelativeReached",
    "StaffProfile",
    "StatisticsRun",
    "SupportSession",
]
