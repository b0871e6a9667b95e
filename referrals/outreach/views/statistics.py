"""Statistics for the committee on outreach: the page and its CSV export.

Thin views: the form checks the shape of the year and district, and
``referrals.outreach.statistics`` counts, suppresses and writes the view or export
to the audit trail with the filters it used.
"""

import csv

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from guidance.forms import district_choice
from guidance.models import District
from referrals.outreach import statistics
from referrals.statistics.views import StatisticsMixin

# How many years back the committee may choose.
YEARS_SHOWN = 10


def _years() -> list[tuple[int, int]]:
    this_year = timezone.localdate().year
    return [(year, year) for year in range(this_year, this_year - YEARS_SHOWN, -1)]


class OutreachStatisticsForm(forms.Form):
    """The year of the incidents (this year when none is given) and a district."""

    year = forms.TypedChoiceField(
        label=_("År"),
        choices=_years,
        coerce=int,
        required=False,
        error_messages={"invalid_choice": _("Välj ett år i listan.")},
    )
    district = district_choice(
        queryset=District.objects.all(),
        required=False,
        empty_label=_("Hela staden"),
        error_messages={"invalid_choice": _("Välj en stadsdelsförvaltning i listan.")},
    )

    def filters(self) -> statistics.Filters:
        """The statistics' filters; call only on a valid form."""
        data = self.cleaned_data
        return statistics.Filters(
            year=data["year"] or timezone.localdate().year, district=data["district"]
        )


def _csv_url(request) -> str:
    query = request.GET.urlencode()
    url = reverse("referrals:outreach_statistics_csv")
    return f"{url}?{query}" if query else url


class OutreachStatisticsView(StatisticsMixin, TemplateView):
    template_name = "referrals/outreach/statistics.html"

    def get(self, request, *args, **kwargs):
        form = OutreachStatisticsForm(request.GET)
        figures = None
        if form.is_valid():
            figures = statistics.view_statistics(user=request.user, filters=form.filters())
        context = self.get_context_data(form=form, figures=figures, csv_url=_csv_url(request))
        return self.render_to_response(context)


class OutreachStatisticsCsvView(StatisticsMixin, View):
    """The page's tables as CSV for Excel: UTF-8 with BOM and semicolons."""

    def get(self, request):
        form = OutreachStatisticsForm(request.GET)
        if not form.is_valid():
            # The page shows what is wrong, next to the field.
            query = request.GET.urlencode()
            return redirect(f"{reverse('referrals:outreach_statistics')}?{query}")
        filters = form.filters()
        figures = statistics.export_statistics(user=request.user, filters=filters)
        details = filters.details()
        name = f"uppsokande-statistik-{details['year']}-{details['district'] or 'hela-staden'}"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response, delimiter=";")
        writer.writerow(statistics.CSV_HEADER)
        writer.writerows(statistics.csv_rows(figures))
        return response


urlpatterns = [
    path(
        "statistics/outreach/",
        OutreachStatisticsView.as_view(),
        name="outreach_statistics",
    ),
    path(
        "statistics/outreach/export.csv",
        OutreachStatisticsCsvView.as_view(),
        name="outreach_statistics_csv",
    ),
]
