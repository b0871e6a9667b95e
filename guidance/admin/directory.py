"""The external support directory in the admin: organisations and their services.

``ServiceAdmin`` is put together from mixins, one per task of the administrator:
the verification round (``verification``), closures (``closure``) and export and
import (``transfer``).
"""

from django.contrib import admin

from guidance import models as m
from guidance.admin.base import GuidanceAdmin
from guidance.admin.closure import ClosureAdmin
from guidance.admin.transfer import TransferAdmin
from guidance.admin.verification import (
    CHECK_FIELDS,
    ServiceCheckInline,
    VerificationAdmin,
    VerificationFilter,
)


class ServiceInline(admin.StackedInline):
    model = m.Service
    extra = 0
    fields = ["key", "name", "status", "url", "phone", "last_verified_at", "last_verified_by"]
    readonly_fields = CHECK_FIELDS  # set only by a check
    show_change_link = True


@admin.register(m.Organisation)
class OrganisationAdmin(GuidanceAdmin):
    list_display = ["name", "category", "website", "locally_edited"]
    list_filter = ["category", "locally_edited"]
    search_fields = ["key", "name"]
    inlines = [ServiceInline]


@admin.register(m.Service)
class ServiceAdmin(VerificationAdmin, ClosureAdmin, TransferAdmin):
    list_display = [
        "__str__", "status", "phone", "url", "email", "last_verified_at", "last_verified_by",
    ]  # fmt: skip
    list_filter = [VerificationFilter, "status", "organisation__category", "serves_children"]  # type: ignore[list-item]
    search_fields = ["key", "name", "organisation__name"]
    list_select_related = ["organisation"]
    filter_horizontal = ["target_groups", "languages", "districts"]
    inlines = [ServiceCheckInline]
