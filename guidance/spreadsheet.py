"""Cells of the CSV files the admin exports, safe to open in a spreadsheet.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is run as a formula by
Excel and LibreOffice (CSV injection). Such a cell is written with a leading
apostrophe, which the spreadsheet shows as text, and an import reads it back
without it, so a file exported and imported again is unchanged. A phone number
("+46 8 …") is left as it is.
"""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_phone_number(value: str) -> bool:
    return value[:1] == "+" and value[1:].replace(" ", "").replace("-", "").isdigit()


def text_cell(value: str) -> str:
    """``value`` as a cell a spreadsheet shows as text."""
    if value.startswith(FORMULA_START) and not _is_phone_number(value):
        return "'" + value
    return value


def read_cell(value: str) -> str:
    """A cell as ``text_cell`` wrote it, back to the value."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value
