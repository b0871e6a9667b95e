"""The districts, their contacts and routines, and who owns the content."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from guidance import models as m
from guidance.admin.base import GuidanceAdmin


@admin.register(m.District)
class DistrictAdmin(GuidanceAdmin):
    list_display = [
        "name",
        "has_sig",
        "sig_provided_by",
        "reception_phone",
        "contact_verified_at",
        "locally_edited",
    ]
    list_filter = ["has_sig", "locally_edited", "contact_verified_at"]
    search_fields = ["key", "name"]
    list_select_related = ["sig_provided_by"]
    fieldsets = [
        (_("Om förvaltningen"), {"fields": ["key", "name", "summary", "relative_support"]}),
        (
            _("Kontakt"),
            {
                "fields": [
                    "reception_name",
                    "reception_phone",
                    "mailbox",
                    "address",
                    "relative_consultant_contact",
                    "contact_details_source",
                    "contact_verified_at",
                ]
            },
        ),
        (_("SIG"), {"fields": ["has_sig", "sig_provided_by"]}),
        (
            _("Redaktionellt"),
            {
                "fields": [
                    "editor_note",
                    "source_document",
                    "source_section",
                    "locally_edited",
                    "updated_at",
                ]
            },
        ),
    ]


class RoutineStepInline(admin.TabularInline):
    model = m.RoutineStep
    extra = 0
    fields = ["order", "action", "responsible", "within_days", "key"]


class RoutineDistrictFilter(admin.SimpleListFilter):
    """By district, with the city default (no district) as a choice of its own."""

    title = _("stadsdelsförvaltning")
    parameter_name = "forvaltning"
    CITY_DEFAULT = "stadens-standard"

    def lookups(self, request, model_admin):
        return [(self.CITY_DEFAULT, _("Stadens standardrutin"))] + [
            (district.key, district.name) for district in m.District.objects.all()
        ]

    def queryset(self, request, queryset):
        if self.value() == self.CITY_DEFAULT:
            return queryset.filter(district__isnull=True)
        if self.value():
            return queryset.filter(district__key=self.value())
        return queryset


@admin.register(m.LocalRoutine)
class LocalRoutineAdmin(GuidanceAdmin):
    list_display = ["name", "district", "applies_when", "locally_edited"]
    list_filter = [RoutineDistrictFilter, "applies_when", "locally_edited"]  # type: ignore[list-item]
    search_fields = ["key", "name", "district__name"]
    list_select_related = ["district"]
    inlines = [RoutineStepInline]


@admin.register(m.ContentOwner)
class ContentOwnerAdmin(SimpleHistoryAdmin):
    """One row: it can be changed, never added twice or deleted."""

    list_display = ["name", "email"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not m.ContentOwner.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
