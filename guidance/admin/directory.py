"""The external support directory in the admin: organisations and their services.

``ServiceAdmin`` is put together from mixins, one per task of the administrator:
the verification round (``verification``), closures (``closure``) and export and
import (``transfer``). This module owns the forms themselves: their sections,
the key made from the name and locked after creation (``guidance.admin.forms``),
and the source of an entry the administrator adds (``guidance.sourcing``).
"""

from typing import Any

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidance import models as m
from guidance.admin.base import GuidanceAdmin
from guidance.admin.closure import ClosureAdmin
from guidance.admin.forms import OrganisationAdminForm, ServiceAdminForm, ServiceInlineFormSet
from guidance.admin.search import (
    DistrictFilter,
    LanguageFilter,
    TargetGroupFilter,
    with_phone_digits,
)
from guidance.admin.transfer import TransferAdmin
from guidance.admin.verification import (
    CHECK_FIELDS,
    ServiceCheckInline,
    VerificationAdmin,
    VerificationFilter,
)
from guidance.sourcing import source_added_by_administrator

# The source of an entry comes last and folded: the administrator rarely needs it.
SOURCE_FIELDSET = (
    _("Källa"),
    {
        "classes": ["collapse"],
        "fields": [
            "key",
            "source_document",
            "source_section",
            "editor_note",
            "locally_edited",
            "updated_at",
        ],
    },
)
LAST_CHECK_FIELDS = list(CHECK_FIELDS)  # set only by a check


def credit_new_entry(request, obj) -> None:
    """A new entry without a source is credited to the administrator who adds it."""
    source_added_by_administrator(obj, user=request.user, on=timezone.localdate())


class KeyLockedAfterCreation:
    """The key is the fixture's natural key and the anchor in links: fixed once saved."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return [*fields, "key"] if obj is not None else fields


class ServiceInline(admin.StackedInline):
    """Services added on the organisation page: the essentials, the rest on its own form."""

    model = m.Service
    formset = ServiceInlineFormSet
    extra = 0
    fields = [
        "key", "name", "description", "who_it_helps", "phone", "url", "email", "status",
        *LAST_CHECK_FIELDS,
    ]  # fmt: skip
    readonly_fields = ["key", *LAST_CHECK_FIELDS]
    show_change_link = True


@admin.register(m.Organisation)
class OrganisationAdmin(KeyLockedAfterCreation, GuidanceAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "category", "website", "locally_edited"]
    list_filter = ["category", "locally_edited"]
    search_fields = ["key", "name", "description", "website"]
    inlines = [ServiceInline]
    fieldsets = [
        (
            _("Om organisationen"),
            {"fields": ["name", "confirm_similar_name", "category", "description", "website"]},
        ),
        SOURCE_FIELDSET,
    ]

    def save_model(self, request, obj, form, change):
        if not change:
            credit_new_entry(request, obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """A service added on the organisation page is credited to the administrator
        before it is saved; the base records the edits and deletions."""
        if formset.model is m.Service:
            for inline in formset.extra_forms:
                if inline.has_changed() and inline not in formset.deleted_forms:
                    credit_new_entry(request, inline.instance)
                    inline.instance.locally_edited = True  # added here, not in a fixture
        return super().save_formset(request, form, formset, change)


@admin.register(m.Service)
class ServiceAdmin(KeyLockedAfterCreation, VerificationAdmin, ClosureAdmin, TransferAdmin):
    form = ServiceAdminForm
    list_display = [
        "__str__", "status", "phone", "url", "email", "last_verified_at", "last_verified_by",
    ]  # fmt: skip
    list_filter: list[Any] = [
        VerificationFilter,
        "status",
        DistrictFilter,
        TargetGroupFilter,
        LanguageFilter,
        "organisation__category",
        "serves_children",
    ]
    search_fields = [
        "key", "name", "organisation__name", "description", "phone", "url", "email",
    ]  # fmt: skip
    list_select_related = ["organisation"]
    filter_horizontal = ["target_groups", "languages", "districts"]
    inlines = [ServiceCheckInline]
    fieldsets = [
        (
            _("Om tjänsten"),
            {"fields": ["organisation", "name", "confirm_similar_name", "description"]},
        ),
        (
            _("Vem den hjälper"),
            {
                "fields": [
                    "target_groups",
                    "who_it_helps",
                    "eligibility",
                    "serves_children",
                    ("minimum_age", "maximum_age"),
                    "languages",
                    "districts",
                ],
            },
        ),
        (
            _("Kontakt"),
            {
                "fields": [
                    "phone",
                    "email",
                    "url",
                    "opening_hours",
                    "access",
                    "anonymous_possible",
                    "contact_details_source",
                ],
            },
        ),
        (
            _("Status och kontroll"),
            {
                "fields": [
                    "status",
                    "closed_on",
                    "closure_reason",
                    "reopens_on",
                    *LAST_CHECK_FIELDS,
                    "todo_note",
                ],
            },
        ),
        SOURCE_FIELDSET,
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *LAST_CHECK_FIELDS]

    def save_model(self, request, obj, form, change):
        if not change:
            credit_new_entry(request, obj)
        super().save_model(request, obj, form, change)

    def get_search_results(self, request, queryset, search_term):
        # A phone number is also found by its digits alone (guidance.admin.search).
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return with_phone_digits(queryset, results, search_term), may_have_duplicates
