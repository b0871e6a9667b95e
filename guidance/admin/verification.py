"""The verification round of the external support directory in the admin.

"Behöver kontrolleras" (``verification_round_view``) lists the services due for
a check, oldest check first, with phone, web address and e-mail to click, a
filter for what falls due within 30 days and a CSV download. Each row gets its
own outcome, method and note, and the round is recorded in one go; the action
"Kontrollera valda" opens the same form for services picked in the list. Who
checked is always the signed-in user, so "Kontrollerad av" is read-only. The
rules are in ``guidance.checks``; the start page's count in
``guidance.templatetags.verification_tags``. ``check_directory_links`` fills
the read-only list of link checks.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from guidance import checks
from guidance import models as m
from guidance.admin.base import GuidanceAdmin

# The start page links to the due list and says how many are due.
admin.site.index_template = "admin/guidance/index.html"

ROUND_URL_NAME = "guidance_service_verification"
# Set only by a check, never typed.
CHECK_FIELDS = ("last_verified_at", "last_verified_by")


class VerificationFilter(admin.SimpleListFilter):
    title = _("kontroll")
    parameter_name = "kontroll"

    def lookups(self, request, model_admin):
        return [
            ("forfallen", _("Behöver kontrolleras")),
            ("inom-30-dagar", _("Förfaller inom 30 dagar")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "forfallen":
            return checks.due_services(queryset, when=checks.OVERDUE)
        if self.value() == "inom-30-dagar":
            return checks.due_services(queryset, when=checks.DUE_SOON)
        return queryset


class ServiceCheckInline(admin.TabularInline):
    """The history of checks, read-only: a check is recorded in a round."""

    model = m.ServiceCheck
    extra = 0
    can_delete = False
    fields = ("checked_on", "checked_by_name", "outcome", "method", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CheckRowForm(forms.Form):
    """One service's row in a round; a row without an outcome is not recorded."""

    outcome = forms.ChoiceField(
        label=_("Resultat"),
        required=False,
        choices=[("", _("Inte kontrollerad nu")), *m.ServiceCheck.Outcome.choices],
    )
    method = forms.ChoiceField(
        label=_("Hur"),
        required=False,
        choices=[("", _("Välj hur")), *m.ServiceCheck.Method.choices],
    )
    note = forms.CharField(
        label=_("Anteckning"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 30}),
    )

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if not outcome:
            if data.get("method") or data.get("note"):
                self.add_error(
                    "outcome",
                    _("Välj ett resultat, eller töm raden om du inte kontrollerade tjänsten."),
                )
            return data
        if not data.get("method"):
            self.add_error("method", _("Välj hur du kontrollerade tjänsten."))
        if outcome == m.ServiceCheck.Outcome.CLOSED and not data.get("note"):
            self.add_error("note", _("Skriv varför tjänsten är nedlagd eller stängd."))
        return data


def round_rows(services, data=None) -> list[tuple[m.Service, CheckRowForm]]:
    return [(s, CheckRowForm(data, prefix=f"service-{s.pk}")) for s in services]


def round_results(rows) -> list[checks.CheckResult]:
    return [
        checks.CheckResult(service=service, **form.cleaned_data)
        for service, form in rows
        if form.cleaned_data.get("outcome")
    ]


class VerificationAdmin(GuidanceAdmin):
    """The service admin's verification round (a mixin of ``ServiceAdmin``)."""

    actions = ["mark_verified_today"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *CHECK_FIELDS]

    def get_urls(self):
        round_view = self.admin_site.admin_view(self.verification_round_view)
        return [
            path("verification/", round_view, name=ROUND_URL_NAME),
            *super().get_urls(),
        ]

    @admin.action(description=_("Kontrollera valda"), permissions=["change"])
    def mark_verified_today(self, request, queryset):
        """The round's form for the services picked in the list."""
        services = checks.oldest_check_first(queryset)
        return self._render_round(request, round_rows(services), picked=True)

    def verification_round_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._record_round(request)
        when = _when(request)
        services = checks.due_services(when=when)
        if request.GET.get("format") == "csv":
            return _csv_response(services, when)
        return self._render_round(request, round_rows(services), when=when)

    def _record_round(self, request):
        ids = request.POST.getlist("service")
        services = m.Service.objects.filter(pk__in=ids).select_related("organisation")
        rows = round_rows(checks.oldest_check_first(services), request.POST)
        if not all([form.is_valid() for _service, form in rows]):
            picked = request.POST.get("picked") == "1"
            return self._render_round(request, rows, when=_when(request), picked=picked)
        results = round_results(rows)
        if not results:
            self.message_user(request, _("Inga kontroller sparades: välj ett resultat."))
        else:
            checks.record_round(results=results, user=request.user)
            self._report(request, results)
        return HttpResponseRedirect(request.get_full_path())

    def _report(self, request, results):
        count = len(results)
        self.message_user(
            request,
            ngettext("%(count)d kontroll sparad.", "%(count)d kontroller sparade.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        updated = [r.service for r in results if r.outcome == m.ServiceCheck.Outcome.UPDATED]
        if updated:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                ((reverse("admin:guidance_service_change", args=[s.pk]), s) for s in updated),
            )
            self.message_user(
                request,
                format_html("{} {}", _("Uppdatera uppgifterna nu:"), links),
                messages.WARNING,
            )

    def _render_round(self, request, rows, *, when=checks.OVERDUE, picked=False):
        counts = checks.due_counts()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Kontrollera valda") if picked else _("Behöver kontrolleras"),
            "rows": rows,
            "picked": picked,
            "when": when,
            "counts": counts,
            "opts": self.model._meta,
            "round_url": reverse(f"admin:{ROUND_URL_NAME}"),
        }
        return TemplateResponse(request, "admin/guidance/service/verification_round.html", context)


def _when(request) -> str:
    """The due list asked for: due now (the default) or due within 30 days."""
    return checks.DUE_SOON if request.GET.get("due") == checks.DUE_SOON else checks.OVERDUE


def _csv_response(services, when: str) -> HttpResponse:
    response = HttpResponse(checks.due_list_csv(services), content_type="text/csv; charset=utf-8")
    name = "forfaller-inom-30-dagar" if when == checks.DUE_SOON else "behover-kontrolleras"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


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
