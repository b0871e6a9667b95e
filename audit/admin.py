from django.contrib import admin

from audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Searchable, read-only: nothing here adds, changes or deletes an event."""

    list_display = [
        "at",
        "actor",
        "action",
        "contact_reference",
        "referral_reference",
        "incident_reference",
        "subject_user",
        "client_address",
        "session_hash",
    ]
    list_filter = [
        ("actor", admin.RelatedOnlyFieldListFilter),
        "action",
        "at",
        ("subject_user", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = [
        "contact_reference",
        "referral_reference",
        "incident_reference",
        "actor__username",
        "subject_user__username",
        "client_address",
    ]
    date_hierarchy = "at"
    list_select_related = ["actor", "subject_user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
