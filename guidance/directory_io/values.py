"""One CSV cell to a model value and back, with a Swedish message when it cannot be read."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guidance import models as m
from guidance.directory_io.columns import (
    CODE_FIELDS,
    FALSE_WORDS,
    LIST_SEPARATOR,
    TRUE_WORDS,
    Column,
)
from guidance.directory_io.export import format_value

CODE_MODELS = tuple(CODE_FIELDS)

UNKNOWN_CODE = {
    "target_groups": gettext_lazy("okänd målgrupp: %(codes)s"),
    "districts": gettext_lazy("okänd stadsdelsförvaltning: %(codes)s"),
    "languages": gettext_lazy("okänt språk: %(codes)s"),
}


def code_tables() -> dict[str, dict]:
    """Target groups and districts by key, languages by code."""
    return {
        "target_groups": {item.key: item for item in m.TargetGroup.objects.all()},
        "districts": {item.key: item for item in m.District.objects.all()},
        "languages": {item.code: item for item in m.Language.objects.all()},
    }


def codes(items, name: str) -> list[str]:
    attribute = CODE_FIELDS[name]
    return sorted(getattr(item, attribute) for item in items)


def shown(value, kind: str) -> str:
    return format_value(value, kind)


def _int(raw: str):
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise ValidationError(_("skriv ett heltal, till exempel 18.")) from None


def _bool(raw: str) -> bool:
    word = raw.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValidationError(_("skriv ja eller nej."))


def _date(raw: str):
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(_("skriv datumet som 2026-11-30.")) from None


def _codes(raw: str, name: str, tables: dict) -> list:
    wanted = [code.strip() for code in raw.split(LIST_SEPARATOR) if code.strip()]
    unknown = [code for code in wanted if code not in tables[name]]
    if unknown:
        raise ValidationError(UNKNOWN_CODE[name] % {"codes": ", ".join(unknown)})
    return [tables[name][code] for code in wanted]


def _source(raw: str, sources: dict, creating: bool):
    if not raw:
        if creating:
            return None  # an entry the administrator adds: ``importing.admin_source``
        raise ValidationError(_("ange källdokumentets nyckel."))
    if raw not in sources:
        raise ValidationError(_("okänt källdokument: %(key)s") % {"key": raw})
    return sources[raw]


def parse_cell(column: Column, raw: str, *, lookups, creating: bool):
    """The value a cell asks for; raises ``ValidationError`` with a Swedish message."""
    if column.kind == "codes":
        return _codes(raw, column.name, lookups.codes)
    if column.name == "source_document":
        return _source(raw, lookups.sources, creating)
    if column.kind == "int":
        return _int(raw)
    if column.kind == "bool":
        return _bool(raw)
    if column.kind == "date":
        return _date(raw)
    return raw
