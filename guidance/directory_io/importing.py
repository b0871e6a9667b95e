"""Plan and apply the changes a CSV of the directory asks for.

``plan_import`` compares every row with the directory and says, field by
field, what would change; it writes nothing. ``apply_import`` plans again
inside one transaction and writes only if no row has an error and the plan
is the one the administrator saw (``expected_digest``): all or nothing.

An import writes through the same rules as the admin form (the model's
``full_clean``), marks what it changes as edited by the administrator (so a
fixture load leaves it alone) and leaves a history entry with who and why. It
never deletes: a service missing from the file is left as it is.
"""

import copy
import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guidance import models as m
from guidance import sourcing
from guidance.directory_io import values as v
from guidance.directory_io.columns import BY_NAME, ORGANISATION_COLUMNS, SERVICE_COLUMNS

CHANGE_REASON = "Import från CSV"
ADMIN_SOURCE_KEY = sourcing.ADMIN_ADDED_KEY


class StalePreview(Exception):
    """The directory changed after the preview: the administrator must look again."""


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class RowPlan:
    line: int
    key: str
    name: str = ""
    status: str = "unchanged"  # new, changed, unchanged, error
    changes: list[Change] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    service: m.Service | None = None
    organisation: m.Organisation | None = None
    service_fields: list[str] = field(default_factory=list)
    relations: dict[str, list] = field(default_factory=dict)


