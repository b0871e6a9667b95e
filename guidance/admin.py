"""The administrator keeps the guidance and the directory current here.

Saving in the admin marks an item ``locally_edited`` so that a later fixture
load leaves the edit alone; every change is kept by django-simple-history
(old and new values, who, when) and shown under "Historik".
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from guidance import models as m

admin.site.site_header = _("Anhörigstöd – administration")
admin.site.site_title = _("Anhörigstöd")
admin.site.index_title = _("Vägledning, kontaktuppgifter och användare")


class GuidanceAdmin(SimpleHistoryAdmin):
    search_fields = ["key"]
    readonly_fields = ["locally_edited", "updated_at"]
    list_filter = ["source_document", "locally_edited"]

    def save_model(self, request, obj, form, change):
        obj.locally_edited = True
        super().save_model(request, obj, form, change)


@admin.register(m.SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published", "seed_file"]


@admin.register(m.Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(m.LegalReference)
class LegalReferenceAdmin(GuidanceAdmin):
    list_display = ["citation", "title", "valid_from", "valid_until", "verified"]
    list_filter = ["verified", "sfs_number", "locally_edited"]
    search_fields = ["key", "law", "title", "sfs_number"]
    autocomplete_fields = ["replaced_by"]


@admin.register(m.TargetGroup)
class TargetGroupAdmin(GuidanceAdmin):
    list_display = ["name", "order", "source_section", "locally_edited"]
    search_fields = ["key", "name"]


@admin.register(m.EntryRoute)
class EntryRouteAdmin(GuidanceAdmin):
    list_display = ["name", "consent_required", "order", "locally_edited"]
    filter_horizontal = ["legal_references"]


@admin.register(m.SupportForm)
class SupportFormAdmin(GuidanceAdmin):
    list_display = ["name", "kind", "order", "locally_edited"]
    list_filter = ["kind", "locally_edited"]
    search_fields = ["key", "name"]
    filter_horizontal = ["target_groups", "legal_references"]


@admin.register(m.InternalProvider)
class InternalProviderAdmin(GuidanceAdmin):
    list_display = ["name", "city_wide", "requires_sig", "serves_children", "locally_edited"]
    filter_horizontal = ["support_forms", "target_groups"]


@admin.register(m.District)
class DistrictAdmin(GuidanceAdmin):
    list_display = ["name", "has_sig", "sig_provided_by", "locally_edited"]
    list_filter = ["has_sig", "locally_edited"]
    search_fields = ["key", "name"]


@admin.register(m.Method)
class MethodAdmin(GuidanceAdmin):
    list_display = ["name", "abbreviation", "for_children", "locally_edited"]
    search_fields = ["key", "name", "abbreviation"]
    filter_horizontal = ["target_groups"]


@admin.register(m.Topic)
class TopicAdmin(GuidanceAdmin):
    list_display = ["title", "category", "order", "locally_edited"]
    list_filter = ["category", "locally_edited"]
    filter_horizontal = ["target_groups", "legal_references", "methods"]


@admin.register(m.GoodPractice)
class GoodPracticeAdmin(GuidanceAdmin):
    list_display = ["title", "organisation", "district", "locally_edited"]
    filter_horizontal = ["target_groups", "methods"]


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
