"""Load the guidance fixtures without trampling on an administrator's edits.

The fixtures in ``fixtures/guidance/`` are Django serialisations with natural
keys. Loading is idempotent: an object whose stored fields and relations
already equal the fixture is left alone, so a second load writes nothing. An
object an administrator has edited (``locally_edited``) is never overwritten;
the loader reports it instead, so the fixture change can be merged by hand.
A service checked in the admin after the fixture's date keeps its check.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import transaction

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "guidance"


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_local_edit: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} nya, {len(self.updated)} uppdaterade, "
            f"{len(self.unchanged)} oförändrade, "
            f"{len(self.kept_local_edit)} behöll administratörens ändring"
        )


def fixture_files(directory: Path = FIXTURE_DIR) -> list[Path]:
    """Fixture files in load order: the file name's numeric prefix decides."""
    return sorted(directory.glob("*.json"))


def _label(obj) -> str:
    key = obj.natural_key()[0] if hasattr(obj, "natural_key") else obj.pk
    return f"{obj._meta.label_lower}:{key}"


def _concrete_values(obj) -> dict:
    return {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if f.attname not in {"id", "updated_at", "locally_edited"} and f.editable
    }


def _m2m_values(obj) -> dict:
    return {f.name: {o.pk for o in getattr(obj, f.name).all()} for f in obj._meta.many_to_many}


# A check made in the admin (the date, and who made it) is newer knowledge than
# the fixture: a reload keeps it.
CHECK_FIELDS = ("last_verified_at", "last_verified_by")


def _keep_later_check(existing, deserialized):
    """Carry the database's check over to the incoming object when it is later.

    Returns the deserialized object, so the comparison that follows sees the
    kept check and a reload after a check still writes nothing.
    """
    incoming = deserialized.object
    checked = getattr(existing, "last_verified_at", None)
    incoming_checked = getattr(incoming, "last_verified_at", None)
    if checked is not None and (incoming_checked is None or incoming_checked < checked):
        for name in CHECK_FIELDS:
            setattr(incoming, name, getattr(existing, name))
    return deserialized


# Parts without an edit mark of their own, and the item whose mark guards them:
# the admin edits a routine's steps inline, which marks the routine.
GUARDED_BY = {"guidance.routinestep": "routine"}


def _kept_by_administrator(existing, incoming) -> bool:
    """Whether an administrator edited the item, or the item it is part of.

    Models without ``locally_edited`` (a routine's step) count as unedited
    unless their owner in ``GUARDED_BY`` is marked.
    """
    if existing is not None and getattr(existing, "locally_edited", False):
        return True
    owner = GUARDED_BY.get(incoming._meta.label_lower)
    return bool(owner and getattr(getattr(incoming, owner), "locally_edited", False))


def _is_unchanged(existing, deserialized) -> bool:
    incoming = deserialized.object
    if _concrete_values(existing) != _concrete_values(incoming):
        return False
    current_m2m = _m2m_values(existing)
    for name, pks in (deserialized.m2m_data or {}).items():
        if set(pks) != current_m2m.get(name, set()):
            return False
    return True


@transaction.atomic
def load_guidance(paths: list[Path] | None = None) -> LoadReport:
    report = LoadReport()
    for path in paths or fixture_files():
        with path.open(encoding="utf-8") as stream:
            objects = serializers.deserialize(
                "json", stream, handle_forward_references=True, ignorenonexistent=False
            )
            deferred = []
            for deserialized in objects:
                obj = deserialized.object
                model = type(obj)
                existing = model._default_manager.filter(pk=obj.pk).first() if obj.pk else None
                if _kept_by_administrator(existing, obj):
                    report.kept_local_edit.append(_label(obj))
                    continue
                if existing is None:
                    report.created.append(_label(obj))
                elif _is_unchanged(existing, _keep_later_check(existing, deserialized)):
                    report.unchanged.append(_label(obj))
                    continue
                else:
                    report.updated.append(_label(obj))
                # A normal save (not raw) so signals keep the search index and
                # the change history in step with the fixtures.
                obj.save()
                if deserialized.deferred_fields:
                    deferred.append(deserialized)
                for name, pks in (deserialized.m2m_data or {}).items():
                    getattr(obj, name).set(pks)
            for deserialized in deferred:
                deserialized.save_deferred_fields()
    return report
