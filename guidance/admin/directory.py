"""The external support directory and its verification."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidance import models as m
from guidance.admin.base import GuidanceAdmin


class ServiceInline(admin.StackedInline):
    model = m.Service
    extra = 0
    fields = ["key", "name", "status", "url", "phone", "last_verified_at", "last_verified_by"]
    show_change_link = True


@admin.register(m.Organisation)
class OrganisationAdmin(GuidanceAdmin):
    list_display = ["name", "category", "website", "locally_edited"]
    list_filter = ["category", "locally_edited"]
    search_fields = ["key", "name"]
    inlines = [ServiceInline]


class VerificationFilter(admin.SimpleListFilter):
    title = _("kontroll")
    parameter_name = "kontroll"

    def lookups(self, request, model_admin):
        return [("forfallen", _("Ej kontrollerad på 12 månader"))]

    def queryset(self, request, queryset):
        if self.value() == "forfallen":
            cutoff = timezone.localdate() - timedelta(days=settings.DIRECTORY_VERIFY_AFTER_DAYS)
            return queryset.filter(
                Q(last_verified_at__lt=cutoff) | Q(last_verified_at__isnull=True)
            )
        return queryset


@admin.register(m.Service)
class ServiceAdmin(GuidanceAdmin):
    list_display = ["__str__", "status", "phone", "last_verified_at", "last_verified_by"]
    list_filter = [VerificationFilter, "status", "organisation__category", "serves_children"]  # type: ignore[list-item]
    search_fields = ["key", "name", "organisation__name"]
    list_select_related = ["organisation"]
    filter_horizontal = ["target_groups", "languages", "districts"]
    actions = ["mark_verified_today"]

    @admin.action(description=_("Markera valda som kontrollerade i dag"))
    def mark_verified_today(self, request, queryset):
        for service in queryset:
            service.last_verified_at = timezone.localdate()
            service.last_verified_by = request.user.get_full_name() or request.user.get_username()
            service.locally_edited = True
            service.save()
        self.message_user(
            request,
            _("%(count)d stödtjänster markerade som kontrollerade.") % {"count": queryset.count()},
        )
