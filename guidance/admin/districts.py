"""The districts, their contacts and routines, and who owns the content."""

from django.contrib import admin

from guidance import models as m
from guidance.admin.base import GuidanceAdmin


@admin.register(m.District)
class DistrictAdmin(GuidanceAdmin):
    list_display = ["name", "has_sig", "sig_provided_by", "locally_edited"]
    list_filter = ["has_sig", "locally_edited"]
    search_fields = ["key", "name"]
