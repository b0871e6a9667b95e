"""Load the guidance fixtures without trampling on an administrator's edits.

The fixtures in ``fixtures/guidance/`` are Django serialisations with natural
keys. Loading is idempotent: an object whose stored fields and relations
already equal the fixture is left alone, so a second load writes nothing.

The administrator's work is kept field by field (``guidance.fixture_sync``):

- a field the administrator changed (a ``LocalEdit``) keeps its value; every
  other field follows the fixture. Only when the fixture changes a field the
  administrator also changed is there a conflict: it is stored as a
  ``FixtureConflict``, printed by ``load_guidance`` and shown in the admin.
  When the database and the fixture agree again, the edit mark goes.
- an item the administrator deleted (a ``FixtureTombstone``) is not
  recreated; the load says so once.
- a key renamed in ``renamed_keys.json`` renames the existing row (same
  primary key, history, references and local edits) before the fixtures load,
  and moves its search row, so nothing is duplicated and no hit answers 404.

A service checked in the admin after the fixture's date keeps its check.
Items edited before edits were tracked per field (``locally_edited`` set by the
old admin) were migrated with every field marked and the fixture's earlier
value unknown: each field where they differ from the fixture shows as a
conflict once, for the administrator to resolve.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist
from django.core.serializers.base import DeserializationError
from django.db import transaction

from guidance import fixture_sync as sync
from guidance.models import FixtureConflict, FixtureTombstone, LocalEdit

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "guidance"
# Data, not a fixture: [{"model": ..., "old": ..., "new": ..., "note": ...}].
RENAMES_FILE = "renamed_keys.json"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Items whose local edits were kept while other fields may have followed.
    kept_local_edit: list[str] = field(default_factory=list)
    # New or changed conflicts this load: "label:key.field".
    conflicts: list[str] = field(default_factory=list)
    # Fixture items the administrator deleted, said once.
    deleted_by_administrator: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    rename_blocked: list[str] = field(default_factory=list)
    # Created items referring to an item that is missing (deleted in the admin).
    missing_reference: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} nya, {len(self.updated)} uppdaterade, "
            f"{len(self.unchanged)} oförändrade, "
            f"{len(self.conflicts)} nya skillnader mot administratörens ändringar, "
            f"{len(self.renamed)} nya nycklar"
        )


def fixture_files(directory: Path = FIXTURE_DIR) -> list[Path]:
    """Fixture files in load order: the file name's numeric prefix decides."""
    return sorted(path for path in directory.glob("*.json") if path.name != RENAMES_FILE)


def renamed_keys(directory: Path = FIXTURE_DIR) -> list[dict]:
    path = directory / RENAMES_FILE
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def fixture_keys(directory: Path = FIXTURE_DIR) -> dict[str, set[str]]:
    """Every fixture item's natural key, by model label."""
    keys: dict[str, set[str]] = {}
    for path in fixture_files(directory):
        for entry in json.loads(path.read_text(encoding="utf-8")):
            label = entry["model"]
            name = sync.KEY_FIELDS.get(label, "key")
            keys.setdefault(label, set()).add(str(entry["fields"].get(name)))
    return keys


def _label(obj) -> str:
    return f"{sync.model_label(obj)}:{sync.object_key(obj)}"


def _keep_later_check(existing, incoming) -> None:
    """Carry the database's check over to the incoming object when it is later."""
    checked = getattr(existing, "last_verified_at", None)
    incoming_checked = getattr(incoming, "last_verified_at", None)
    if checked is not None and (incoming_checked is None or incoming_checked < checked):
        for name in sync.CHECK_FIELDS:
            setattr(incoming, name, getattr(existing, name))


def _check_values(obj) -> dict:
    return {name: getattr(obj, name) for name in sync.CHECK_FIELDS if hasattr(obj, name)}


