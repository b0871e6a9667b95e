"""The rules behind the referral suggestions, as data.

The stödmaterial and the districts' survey say which support a situation must
never be without, which support is only for some relatives, and which names in
the directory are methods for staff rather than places to refer to. Each rule
is one row below, keyed by the guidance keys of the fixtures (services,
internal providers, methods); ``referrals.intake.suggestions`` reads the rows
and never asks which service it is.

- ``MUST_HAVES``: suggested first, in the order given here (the order the
  material gives: vårdcentral first after a trauma), never dropped by the limit.
- ``EXCLUSIONS``: a service offered only when its condition holds.
- ``STAFF_METHODS``: shown as guidance (a link to the method), never as a recipient.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from referrals.intake.choices import EventKind, Need


class Circumstance(models.TextChoices):
    """What the relative tells about the family that decides some suggestions."""

    PERSON_USED_VIOLENCE = (
        "person_used_violence",
        _("Den närstående har utövat våld eller är misstänkt för brottet"),
    )
    FAMILY_MEMBER_IN_PRISON = "family_member_in_prison", _("En familjemedlem sitter i fängelse")


@dataclass(frozen=True)
class Situation:
    """What the rules read: the relative's situation from the earlier answers."""

    target_groups: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()
    event_kind: str = ""
    children_involved: bool = False
    relative_is_child: bool = False
    threatened: bool = False
    circumstances: frozenset[str] = frozenset()


Condition = Callable[[Situation], bool]


def crisis_or_trauma(situation: Situation) -> bool:
    return (
        Need.CRISIS in situation.needs
        or Need.HEALTH_CARE in situation.needs
        or situation.event_kind not in ("", EventKind.NONE)
        or "shootings-and-lethal-violence" in situation.target_groups
    )


def shooting_or_lethal_violence(situation: Situation) -> bool:
    return situation.event_kind in {EventKind.SHOOTING, EventKind.LETHAL_VIOLENCE} or (
        "shootings-and-lethal-violence" in situation.target_groups
    )


def a_child(situation: Situation) -> bool:
    return (
        situation.relative_is_child
        or situation.children_involved
        or "children-as-relatives" in situation.target_groups
    )


def threatened(situation: Situation) -> bool:
    return situation.threatened


def person_used_violence(situation: Situation) -> bool:
    return Circumstance.PERSON_USED_VIOLENCE in situation.circumstances


def family_member_in_prison(situation: Situation) -> bool:
    return Circumstance.FAMILY_MEMBER_IN_PRISON in situation.circumstances


@dataclass(frozen=True)
class MustHave:
    """A destination the situation must always be offered, with why."""

    key: str
    when: Condition
    why: str | Promise
    internal: bool = False  # an internal provider's key, not a service's


@dataclass(frozen=True)
class Exclusion:
    """A service offered only when ``unless`` holds for the situation."""

    key: str
    unless: Condition


@dataclass(frozen=True)
class StaffMethod:
    """A directory entry that is a method for staff: the guidance to read instead."""

    service_key: str
    method_key: str
    when: Condition
    why: str | Promise


MUST_HAVES: tuple[MustHave, ...] = (
    MustHave(
        "vardcentral-forsta-linjen",
        crisis_or_trauma,
        _(
            "vid kris och trauma tas kontakt i första hand med vårdcentralen, som "
            "erbjuder samtal inom första linjens psykiatri"
        ),
    ),
    MustHave(
        "polisen-flo",
        shooting_or_lethal_violence,
        _(
            "vid grova våldsbrott kan polisen sätta in en FLO-utredare som svarar på "
            "frågor, stöttar anhöriga och slussar vidare; ge den anhöriga informationen"
        ),
    ),
    MustHave(
        "polisen-anmalan-och-riskanalys",
        threatened,
        _("den anhöriga är hotad: polisen tar emot anmälan och gör riskanalysen"),
    ),
    MustHave(
        "bris-stodlinje",
        a_child,
        _("barn och unga kan själva ringa Bris och prata med en kurator om det som är svårt"),
    ),
    MustHave(
        "outpatient-children",
        a_child,
        _("barnet behöver eget stöd, inte bara genom den vuxna"),
        internal=True,
    ),
)

EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion("fateg-stod", unless=person_used_violence),
    Exclusion("bufff-stod", unless=family_member_in_prison),
)

STAFF_METHODS: tuple[StaffMethod, ...] = (
    StaffMethod(
        "allmanna-barnhuset-bra-samtal",
        "bra-samtal",
        a_child,
        _(
            "BRA-samtal är en modell för dig som personal att uppmärksamma barnets "
            "rätt till information, råd och stöd"
        ),
    ),
)

# Why a service picked by the scoring is suggested, when its own reasons do not say
# it plainly: what the exclusion's condition means once it holds.
CONDITION_REASONS: dict[str, str | Promise] = {
    "fateg-stod": _("den närstående har utövat våld: FATEG stöttar anhöriga till gärningsmän"),
    "bufff-stod": _("en familjemedlem sitter i fängelse: Bufff stöttar barn och familjer"),
}


def required(situation: Situation, *, internal: bool = False) -> list[MustHave]:
    """The must-haves for the situation, in the material's order."""
    return [rule for rule in MUST_HAVES if rule.internal == internal and rule.when(situation)]


def never_recipients(situation: Situation) -> set[str]:
    """Service keys not to offer as recipients: excluded ones and staff methods."""
    excluded = {rule.key for rule in EXCLUSIONS if not rule.unless(situation)}
    return excluded | {rule.service_key for rule in STAFF_METHODS}


def staff_methods(situation: Situation) -> list[StaffMethod]:
    return [rule for rule in STAFF_METHODS if rule.when(situation)]
