"""The directory in and out (a mixin of ``ServiceAdmin``): export as CSV and
HSDS 3 JSON, import a CSV of changes with a preview.

The import is two requests. The upload is parsed, tried in a dry run (planned
and written inside a transaction that is rolled back) and shown as a preview;
the parsed rows and the preview's digest stay in the session under a token.
"Genomför" sends only the token: the rows come from the session, never from a
re-posted file, and are written only if the plan is still the one shown. Each
saved entry gets a history entry (who, when, "Import från CSV") and a line in
the admin's own log; guidance is not in the audit trail, which records
personal data.
"""

import json
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guidance.admin.base import GuidanceAdmin
from guidance.directory_io.columns import EXPLANATION
from guidance.directory_io.export import directory_csv
from guidance.directory_io.hsds import directory_hsds
from guidance.directory_io.importing import CHANGE_REASON, StalePreview, apply_import
from guidance.directory_io.parsing import MAX_BYTES, parse_csv

SESSION_KEY = "guidance_directory_import"
EXPORT_PERMISSIONS = ("guidance.view_service", "guidance.view_organisation")
IMPORT_PERMISSIONS = (
    "guidance.add_service",
    "guidance.change_service",
    "guidance.add_organisation",
    "guidance.change_organisation",
)
STATUS_LABELS = {
    "new": gettext_lazy("Ny"),
    "changed": gettext_lazy("Ändras"),
    "unchanged": gettext_lazy("Oförändrad"),
    "error": gettext_lazy("Fel"),
}


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV-fil"), help_text=EXPLANATION)


def _attachment(content, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class TransferAdmin(GuidanceAdmin):
    """Export and import in the service admin."""

    change_list_template = "admin/guidance/service/transfer/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            path("export/csv/", view(self.export_csv_view), name="guidance_service_export_csv"),
            path("export/hsds/", view(self.export_hsds_view), name="guidance_service_export_hsds"),
            path("import/", view(self.import_view), name="guidance_service_import"),
        ]
        return urls + super().get_urls()

    def has_export_permission(self, request) -> bool:
        return request.user.has_perms(EXPORT_PERMISSIONS)

    def has_import_permission(self, request) -> bool:
        return request.user.has_perms(IMPORT_PERMISSIONS)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_export_directory": self.has_export_permission(request),
            "can_import_directory": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def export_csv_view(self, request):
        if not self.has_export_permission(request):
            raise PermissionDenied
        name = f"stodkatalog-{timezone.localdate().isoformat()}.csv"
        return _attachment(directory_csv(), "text/csv; charset=utf-8", name)

    def export_hsds_view(self, request):
        if not self.has_export_permission(request):
            raise PermissionDenied
        content = json.dumps(directory_hsds(), ensure_ascii=False, indent=2)
        name = f"stodkatalog-hsds-{timezone.localdate().isoformat()}.json"
        return _attachment(content, "application/json; charset=utf-8", name)

    def import_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "token" in request.POST:
            return self._confirm_import(request)
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            # One byte past the limit is enough for parse_csv to refuse the file.
            parsed = parse_csv(form.cleaned_data["file"].read(MAX_BYTES + 1))
            for error in parsed.errors:
                form.add_error("file", error)
            if not parsed.errors:
                return self._preview(request, parsed.rows, form.cleaned_data["file"].name)
        return self._render(request, "upload.html", {"form": form})

    def _preview(self, request, rows: list[dict], file_name: str):
        """A dry run: everything is planned and written, then rolled back."""
        plan = apply_import(rows=rows, user=request.user, dry_run=True)
        token = secrets.token_urlsafe(16)
        if not plan.has_errors:
            request.session[SESSION_KEY] = {
                "token": token,
                "rows": rows,
                "digest": plan.digest(),
                "file_name": file_name,
            }
        context = {
            "plan": plan,
            "shown_rows": [row for row in plan.rows if row.status != "unchanged"],
            "status_labels": STATUS_LABELS,
            "token": token,
            "file_name": file_name,
        }
        return self._render(request, "preview.html", context)

    def _confirm_import(self, request):
        pending = request.session.get(SESSION_KEY)
        if not pending or not secrets.compare_digest(pending["token"], request.POST["token"]):
            messages.error(
                request, _("Förhandsgranskningen finns inte längre. Ladda upp filen igen.")
            )
            return redirect("admin:guidance_service_import")
        try:
            plan = apply_import(
                rows=pending["rows"], user=request.user, expected_digest=pending["digest"]
            )
        except StalePreview:
            plan = None
        del request.session[SESSION_KEY]
        if plan is None or plan.has_errors:
            messages.error(
                request,
                _("Katalogen har ändrats sedan förhandsgranskningen. Ladda upp filen igen."),
            )
            return redirect("admin:guidance_service_import")
        self._log(request, plan)
        messages.success(
            request,
            _("Importen är genomförd: %(new)d nya, %(changed)d ändrade, %(unchanged)d oförändrade.")
            % plan.counts,
        )
        return redirect("admin:guidance_service_changelist")

    def _log(self, request, plan) -> None:
        """A line per saved entry in the admin's own log (who, when, what)."""
        for row in plan.rows:
            if row.status == "new":
                self.log_addition(request, row.service, CHANGE_REASON)
            elif row.status == "changed":
                fields = ", ".join(change.field for change in row.changes)
                self.log_change(request, row.service, f"{CHANGE_REASON}: {fields}")

    def _render(self, request, template: str, context: dict):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Läs in ändringar i stödkatalogen"),
            "changelist_url": reverse("admin:guidance_service_changelist"),
            **context,
        }
        return TemplateResponse(request, f"admin/guidance/service/transfer/{template}", context)
