"""The stödmaterial's content: law, target groups, routes, forms, methods."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from guidance import models as m
from guidance.admin.base import GuidanceAdmin


@admin.register(m.SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "publisher", "published", "seed_file"]


@admin.register(m.Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(m.LegalReference)
class LegalReferenceAdmin(GuidanceAdmin):
    """The model's ``clean`` refuses "kontrollerad" on a repealed rule, next to the box."""

    list_display = ["citation_column", "title", "valid_from", "valid_until", "in_force", "verified"]
    list_filter = ["verified", "sfs_number", "locally_edited"]
    search_fields = ["key", "law", "title", "sfs_number"]
    autocomplete_fields = ["replaced_by"]
    fieldsets = [
        (None, {"fields": ["key", "law", "abbreviation", "sfs_number", "chapter", "section"]}),
        (
            _("Innehåll"),
            {"fields": ["title", "summary", "note", "source_document", "source_section"]},
        ),
        (_("Giltighet"), {"fields": ["valid_from", "valid_until", "replaced_by"]}),
        (
            _("Kontroll"),
            {"fields": ["paragraph_source_url", "verified", "editor_note", "locally_edited"]},
        ),
        (_("Senast ändrad"), {"fields": ["updated_at"]}),
    ]

    @admin.display(description=_("lagrum"))
    def citation_column(self, obj):
        return obj.citation

    @admin.display(boolean=True, description=_("gäller nu"))
    def in_force(self, obj: m.LegalReference) -> bool:
        return not obj.is_repealed


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
    list_display = ["title", "organisation", "locally_edited"]
    filter_horizontal = ["districts", "target_groups", "methods"]


@admin.register(m.SearchSynonym)
class SearchSynonymAdmin(GuidanceAdmin):
    """The words the search also looks for; a change is kept in the history and
    marks the row so a fixture load leaves it alone."""

    list_display = ["word", "expands_to", "note", "locally_edited"]
    list_filter = ["locally_edited"]
    search_fields = ["word", "expands_to"]
    fields = ["word", "expands_to", "note", "locally_edited", "updated_at"]
