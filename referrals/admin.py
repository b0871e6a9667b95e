"""The administrator manages staff and reads the audit trail; never case notes.

Contacts, referrals and sessions are deliberately not registered here.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from referrals.models import AuditEvent, StaffProfile


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Searchable, read-only: nothing here adds, changes or deletes an event."""

    list_display = ["at", "actor", "action", "contact_reference", "referral_reference"]
    list_filter = ["action", "at"]
    search_fields = ["contact_reference", "referral_reference", "actor__username"]
    date_hierarchy = "at"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = False
    verbose_name_plural = _("arbetsplats")


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]
    list_filter = ["groups", "is_active", "is_staff"]

    def get_readonly_fields(self, request, obj=None):
        # Only a superuser hands out superuser rights or raw permissions.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "user_permissions", "last_login", "date_joined"]
