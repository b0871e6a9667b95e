"""The base every guidance admin shares.

Saving in the admin marks an item ``locally_edited`` so that a later fixture
load leaves the edit alone; every change is kept by django-simple-history
(old and new values, who, when) and shown under "Historik".
"""

from simple_history.admin import SimpleHistoryAdmin


class GuidanceAdmin(SimpleHistoryAdmin):
    search_fields = ["key"]
    readonly_fields = ["locally_edited", "updated_at"]
    list_filter = ["source_document", "locally_edited"]

    def save_model(self, request, obj, form, change):
        obj.locally_edited = True
        super().save_model(request, obj, form, change)
