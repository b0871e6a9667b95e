"""Read an uploaded CSV of changes into rows, or say in Swedish why it cannot be read.

Only the file's shape is checked here (encoding, separator, columns); what a
row may change is decided by ``importing``. A file a spreadsheet saved with
``,`` instead of ``;`` between cells is read as well.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from guidance.directory_io.columns import BY_NAME, REQUIRED
from guidance.spreadsheet import read_cell

# Larger than the whole directory many times over; a bigger file is a mistake.
MAX_BYTES = 2 * 1024 * 1024


@dataclass
class ParsedFile:
    rows: list[dict] = field(default_factory=list)  # {"line": n, "values": {...}}
    columns: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    digest: str = ""


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _separator(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def _header_errors(columns: list[str]) -> list[str]:
    errors = []
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        errors.append(
            _("Kolumner saknas: %(columns)s. Utgå från en exporterad fil.")
            % {"columns": ", ".join(missing)}
        )
    unknown = [name for name in columns if name not in BY_NAME]
    if unknown:
        errors.append(
            _("Okända kolumner: %(columns)s. Kontrollera stavningen mot en exporterad fil.")
            % {"columns": ", ".join(unknown)}
        )
    if len(set(columns)) != len(columns):
        errors.append(_("Någon kolumn förekommer två gånger."))
    return errors


def parse_csv(data: bytes) -> ParsedFile:
    """The rows of an uploaded file, each with its line number in the file."""
    parsed = ParsedFile(digest=hashlib.sha256(data).hexdigest())
    if len(data) > MAX_BYTES:
        parsed.errors.append(_("Filen är för stor (högst 2 MB)."))
        return parsed
    text = _decode(data)
    if text is None:
        parsed.errors.append(
            _("Filen är inte sparad som UTF-8. Spara den som ”CSV UTF-8” och försök igen.")
        )
        return parsed
    if not text.strip():
        parsed.errors.append(_("Filen är tom."))
        return parsed
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text))
        lines = list(reader)
    except csv.Error:
        parsed.errors.append(_("Filen går inte att läsa som CSV."))
        return parsed
    parsed.columns = [name.strip() for name in lines[0]]
    parsed.errors += _header_errors(parsed.columns)
    if parsed.errors:
        return parsed
    for number, cells in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(parsed.columns):
            parsed.errors.append(
                _("Rad %(line)d har %(found)d fält, rubrikraden %(expected)d.")
                % {"line": number, "found": len(cells), "expected": len(parsed.columns)}
            )
            continue
        values = {
            name: read_cell(cell.strip()) for name, cell in zip(parsed.columns, cells, strict=True)
        }
        parsed.rows.append({"line": number, "values": values})
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(_("Filen har inga rader under rubrikraden."))
    return parsed
