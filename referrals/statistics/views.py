"""Statistics for the committee: the page, its print view and the CSV export.

Thin views: the filter form checks the shape of the period and district, and
``referrals.statistics.services`` builds the report and writes the view or export
to the audit trail with the filters it used. The views only read the request,
delegate and render; they write nothing themselves (a test parses this module to
hold that). Every filter state is a plain GET URL. The monthly figures are
computed every night; ``StatisticsComputeView`` computes them on request, before
a committee report.
"""

import csv

from django import forms
from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from anhorigstod.roles import VIEW_STATISTICS, RoleRequiredMixin
from guidance.forms import district_choice
from guidance.models import District
from referrals.fields import month_field
from referrals.statistics import export as statistics_export
from referrals.statistics import rollup, services


class StatisticsFilterForm(forms.Form):
    """Period (whole months of the contact date) and district; all optional, none
    means everything."""

    month_from = month_field(_("Från och med månad"), required=False)
    month_to = month_field(_("Till och med månad"), required=False)
    district = district_choice(
        queryset=District.objects.all(),
        required=False,
        empty_label=_("Hela staden"),
        error_messages={"invalid_choice": _("Välj en stadsdelsförvaltning i listan.")},
    )

    def clean(self):
        data = super().clean()
        month_from, month_to = data.get("month_from"), data.get("month_to")
        if month_from and month_to and month_to < month_from:
            self.add_error("month_to", _("Slutmånaden kan inte ligga före startmånaden."))
        return data

    def filters(self) -> services.Filters:
        """The report's filters; call only on a valid form."""
        data = self.cleaned_data
        return services.Filters(
            month_from=data["month_from"], month_to=data["month_to"], district=data["district"]
        )


def _url(name: str, query: QueryDict, **extra: str) -> str:
    """A URL with the filters of ``query`` (the print switch left out) and ``extra``."""
    query = query.copy()
    query.pop("print", None)
    for key, value in extra.items():
        query[key] = value
    return f"{reverse(name)}?{query.urlencode()}" if query else reverse(name)


class StatisticsMixin(RoleRequiredMixin):
    permission_required = VIEW_STATISTICS


class StatisticsView(StatisticsMixin, TemplateView):
    template_name = "referrals/statistics.html"

    def get(self, request, *args, **kwargs):
        form = StatisticsFilterForm(request.GET)
        print_view = request.GET.get("print") == "1"
        report = None
        if form.is_valid():
            report = services.view_report(
                user=request.user, filters=form.filters(), print_view=print_view
            )
        context = self.get_context_data(
            form=form,
            report=report,
            print_view=print_view,
            back_url=_url("referrals:statistics", request.GET),
            print_url=_url("referrals:statistics", request.GET, print="1"),
            csv_url=_url("referrals:statistics_csv", request.GET),
            compute_url=_url("referrals:statistics_compute", request.GET),
        )
        return self.render_to_response(context)


class StatisticsCsvView(StatisticsMixin, View):
    """The same tables as the page, as CSV for Excel: UTF-8 with BOM, semicolons
    and decimal commas, as Swedish Excel expects."""

    def get(self, request):
        form = StatisticsFilterForm(request.GET)
        if not form.is_valid():
            # The page shows what is wrong, next to the field.
            return redirect(_url("referrals:statistics", request.GET))
        filters = form.filters()
        report = services.export_report(user=request.user, filters=filters)
        details = filters.details()
        name = "-".join(
            [
                "anhorigstod-statistik",
                details["month_from"] or "start",
                details["month_to"] or "idag",
                details["district"] or "hela-staden",
            ]
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(["avsnitt", "kategori", "antal"])
        writer.writerows(statistics_export.to_csv_rows(report))
        return response


class StatisticsComputeView(StatisticsMixin, View):
    """Compute the monthly figures now (they are also computed every night), then
    back to the page with the same filters. Computing twice is harmless."""

    http_method_names = ["post"]

    def post(self, request):
        run, computed = services.compute_on_request(user=request.user)
        if computed:
            messages.success(
                request, _("Statistiken är beräknad på nytt med alla uppgifter till nu.")
            )
        else:
            minutes = max(1, round(rollup.RECOMPUTE_AFTER_SECONDS / 60))
            messages.info(
                request,
                ngettext(
                    "Statistiken beräknades nyss (%(time)s) och visas nedan. Vänta en minut "
                    "om du vill beräkna den igen.",
                    "Statistiken beräknades nyss (%(time)s) och visas nedan. Vänta "
                    "%(minutes)s minuter om du vill beräkna den igen.",
                    minutes,
                )
                % {
                    "time": date_format(timezone.localtime(run.finished_at), "H:i"),
                    "minutes": minutes,
                },
            )
        return redirect(_url("referrals:statistics", request.GET))
