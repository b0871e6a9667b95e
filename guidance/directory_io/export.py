"""Write the directory as CSV: one row per service, its organisation repeated.

UTF-8 with a byte order mark and ``;`` between cells, so that a spreadsheet
set to Swedish opens it with å, ä and ö intact and each field in its column.
"""

import csv
import io
from datetime import date

from guidance import models as m
from guidance.directory_io.columns import (
    CELL_SEPARATOR,
    CODE_FIELDS,
    COLUMNS,
    HEADER,
    LIST_SEPARATOR,
    Column,
)
from guidance.spreadsheet import text_cell

BOM = "\ufeff"


def directory_services():
    """Every service with what the export needs, in a stable order."""
    return (
        m.Service.objects.select_related("organisation", "source_document")
        .prefetch_related("target_groups", "districts", "languages")
        .order_by("organisation__key", "key")
    )


def format_value(value, kind: str) -> str:
    """A stored value as the CSV cell writes it (and ``parsing`` reads it back)."""
    if value is None:
        return ""
    if kind == "bool":
        return "ja" if value else "nej"
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    return str(value)


def codes_of(service, field: str) -> list[str]:
    attribute = CODE_FIELDS[field]
    return sorted(getattr(item, attribute) for item in getattr(service, field).all())


def cell(service, column: Column) -> str:
    if column.organisation_field:
        return format_value(getattr(service.organisation, column.organisation_field), "text")
    if column.kind == "codes":
        return LIST_SEPARATOR.join(codes_of(service, column.name))
    if column.name == "source_document":
        return service.source_document.key
    return format_value(getattr(service, column.name), column.kind)


def service_row(service) -> dict[str, str]:
    return {column.name: text_cell(cell(service, column)) for column in COLUMNS}


def directory_csv(services=None) -> str:
    """The directory as CSV text, starting with the byte order mark."""
    output = io.StringIO()
    output.write(BOM)
    writer = csv.DictWriter(output, fieldnames=HEADER, delimiter=CELL_SEPARATOR)
    writer.writeheader()
    for service in directory_services() if services is None else services:
        writer.writerow(service_row(service))
    return output.getvalue()
