"""The source of an entry the administrator adds in the admin.

Every guidance item cites a source. A seed document is a source only for what
it says; an organisation or service the administrator adds (a local group, a
new helpline) cites "Tillagd av administratör", with who added it and when in
the section, so that the public page never credits a seed document for it.

The source document is created by a data migration (it exists in every
database, whether or not the fixtures were loaded) and again on demand here,
for databases emptied after migrating (a live-server test flushes its tables).
"""

from datetime import date

from guidance.models import SourceDocument

ADMIN_ADDED_KEY = "tillagd-av-administrator"
ADMIN_ADDED_FIELDS = {
    "title": "Tillagd av administratör",
    "publisher": "Stockholms stad",
    "published": "löpande",
}


def admin_added_source() -> SourceDocument:
    source, _created = SourceDocument.objects.get_or_create(
        key=ADMIN_ADDED_KEY, defaults=ADMIN_ADDED_FIELDS
    )
    return source


def added_by_section(*, user, on: date) -> str:
    """ "Tillagd av Ada Andersson 2026-11-30": who added the entry, and when."""
    who = user.get_full_name() or user.get_username()
    return f"Tillagd av {who} {on.isoformat()}"


def source_added_by_administrator(item, *, user, on: date) -> None:
    """Credit a new item to the administrator unless a source was given."""
    if item.source_document_id is None:
        item.source_document = admin_added_source()
        item.source_section = added_by_section(user=user, on=on)
