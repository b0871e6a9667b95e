"""Small counts are never shown: 1–4 become "<5", and a cell that would give a
hidden one away is hidden with it."""

SUPPRESSION_LIMIT = 5


SUPPRESSED = "<5"


NOT_SHOWN = "–"


def suppress(count: int) -> int | None:
    """The count if it may be published (0, or 5 and more); ``None`` for 1–4."""
    if 0 < count < SUPPRESSION_LIMIT:
        return None
    return count


def show(count: int | None) -> str:
    """A suppressed count as text: "<5" or the number."""
    return SUPPRESSED if count is None else str(count)


def share(count: int, base: int) -> int | None:
    """Whole percent of ``base``, withheld when the base is under 5 or the count suppressed."""
    if base < SUPPRESSION_LIMIT or suppress(count) is None:
        return None
    return round(100 * count / base)
