"""The external support directory in the admin: organisations and their services.

``ServiceAdmin`` is put together from mixins, one per task of the administrator:
the verification round (``verification``), closures (``closure``) and export and
import (``transfer``).
"""

from typing import Any

from django.contrib import admin

from guidance import models as m
from guidance.admin.base import GuidanceAdmin
from guidance.admin.closure import ClosureAdmin
from guidance.admin.search import (
    DistrictFilter,
    LanguageFilter,
    TargetGroupFilter,
    with_phone_digits,
)
from guidance.admin.transfer import TransferAdmin
from guidance.admin.verification import ServiceCheckInline, VerificationAdmin, VerificationFilter


class ServiceInline(admin.StackedInline):
    model = m.Service
    extra = 0
    fields = ["key", "name", "status", "url", "phone", "last_verified_at", "last_verified_by"]
    show_change_link = True


@admin.register(m.Organisation)
class OrganisationAdmin(GuidanceAdmin):
    list_display = ["name", "category", "website", "locally_edited"]
    list_filter = ["category", "locally_edited"]
    search_fields = ["key", "name", "description", "website"]
    inlines = [ServiceInline]


@admin.register(m.Service)
class ServiceAdmin(VerificationAdmin, ClosureAdmin, TransferAdmin):
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

    def get_search_results(self, request, queryset, search_term):
        # A phone number is also found by its digits alone (guidance.admin.search).
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return with_phone_digits(queryset, results, search_term), may_have_duplicates
