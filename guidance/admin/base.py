"""The base every guidance admin shares.

Saving in the admin notes which fields the administrator changed (a
``LocalEdit`` per field, with the value before) and marks the item
``locally_edited``: a later fixture load updates every other field and stores
a conflict only when the fixture changes one of those fields too. The item's
change page then shows the difference field by field, with "Använd fixturens
version" and "Behåll min" (``guidance.admin.fixture_sync``). Deleting an item
that came from a fixture leaves a tombstone, so the next load does not bring it
back. Every change is kept by django-simple-history (old and new values, who,
when) and shown under "Historik".
"""

from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from guidance import fixture_sync as sync
from guidance.loading import fixture_keys
from guidance.models import FixtureConflict


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, its "Historik" list read without Django's
    deprecated bare ``select_related()`` (which it calls for a model with no foreign
    keys, such as the content owner). Every history here names its user by a
    foreign key (plain ``HistoricalRecords()``), so there is always one to join."""

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        tracked = history_manager.model.tracked_fields
        keys = [field.name for field in tracked if isinstance(field, models.ForeignKey)]
        records = history_manager.filter(**{pk_name: object_id})
        return records.select_related("history_user", *keys)


class GuidanceAdmin(HistoryAdmin):
    search_fields = ["key"]
    readonly_fields = ["locally_edited", "updated_at"]
    list_filter = ["source_document", "locally_edited"]

    def save_model(self, request, obj, form, change):
        before = sync.stored_values(obj) if change else {}
        # Without a form (a test, a script) the stored row tells what changed.
        changed = list(form.changed_data) if form else sync.changed_fields(obj, before)
        tracked = {f.name for f in sync.tracked_fields(type(obj))}
        if tracked & set(changed):
            obj.locally_edited = True
        super().save_model(request, obj, form, change)
        sync.record_local_edits(obj, changed, user=request.user, before=before)

    def save_formset(self, request, form, formset, change):
        """Inline edits count too: a service changed on its organisation's page
        is marked per field, a deleted one leaves a tombstone, and a routine
        whose steps changed is marked "steps"."""
        tracked = _tracked_inline_changes(formset)
        if tracked is not None:
            keys = fixture_keys()
            for deleted in formset.deleted_forms:
                if deleted.instance.pk:
                    sync.record_tombstones(deleted.instance, user=request.user, fixture_keys=keys)
        super().save_formset(request, form, formset, change)
        for instance, changed, before in tracked or []:
            sync.record_local_edits(instance, changed, user=request.user, before=before)
            sync.refresh_edit_mark(type(instance), sync.object_key(instance))
        guard = sync.GUARDED_BY.get(sync.model_label(formset.model))
        if guard and formset.has_changed():
            owner = form.instance
            sync.record_local_edits(owner, [guard[1]], user=request.user, before={})
            sync.refresh_edit_mark(type(owner), sync.object_key(owner))

    def delete_model(self, request, obj):
        sync.record_tombstones(obj, user=request.user, fixture_keys=fixture_keys())
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        keys = fixture_keys()
        for obj in queryset:
            sync.record_tombstones(obj, user=request.user, fixture_keys=keys)
        super().delete_queryset(request, queryset)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context["fixture_differences"] = fixture_differences(obj)
            extra_context["fixture_resolve_url"] = reverse("admin:guidance_fixtureconflict_resolve")
        return super().change_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        """What a deletion takes with it, without the links between an item and
        its target groups, districts or languages: those go with the item and
        were listed as "Service_target_groups object (13)"."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = _link_labels()
        for plural in links.values():
            counts.pop(plural, None)
        prefixes = tuple(f"{capfirst(name)}: " for name in links)
        return _without(deleted, prefixes), counts, perms_needed, protected


def _link_labels() -> dict[str, str]:
    """Verbose name and plural of every automatic many-to-many link table."""
    return {
        str(model._meta.verbose_name): str(model._meta.verbose_name_plural)
        for model in apps.get_models(include_auto_created=True)
        if model._meta.auto_created
    }


def _without(nested: list, prefixes: tuple[str, ...]) -> list:
    kept = []
    for item in nested:
        if isinstance(item, list):
            inner = _without(item, prefixes)
            if inner:
                kept.append(inner)
        elif not str(item).startswith(prefixes):
            kept.append(item)
    return kept


def _tracked_inline_changes(formset) -> list[tuple] | None:
    """For an inline of items with an edit mark: each changed item, its changed
    fields and its stored values before the save; None for other inlines."""
    if not hasattr(formset.model, "locally_edited"):
        return None
    deleted = set(formset.deleted_forms)
    return [
        (inline.instance, list(inline.changed_data), sync.stored_values(inline.instance))
        for inline in formset.forms
        if inline.instance.pk and inline.has_changed() and inline not in deleted
    ]


def fixture_differences(obj) -> list[dict]:
    """The item's open conflicts, field by field, as the change page shows them."""
    model = type(obj)
    current = sync.field_values(obj)
    rows = []
    conflicts = FixtureConflict.objects.filter(
        model_label=sync.model_label(obj), object_key=sync.object_key(obj)
    ).order_by("field")
    for conflict in conflicts:
        field = model._meta.get_field(conflict.field)
        rows.append(
            {
                "conflict": conflict,
                "label": str(field.verbose_name).capitalize(),
                "mine": sync.display_value(model, conflict.field, current.get(conflict.field)),
                "fixture": sync.display_value(model, conflict.field, conflict.fixture_value),
            }
        )
    return rows
