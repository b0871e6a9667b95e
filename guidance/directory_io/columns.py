"""The CSV's columns: stable machine names, one row per service.

The names are the model's field names (the organisation's prefixed with
``organisation_``), so they do not change when an interface label is
reworded, and a re-import matches a row to a service by ``key``. Lists of
codes (target groups, districts, languages) are separated inside a cell by
``|``, since ``;`` separates the cells (what a Swedish spreadsheet expects).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LIST_SEPARATOR = "|"
CELL_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text, int, bool, date, codes
    # Written by the verification round, not by an import: exported, never read back.
    read_only: bool = False
    # The organisation's field this column holds (empty: a service field).
    organisation_field: str = ""


SERVICE_COLUMNS = (
    Column("key"),
    Column("name"),
    Column("description"),
    Column("who_it_helps"),
    Column("eligibility"),
    Column("serves_children", "bool"),
    Column("minimum_age", "int"),
    Column("maximum_age", "int"),
    Column("target_groups", "codes"),
    Column("districts", "codes"),
    Column("languages", "codes"),
    Column("url"),
    Column("phone"),
    Column("email"),
    Column("opening_hours"),
    Column("access"),
    Column("anonymous_possible"),
    Column("contact_details_source"),
    Column("status"),
    Column("closed_on", "date"),
    Column("closure_reason"),
    Column("reopens_on", "date"),
    Column("todo_note"),
    Column("source_document"),
    Column("source_section"),
    Column("last_verified_at", "date", read_only=True),
    Column("last_verified_by", read_only=True),
)

ORGANISATION_COLUMNS = (
    Column("organisation_key", organisation_field="key"),
    Column("organisation_name", organisation_field="name"),
    Column("organisation_category", organisation_field="category"),
    Column("organisation_description", organisation_field="description"),
    Column("organisation_website", organisation_field="website"),
)

COLUMNS = ORGANISATION_COLUMNS + SERVICE_COLUMNS
BY_NAME = {column.name: column for column in COLUMNS}
HEADER = [column.name for column in COLUMNS]
# A file of changes may leave out columns it does not change, never these.
REQUIRED = ("key", "organisation_key")
# A target group or district is named by its key, a language by its code.
CODE_FIELDS = {"target_groups": "key", "districts": "key", "languages": "code"}

# Booleans as the administrator writes them in a spreadsheet.
TRUE_WORDS = {"ja", "j", "yes", "true", "1", "x"}
FALSE_WORDS = {"nej", "n", "no", "false", "0", ""}

EXPLANATION = _(
    "En rad per stödtjänst; kolumnen key matchar raden mot tjänsten. Listor av koder "
    "(målgrupper, stadsdelsförvaltningar, språk) skiljs med |. Kolumnerna "
    "last_verified_at och last_verified_by ändras bara genom en kontroll och läses inte in."
)
