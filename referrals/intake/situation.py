"""The situation behind a contact, and the conditions the guided path's steps apply by.

The first step records the situation: district, entry route, target groups and the
event behind the call, where there is one. ``Situation`` is that record as plain
values, read either from a draft's answers or from a submitted contact, so the same
rules ("Gör nu", the conditions) hold for both. Each condition is a named plain
function of the answers, put on a step as ``Step.applies``.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from referrals.intake.choices import EventKind

if TYPE_CHECKING:
    from guidance import models as g
    from referrals.intake.journey import Answers
    from referrals.intake.models import Contact

# An event counts as recent, and so calls for crisis support, the police's FLO and
# the district's routine, for this many days before the contact.
RECENT_EVENT_DAYS = 365

SERIOUS_VIOLENCE = frozenset({EventKind.SHOOTING, EventKind.LETHAL_VIOLENCE})


@dataclass(frozen=True)
class Situation:
    district: "g.District | None" = None
    entry_route: "g.EntryRoute | None" = None
    target_groups: tuple["g.TargetGroup", ...] = ()
    event_kind: str = ""  # an ``EventKind``; "" or "none" when nothing happened
    event_date: datetime.date | None = None
    contact_date: datetime.date | None = None
    needs: tuple[str, ...] = ()
    threatened: bool = False

    @property
    def has_event(self) -> bool:
        return self.event_kind not in ("", EventKind.NONE)

    @property
    def serious_violence(self) -> bool:
        """A shooting or lethal violence: what the routines after serious events cover."""
        return self.event_kind in SERIOUS_VIOLENCE

    @property
    def recent_serious_violence(self) -> bool:
        if not self.serious_violence or self.event_date is None:
            return False
        since = (self.contact_date or timezone.localdate()) - self.event_date
        return since <= datetime.timedelta(days=RECENT_EVENT_DAYS)


def stored_event_kind(first: Mapping[str, Any]) -> str:
    """The first step's event as the contact stores it: no event as empty, the default."""
    return "" if first["event_kind"] == EventKind.NONE else first["event_kind"]


def from_answers(answers: "Answers") -> Situation:
    """The situation as a draft's (valid) answers give it so far."""
    first = answers.step("first-contact") or {}
    return Situation(
        district=first.get("district"),
        entry_route=first.get("entry_route"),
        target_groups=tuple(first.get("target_groups") or ()),
        event_kind=first.get("event_kind") or "",
        event_date=first.get("event_date"),
        contact_date=first.get("contact_date"),
        needs=tuple(answers.value("needs", "needs") or ()),
        threatened=answers.value("threats", "threatened") is True,
    )


def from_contact(contact: "Contact") -> Situation:
    """The situation a submitted contact records (its target groups prefetched)."""
    return Situation(
        district=contact.district,
        entry_route=contact.entry_route,
        target_groups=tuple(contact.target_groups.all()),
        event_kind=contact.event_kind,
        event_date=contact.event_date,
        contact_date=contact.contact_date,
        needs=tuple(contact.needs),
        threatened=contact.threatened,
    )


# --- Conditions: ``Step.applies`` ------------------------------------------------------


def recent_serious_violence(answers: "Answers") -> bool:
    """A shooting or lethal violence within ``RECENT_EVENT_DAYS`` of the contact: ask
    about crisis support now and the police's FLO."""
    return from_answers(answers).recent_serious_violence


def has_event(answers: "Answers") -> bool:
    """Something happened (a shooting, lethal violence or other serious violence)."""
    return from_answers(answers).has_event


def is_threatened(answers: "Answers") -> bool:
    """The relative is threatened: protection comes first."""
    return answers.value("threats", "threatened") is True
