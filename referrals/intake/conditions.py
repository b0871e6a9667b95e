"""Conditions on the earlier answers that decide whether a step applies
(``Step.applies``): each a plain function of ``Answers``, tested on its own."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from referrals.intake.journey import Answers


def relative_is_child(answers: "Answers") -> bool:
    """The relative is under 18: the guardians' and the child's own steps apply."""
    return answers.value("relative", "relative_is_child") is True
