"""The verification round of the external support directory.

An administrator lists the services due for a check ("Behöver kontrolleras"),
checks them by phone or on the web, and records the round with the action
"Kontrollerad i dag": one ``ServiceCheck`` per service with outcome and note.
A check is not an edit of the content, so it does not mark the service
``locally_edited``. ``check_directory_links`` fills the read-only list of
link checks.
"""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidance import models as m
from guidance.admin.base import GuidanceAdmin
from guidance.verification import verification_cutoff


class VerificationFilter(admin.SimpleListFilter):
    title = _("kontroll")
    parameter_name = "kontroll"

    def lookups(self, request, model_admin):
        return [("forfallen", _("Behöver kontrolleras"))]

    def queryset(self, request, queryset):
        if self.value() == "forfallen":
            return due_for_check(queryset)
        return queryset


def due_for_check(queryset):
    """Services never checked or checked too long ago; closed services need no check."""
    return queryset.exclude(status=m.Service.Status.CLOSED).filter(
        Q(last_verified_at__lt=verification_cutoff()) | Q(last_verified_at__isnull=True)
    )


class ServiceCheckInline(admin.TabularInline):
    """The history of checks, read-only: a check is recorded by the action."""

    model = m.ServiceCheck
    extra = 0
    can_delete = False
    fields = ("checked_on", "checked_by_name", "outcome", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CheckForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Resultat"),
        choices=m.ServiceCheck.Outcome.choices,
        initial=m.ServiceCheck.Outcome.CONFIRMED,
    )
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("T.ex. vem du talade med eller vad som rättades."),
    )


def record_checks(*, services, user, outcome: str, note: str) -> int:
    """One ``ServiceCheck`` per service, and the service's last check set to today.

    ``update`` rather than ``save``: the content is unchanged, so the service
    is neither marked ``locally_edited`` nor given a new ``updated_at``.
    """
    today = timezone.localdate()
    name = user.get_full_name() or user.get_username()
    services = list(services)
    with transaction.atomic():
        m.ServiceCheck.objects.bulk_create(
            m.ServiceCheck(
                service=service,
                checked_on=today,
                checked_by=user,
                checked_by_name=name,
                outcome=outcome,
                note=note,
            )
            for service in services
        )
        m.Service.objects.filter(pk__in=[s.pk for s in services]).update(
            last_verified_at=today, last_verified_by=name
        )
    return len(services)


class VerificationAdmin(GuidanceAdmin):
    """The service admin's verification round (a mixin of ``ServiceAdmin``)."""

    actions = ["mark_verified_today"]

    @admin.action(description=_("Kontrollerad i dag"), permissions=["change"])
    def mark_verified_today(self, request, queryset):
        """Ask for the outcome and a note, then record one check per service."""
        if "apply" in request.POST:
            form = CheckForm(request.POST)
            if form.is_valid():
                count = record_checks(
                    services=queryset,
                    user=request.user,
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                )
                self.message_user(
                    request,
                    _("%(count)d stödtjänster markerade som kontrollerade i dag.")
                    % {"count": count},
                )
                return None
        else:
            form = CheckForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Kontrollerad i dag"),
            "services": queryset,
            "form": form,
            "opts": self.model._meta,
            "action": "mark_verified_today",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/guidance/service/check_today.html", context)


@admin.register(m.LinkCheck)
class LinkCheckAdmin(admin.ModelAdmin):
    """Read-only: ``manage.py check_directory_links`` writes the rows."""

    list_display = ["url", "result", "status_code", "final_url", "checked_at"]
    list_filter = ["result"]
    search_fields = ["url", "used_by", "final_url"]
    readonly_fields = [
        "url", "result", "status_code", "final_url", "detail", "checked_at", "used_by",
    ]  # fmt: skip

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