@dataclass
class ImportPlan:
    rows: list[RowPlan] = field(default_factory=list)
    # Organisations this file adds or changes, by key, with the fields it changes.
    organisations: dict[str, tuple[m.Organisation, int, list[str]]] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in ("new", "changed", "unchanged", "error")}

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    def digest(self) -> str:
        """What the preview showed, as a hash: a confirmation must find the same."""
        shown = [
            [row.line, row.key, row.status, [[c.field, c.old, c.new] for c in row.changes]]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Lookups:
    """The directory as it stands, fetched once per plan."""

    services: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Lookups":
        services = m.Service.objects.select_related("organisation", "source_document")
        return cls(
            services={s.key: s for s in services.prefetch_related(*v.CODE_MODELS)},
            organisations={o.key: o for o in m.Organisation.objects.all()},
            codes=v.code_tables(),
            sources={s.key: s for s in m.SourceDocument.objects.all()},
        )


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _organisation_label(name: str) -> str:
    return _("Organisationens %(field)s") % {"field": _label(m.Organisation, name)}


def _validation_messages(error: ValidationError, model, prefix=None) -> list[str]:
    messages = []
    for name, texts in error.message_dict.items():
        label = "" if name == NON_FIELD_ERRORS else _label(model, name)
        if label and prefix:
            label = prefix(name)
        messages += [f"{label}: {text}" if label else text for text in texts]
    return messages


def _organisation_for(row: RowPlan, values: dict, plan: ImportPlan, lookups: Lookups):
    """The row's organisation with the row's values applied, or None after an error."""
    key = values["organisation_key"]
    given = {
        c.organisation_field: values[c.name]
        for c in ORGANISATION_COLUMNS
        if c.name in values and c.organisation_field != "key"
    }
    if key in plan.organisations:
        organisation, first_line, _fields = plan.organisations[key]
        if any(getattr(organisation, name) != value for name, value in given.items()):
            row.errors.append(
                _("Organisationens uppgifter skiljer sig från rad %(line)d.") % {"line": first_line}
            )
            return None
        return organisation
    if key in lookups.organisations:
        organisation = copy.copy(lookups.organisations[key])
    elif given.get("name") and given.get("category"):
        organisation = m.Organisation(key=key, source_section=CHANGE_REASON)
    else:
        row.errors.append(
            _(
                "Organisationen ”%(key)s” finns inte. Ange organisation_name och "
                "organisation_category för att lägga till den."
            )
            % {"key": key}
        )
        return None
    return _apply_organisation(row, organisation, given, plan)


def _apply_organisation(row: RowPlan, organisation, given: dict, plan: ImportPlan):
    new = organisation.pk is None
    changed = []
    for name, value in given.items():
        old = getattr(organisation, name)
        if old != value:
            changed.append(name)
            if not new:
                row.changes.append(Change(_organisation_label(name), old, value))
            setattr(organisation, name, value)
    if new:
        row.changes.append(Change(_("Ny organisation"), "", organisation.key))
    if new or changed:
        try:
            organisation.full_clean(exclude=["source_document"] if new else None)
        except ValidationError as error:
            row.errors += _validation_messages(error, m.Organisation, _organisation_label)
            return None
        plan.organisations[organisation.key] = (organisation, row.line, changed)
    return organisation


def _apply_service_values(row: RowPlan, service, values: dict, lookups: Lookups) -> None:
    for column in SERVICE_COLUMNS:
        if column.read_only or column.name == "key" or column.name not in values:
            continue
        raw = values[column.name]
        if not raw and service.pk is None and column.name == "source_section":
            continue  # an entry the administrator adds cites the import itself
        try:
            new = v.parse_cell(column, raw, lookups=lookups, creating=service.pk is None)
        except ValidationError as error:
            label = _label(m.Service, column.name)
            row.errors += [f"{label}: {text}" for text in error.messages]
            continue
        if column.kind == "codes":
            _compare_relation(row, service, column.name, new)
        else:
            _compare_field(row, service, column.name, new)


def _compare_field(row: RowPlan, service, name: str, new) -> None:
    if name == "source_document":  # unset on a new service: no related object to read
        old = service.source_document if service.source_document_id else None
    else:
        old = getattr(service, name)
    if old != new:
        kind = BY_NAME[name].kind
        row.changes.append(Change(_label(m.Service, name), v.shown(old, kind), v.shown(new, kind)))
        row.service_fields.append(name)
        setattr(service, name, new)


def _compare_relation(row: RowPlan, service, name: str, new: list) -> None:
    old = [] if service.pk is None else list(getattr(service, name).all())
    old_codes, new_codes = v.codes(old, name), v.codes(new, name)
    if old_codes != new_codes:
        row.changes.append(
            Change(_label(m.Service, name), ", ".join(old_codes), ", ".join(new_codes))
        )
        row.relations[name] = new


def _service_for(row: RowPlan, values: dict, organisation, lookups: Lookups):
    existing = lookups.services.get(row.key)
    if existing is None:
        service = m.Service(key=row.key, source_section=CHANGE_REASON)
        row.status = "new"
    else:
        service = copy.copy(existing)
    if service.organisation_id != organisation.pk or organisation.pk is None:
        old = existing.organisation.name if existing else ""
        row.changes.append(Change(_label(m.Service, "organisation"), old, organisation.name))
        row.service_fields.append("organisation")
    service.organisation = organisation
    _apply_service_values(row, service, values, lookups)
    return service


def _validate_service(row: RowPlan, service) -> None:
    exclude = ["organisation"] if service.organisation.pk is None else []
    if service.source_document_id is None:
        exclude.append("source_document")
    try:
        service.full_clean(exclude=exclude)
    except ValidationError as error:
        row.errors += _validation_messages(error, m.Service)


def _plan_row(line: int, values: dict, plan: ImportPlan, lookups: Lookups, seen: dict):
    row = RowPlan(line=line, key=values.get("key", ""), name=values.get("name", ""))
    if not row.key:
        row.errors.append(_("Kolumnen key är tom."))
    elif row.key in seen:
        row.errors.append(_("Nyckeln finns redan på rad %(line)d.") % {"line": seen[row.key]})
    seen.setdefault(row.key, line)
    if row.errors:
        return row
    row.organisation = _organisation_for(row, values, plan, lookups)
    if row.organisation is None:
        return row
    row.service = _service_for(row, values, row.organisation, lookups)
    row.name = row.service.name
    if row.changes or row.errors:  # every problem of the row at once
        _validate_service(row, row.service)
    return row


def plan_import(rows: list[dict], lookups: Lookups | None = None) -> ImportPlan:
    """What the rows would change, row by row; nothing is written."""
    lookups = lookups or Lookups.load()
    plan = ImportPlan()
    seen: dict[str, int] = {}
    for item in rows:
        row = _plan_row(item["line"], item["values"], plan, lookups, seen)
        if row.errors:
            row.status = "error"
        elif row.status != "new" and row.changes:
            row.status = "changed"
        plan.rows.append(row)
    return plan


def _mark_edited(obj, fields: list[str], user) -> None:
    """Edited by the administrator: a fixture load leaves these fields alone."""
    obj.locally_edited = True
    if hasattr(obj, "locally_edited_fields"):
        obj.locally_edited_fields = sorted(set(obj.locally_edited_fields or []) | set(fields))
    obj._change_reason = CHANGE_REASON
    obj._history_user = user


def admin_source(user) -> m.SourceDocument:
    """What an entry the administrator adds cites as its source (``guidance.sourcing``)."""
    return sourcing.admin_added_source()


def _write(plan: ImportPlan, user) -> None:
    for organisation, _line, fields in plan.organisations.values():
        if organisation.pk is None:
            organisation.source_document = admin_source(user)
        _mark_edited(organisation, fields, user)
        organisation.save()
    for row in plan.rows:
        service, owner = row.service, row.organisation
        if row.status not in ("new", "changed") or service is None or owner is None:
            continue
        service.organisation = owner
        if service.source_document_id is None:
            service.source_document = admin_source(user)
        fields = row.service_fields + list(row.relations)
        if fields:
            _mark_edited(service, fields, user)
            service.save()
        for name, items in row.relations.items():
            getattr(service, name).set(items)


def apply_import(
    *, rows: list[dict], user, expected_digest: str | None = None, dry_run: bool = False
) -> ImportPlan:
    """Plan and write in one transaction; with errors, or on a dry run, nothing stays."""
    with transaction.atomic():
        plan = plan_import(rows)
        if plan.has_errors:
            return plan
        if expected_digest is not None and plan.digest() != expected_digest:
            raise StalePreview
        _write(plan, user)
        if dry_run:
            transaction.set_rollback(True)
    return plan
