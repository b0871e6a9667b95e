from django.contrib import admin

from anhorigstod.models import GroupSecurityPolicy


@admin.register(GroupSecurityPolicy)
class GroupSecurityPolicyAdmin(admin.ModelAdmin):
    list_display = ["group", "require_two_factor"]
