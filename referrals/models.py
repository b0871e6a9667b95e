"""The referrals app's models, defined in its parts; imported here so Django finds them.

- ``referrals.intake.models``: the guided path's ``Draft`` and what submitting it
  creates: ``Contact`` with its ``Consent`` rows, ``DisclosureDecision`` and
  ``ChildConcernReport``.
- ``referrals.follow_up.models``: ``Referral`` with its milestones,
  ``SupportSession``, ``StaffProfile`` (where staff work) and ``Notification``.
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
    "MonthlyFigure",
    "Need",
    "Notification",
    "PracticalMatter",
    "Referral",
    "Relation",
    "StaffProfile",
    "StatisticsRun",
    "SupportSession",
]
