"""The shapes of the outreach statistics' tables, and the rule that hides a cell a
total would give away (secondary suppression)."""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from referrals.statistics.suppression import NOT_SHOWN, show, suppress


@dataclass(frozen=True)
class Cell:
    value: int | None  # None: not shown
    percent: bool = False

    @property
    def display(self) -> str:
        if self.percent:
            return NOT_SHOWN if self.value is None else f"{self.value} %"
        return show(self.value)


@dataclass(frozen=True)
class Line:
    key: str  # a district's key, a kind's code, "total"
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class Grid:
    """A table of suppressed cells: lines by columns, and a total line."""

    key: str
    title: str
    note: str
    line_header: str
    columns: list[str]
    lines: list[Line]
    total: Line | None


def hide(
    counts: Mapping[Any, int],
    lines: Sequence[tuple[Sequence[Hashable], Hashable]],
    forced: frozenset = frozenset(),
) -> set:
    """The cells not to show: every count from 1 to 4, those in ``forced``, and, in
    each line (summands and their total) where exactly one cell would be hidden, the
    smallest other summand shown that is not 0 (or, if there is none, the total), until
    no line gives a hidden cell away.

    The same rule as ``referrals.statistics.report._table``, for tables with totals
    both ways: a lone hidden cell in a sum is worked out by subtraction.
    """
    hidden = {key for key, n in counts.items() if suppress(n) is None} | set(forced)
    changed = True
    while changed:
        changed = False
        for summands, total in lines:
            if len([key for key in [*summands, total] if key in hidden]) != 1:
                continue
            shown = [(counts[key], str(key), key) for key in summands if key not in hidden]
            shown = [item for item in shown if item[0] > 0]
            # Where every other summand is 0 (the hidden one was another line's
            # partner), the total is the hidden count: it goes.
            hidden.add(min(shown)[2] if shown else total)
            changed = True
    return hidden