def _guarded_by_edited_owner(obj) -> bool:
    """Whether the item an inline part belongs to has its parts edited."""
    guard = sync.GUARDED_BY.get(sync.model_label(obj))
    if not guard:
        return False
    owner = getattr(obj, guard[0])
    return bool(getattr(owner, "locally_edited", False))


def _rename(entry: dict, report: LoadReport) -> None:
    from guidance import search

    model = apps.get_model(entry["model"])
    name = sync.key_field(model)
    old, new = entry["old"], entry["new"]
    manager = model._default_manager
    row = manager.filter(**{name: old}).first()
    label = sync.model_label(model)
    if row is not None and manager.filter(**{name: new}).exists():
        report.rename_blocked.append(f"{label}:{old} → {new}")
        return
    if row is not None:
        if type(row) in search.INDEXED_FIELDS:
            search.unindex(row)
        setattr(row, name, new)
        row._change_reason = f"Ny nyckel från fixturen (tidigare {old})"
        row.save()
        report.renamed.append(f"{label}:{old} → {new}")
    for record in (LocalEdit, FixtureConflict, FixtureTombstone):
        record.objects.filter(model_label=label, object_key=old).update(object_key=new)


class _Loader:
    """One load: the local edits and conflicts read once, then each object."""

    def __init__(self, report: LoadReport, only: set[str] | None):
        self.report = report
        self.only = only
        self.edits: dict[tuple[str, str], dict[str, LocalEdit]] = {}
        for edit in LocalEdit.objects.all():
            self.edits.setdefault((edit.model_label, edit.object_key), {})[edit.field] = edit
        self.conflicts: dict[tuple[str, str], dict[str, FixtureConflict]] = {}
        for conflict in FixtureConflict.objects.all():
            item = (conflict.model_label, conflict.object_key)
            self.conflicts.setdefault(item, {})[conflict.field] = conflict
        self.tombstones = {(t.model_label, t.object_key): t for t in FixtureTombstone.objects.all()}

    def load_file(self, path: Path) -> None:
        with path.open(encoding="utf-8") as stream:
            objects = serializers.deserialize(
                "json", stream, handle_forward_references=True, ignorenonexistent=False
            )
            deferred = []
            for deserialized in objects:
                if self.only is not None and _label(deserialized.object) not in self.only:
                    continue
                if self.load_object(deserialized) and deserialized.deferred_fields:
                    deferred.append(deserialized)
            for deserialized in deferred:
                try:
                    deserialized.save_deferred_fields()
                except (DeserializationError, ObjectDoesNotExist):
                    self.report.missing_reference.append(_label(deserialized.object))

    def load_object(self, deserialized) -> bool:
        """Load one object; True when it was created."""
        obj = deserialized.object
        existing = type(obj)._default_manager.filter(pk=obj.pk).first() if obj.pk else None
        if existing is None:
            return self.create(deserialized)
        if _guarded_by_edited_owner(obj):
            self.report.kept_local_edit.append(_label(obj))
            return False
        self.update(existing, deserialized)
        return False

    def create(self, deserialized) -> bool:
        obj = deserialized.object
        item = (sync.model_label(obj), sync.object_key(obj))
        tombstone = self.tombstones.get(item)
        if tombstone is not None:
            if not tombstone.reported:
                self.report.deleted_by_administrator.append(_label(obj))
                FixtureTombstone.objects.filter(pk=tombstone.pk).update(reported=True)
            return False
        required = [
            f for f in deserialized.deferred_fields or {} if not f.many_to_many and not f.null
        ]
        if required:  # it belongs to an item that is missing (deleted in the admin)
            self.report.missing_reference.append(_label(obj))
            return False
        self.report.created.append(_label(obj))
        # A normal save (not raw) so signals keep the search index and the
        # change history in step with the fixtures.
        obj.save()
        for name, pks in (deserialized.m2m_data or {}).items():
            getattr(obj, name).set(pks)
        return True

    def update(self, existing, deserialized) -> None:
        incoming = deserialized.object
        _keep_later_check(existing, incoming)
        # A reference the fixture makes to a missing item (one the administrator
        # deleted) leaves that field as the database has it.
        skip = {f.name for f in deserialized.deferred_fields or {}}
        fixture = sync.field_values(incoming, deserialized.m2m_data or {})
        current = sync.field_values(existing)
        differing = {
            name
            for name, value in fixture.items()
            if name not in skip and value != current.get(name)
        }
        item = (sync.model_label(existing), sync.object_key(existing))
        edits = self.edits.get(item, {})
        self.sync_conflicts(existing, item, fixture, current, edits)
        apply = differing - set(edits)
        checks_differ = _check_values(existing) != _check_values(incoming)
        if not apply and not checks_differ:
            kept = differing & set(edits)
            (self.report.kept_local_edit if kept else self.report.unchanged).append(
                _label(existing)
            )
            return
        self.report.updated.append(_label(existing))
        for name in apply:
            if not existing._meta.get_field(name).many_to_many:
                sync.set_value(existing, name, fixture[name])
        for name, value in _check_values(incoming).items():
            setattr(existing, name, value)
        existing.save()
        for name in apply:
            if existing._meta.get_field(name).many_to_many:
                getattr(existing, name).set(fixture[name])

    def sync_conflicts(self, obj, item, fixture: dict, current: dict, edits: dict) -> None:
        """Store a conflict for each edited field the fixture changed; drop the rest."""
        open_conflicts = self.conflicts.get(item, {})
        cleared = False
        for name, edit in edits.items():
            if name not in fixture:
                continue  # a part's mark ("steps"), not a field
            if fixture[name] == current.get(name):
                edit.delete()  # the fixture and the database agree again
                cleared = True
            elif not edit.base_known or fixture[name] != edit.base_value:
                self.store_conflict(item, name, fixture[name], current.get(name))
                continue
            if name in open_conflicts:
                open_conflicts[name].delete()
        for name, conflict in open_conflicts.items():
            if name not in edits and conflict.pk:
                conflict.delete()
        if cleared:
            sync.refresh_edit_mark(type(obj), item[1])

    def store_conflict(self, item, name: str, fixture_value, database_value) -> None:
        stored = self.conflicts.get(item, {}).get(name)
        if (
            stored is not None
            and stored.fixture_value == fixture_value
            and stored.database_value == database_value
        ):
            return
        FixtureConflict.objects.update_or_create(
            model_label=item[0],
            object_key=item[1],
            field=name,
            defaults={"fixture_value": fixture_value, "database_value": database_value},
        )
        self.report.conflicts.append(f"{item[0]}:{item[1]}.{name}")


@transaction.atomic
def load_guidance(
    paths: list[Path] | None = None,
    *,
    only: set[str] | None = None,
    renames: list[dict] | None = None,
) -> LoadReport:
    """Load the fixtures (or ``paths``); ``only`` limits it to "label:key" items.

    ``renames`` replaces ``renamed_keys.json`` (for tests).
    """
    report = LoadReport()
    for entry in renamed_keys() if renames is None else renames:
        _rename(entry, report)
    loader = _Loader(report, only)
    for path in paths or fixture_files():
        loader.load_file(path)
    return report


class RestoreBlocked(Exception):
    """An item to restore belongs to an item that is itself deleted."""


def restore_from_fixture(tombstones) -> LoadReport:
    """Undo tombstones and load their items from the fixtures again.

    Nothing changes when an item cannot be restored (``RestoreBlocked``).
    """
    only = {f"{t.model_label}:{t.object_key}" for t in tombstones}
    with transaction.atomic():
        FixtureTombstone.objects.filter(pk__in=[t.pk for t in tombstones]).delete()
        report = load_guidance(only=only)
        if report.missing_reference:
            raise RestoreBlocked(", ".join(report.missing_reference))
    return report
