"""The base every guidance admin shares.

Saving in the admin marks an item ``locally_edited`` so that a later fixture
load leaves the edit alone; every change is kept by django-simple-history
(old and new values, who, when) and shown under "Historik".
"""

from django.apps import apps
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin


class GuidanceAdmin(SimpleHistoryAdmin):
    search_fields = ["key"]
    readonly_fields = ["locally_edited", "updated_at"]
    list_filter = ["source_document", "locally_edited"]

    def save_model(self, request, obj, form, change):
        obj.locally_edited = True
        super().save_model(request, obj, form, change)

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
