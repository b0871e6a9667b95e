"""Children's ages as the caseworker types them ("4, 12") and as a page says them
("4 och 12 år"). Only ages are kept, never a child's name or date of birth."""

import re

from django.core.exceptions import ValidationError
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

OLDEST_CHILD = 17
MOST_CHILDREN = 15
_SEPARATORS = re.compile(r"\s*(?:,|;|/|\boch\b|\s)\s*", re.IGNORECASE)
_YEARS = re.compile(r"\s*år\s*$", re.IGNORECASE)


def parse_ages(text: str) -> list[int]:
    """The ages in ``text`` in the order typed, or ValidationError in Swedish.

    "4, 12", "4 och 12", "4 12 år" and "0" (under one year) are understood.
    """
    text = _YEARS.sub("", text.strip())
    if not text:
        return []
    words = [word for word in _SEPARATORS.split(text) if word]
    if not all(word.isdigit() for word in words):
        raise ValidationError(
            _("Skriv bara åldrar i hela år, med kommatecken emellan, till exempel 4, 12."),
            code="invalid",
        )
    ages = [int(word) for word in words]
    if any(age > OLDEST_CHILD for age in ages):
        raise ValidationError(
            _("Ett barn är 0–17 år. Skriv inte vuxnas åldrar här."), code="not_a_child"
        )
    if len(ages) > MOST_CHILDREN:
        raise ValidationError(
            _("Skriv högst %(most)d åldrar.") % {"most": MOST_CHILDREN}, code="too_many"
        )
    return ages


def describe_ages(ages: list[int]) -> str:
    """ "12 år", "4 och 12 år", "under 1 år"; empty when no age is recorded."""
    if not ages:
        return ""
    words = [_("under 1") if age == 0 else str(age) for age in ages]
    return _("%(ages)s år") % {"ages": get_text_list(words, _("och"))}
