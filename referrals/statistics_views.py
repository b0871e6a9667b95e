"""Statistics pages (being written)."""

from django.views.generic import TemplateView

from anhorigstod.roles import VIEW_STATISTICS, RoleRequiredMixin


class StatisticsView(RoleRequiredMixin, TemplateView):
    permission_required = VIEW_STATISTICS
    template_name = "referrals/statistics.html"


class StatisticsCsvView(StatisticsView):
    pass
