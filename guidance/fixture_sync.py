"""The rules between the fixtures and the administrator's edits, as plain functions.

Field values are compared and stored as JSON (``field_values``): an item's
fields as the loader and the admin see them. ``record_local_edits`` notes which
fields the administrator changed, ``record_tombstones`` which fixture items
they deleted; ``use_fixture_version`` and ``keep_local_version`` resolve a
conflict the loader found (``guidance.loading``). See
``guidance.models.fixture_sync`` for the records themselves.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from guidance.models import FixtureConflict, FixtureTombstone, LocalEdit

# Fields that are never a local edit: bookkeeping, and the check (date and who),
# which is newer knowledge than the fixture and kept by the loader on its own.
UNTRACKED = {"id", "updated_at", "locally_edited"}
CHECK_FIELDS = ("last_verified_at", "last_verified_by")
# The natural key's field where it is not ``key``.
KEY_FIELDS = {"guidance.searchsynonym": "word", "guidance.language": "code"}
# Parts without an edit mark of their own, and the item whose mark guards them:
# the admin edits a routine's steps inline, which marks the routine's "steps".
GUARDED_BY = {"guidance.routinestep": ("routine", "steps")}


def model_label(obj_or_model) -> str:
    return obj_or_model._meta.label_lower


def key_field(model) -> str:
    return KEY_FIELDS.get(model_label(model), "key")


def object_key(obj) -> str:
    return str(getattr(obj, key_field(type(obj))))


def jsonable(value):
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def tracked_fields(model) -> list:
    """The fields an administrator edits and a fixture sets, the key excepted."""
    skip = UNTRACKED | {key_field(model), *CHECK_FIELDS}
    concrete = [f for f in model._meta.concrete_fields if f.editable and f.name not in skip]
    return concrete + list(model._meta.many_to_many)


def field_values(obj, m2m_data: dict | None = None) -> dict:
    """The tracked fields' values as JSON; many-to-many from ``m2m_data`` when given."""
    values = {}
    for field in tracked_fields(type(obj)):
        if field.many_to_many:
            if m2m_data is not None:
                values[field.name] = sorted(int(pk) for pk in m2m_data.get(field.name, []))
            elif obj.pk:
                values[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
        else:
            values[field.name] = jsonable(getattr(obj, field.attname))
    return values


def stored_values(obj) -> dict:
    """The values the database holds for ``obj`` now (before a save)."""
    if not obj.pk:
        return {}
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    return field_values(stored) if stored is not None else {}


def set_value(obj, name: str, value) -> None:
    """Put a stored JSON value back on a (concrete) field."""
    field = obj._meta.get_field(name)
    setattr(obj, field.attname, None if value is None else field.to_python(value))


def refresh_edit_mark(model, key: str) -> None:
    """``locally_edited`` is true exactly when the item has a local edit."""
    edited = LocalEdit.objects.filter(model_label=model_label(model), object_key=key).exists()
    model._default_manager.filter(**{key_field(model): key}).exclude(locally_edited=edited).update(
        locally_edited=edited
    )


def record_local_edits(obj, fields: Iterable[str], *, user, before: dict) -> list[str]:
    """Note each changed tracked field of ``obj`` with its value before the edit.

    A field already edited keeps its first ``base_value``: that is what the
    fixture said when the administrator first changed it. ``before`` is empty
    for an item the administrator added, so its base is unknown.
    """
    names = {f.name for f in tracked_fields(type(obj))}
    pseudo = {part for _owner, part in GUARDED_BY.values()}
    recorded = [name for name in fields if name in names or name in pseudo]
    user = user if getattr(user, "pk", None) else None
    for name in recorded:
        LocalEdit.objects.get_or_create(
            model_label=model_label(obj),
            object_key=object_key(obj),
            field=name,
            defaults={
                "base_value": before.get(name),
                "base_known": name in before,
                "edited_by": user,
            },
        )
    return recorded


def changed_fields(obj, before: dict) -> list[str]:
    """Fields whose value differs from ``before`` (when the admin has no form)."""
    now = field_values(obj)
    return [name for name, value in now.items() if name in before and before[name] != value]


def record_tombstones(obj, *, user, fixture_keys: dict[str, set[str]]) -> int:
    """A tombstone for ``obj`` and everything its deletion takes along, if from a fixture."""
    collector = Collector(using=obj._state.db or "default")
    collector.collect([obj])
    count = 0
    user = user if getattr(user, "pk", None) else None
    for model, instances in collector.data.items():
        label = model_label(model)
        for instance in instances:
            key = object_key(instance) if hasattr(instance, "natural_key") else None
            if key is None or key not in fixture_keys.get(label, set()):
                continue
            FixtureTombstone.objects.get_or_create(
                model_label=label,
                object_key=key,
                defaults={"title": str(instance)[:300], "deleted_by": user},
            )
            forget_item(label, key)
            count += 1
    return count


def forget_item(label: str, key: str) -> None:
    LocalEdit.objects.filter(model_label=label, object_key=key).delete()
    FixtureConflict.objects.filter(model_label=label, object_key=key).delete()


def item_for(conflict) -> Any:
    """The item a conflict names, or None when it is gone."""
    from django.apps import apps

    model = apps.get_model(conflict.model_label)
    return model._default_manager.filter(**{key_field(model): conflict.object_key}).first()


def _grouped(conflicts) -> dict[tuple[str, str], list]:
    groups: dict[tuple[str, str], list] = {}
    for conflict in conflicts:
        groups.setdefault((conflict.model_label, conflict.object_key), []).append(conflict)
    return groups


@transaction.atomic
def use_fixture_version(conflicts) -> int:
    """Give each conflict's field the fixture's value and drop its local-edit mark.

    The item is saved normally, so the change history records the change
    (with the signed-in administrator, through simple_history's middleware).
    """
    resolved = 0
    for (label, key), group in _grouped(conflicts).items():
        obj = item_for(group[0])
        if obj is None:
            continue
        m2m = {}
        for conflict in group:
            field = obj._meta.get_field(conflict.field)
            if field.many_to_many:
                m2m[conflict.field] = conflict.fixture_value or []
            else:
                set_value(obj, conflict.field, conflict.fixture_value)
        fields = [conflict.field for conflict in group]
        LocalEdit.objects.filter(model_label=label, object_key=key, field__in=fields).delete()
        obj.locally_edited = LocalEdit.objects.filter(model_label=label, object_key=key).exists()
        obj._change_reason = _("Fixturens version: %(fields)s") % {"fields": ", ".join(fields)}
        obj.save()
        for name, pks in m2m.items():
            getattr(obj, name).set(pks)
        FixtureConflict.objects.filter(pk__in=[conflict.pk for conflict in group]).delete()
        resolved += len(group)
    return resolved


@transaction.atomic
def keep_local_version(conflicts, *, user=None) -> int:
    """Dismiss each conflict: the administrator's value stays, and the fixture's
    value becomes the field's base, so only a new fixture change shows again."""
    resolved = 0
    user = user if getattr(user, "pk", None) else None
    for conflict in conflicts:
        LocalEdit.objects.update_or_create(
            model_label=conflict.model_label,
            object_key=conflict.object_key,
            field=conflict.field,
            defaults={"base_value": conflict.fixture_value, "base_known": True, "edited_by": user},
        )
        conflict.delete()
        resolved += 1
    return resolved


def display_value(model, name: str, value) -> str:
    """A stored value as the administrator reads it."""
    field = model._meta.get_field(name)
    if value in (None, "", []):
        return _("(tomt)")
    if field.many_to_many:
        related = field.related_model._default_manager.filter(pk__in=value)
        return ", ".join(sorted(str(item) for item in related))
    if field.is_relation:
        return str(field.related_model._default_manager.filter(pk=value).first() or value)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)
