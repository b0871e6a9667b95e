from django.contrib import admin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from anhorigstod.models import GroupSecurityPolicy

# django-otp's own admin pages show a device's secret key. Two-factor is reset
# from the user's page instead (``StaffUserAdmin.reset_two_factor``), which
# removes the devices without showing anything of them.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(GroupSecurityPolicy)
class GroupSecurityPolicyAdmin(admin.ModelAdmin):
    list_display = ["group", "require_two_factor"]
