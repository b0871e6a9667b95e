"""Guidance pages. Thin: each parses the request, asks a selector, renders."""

from django.views.generic import DetailView, ListView, TemplateView

from anhorigstod.roles import BROWSE_GUIDANCE, RoleRequiredMixin
from guidance import models


class GuidanceView(RoleRequiredMixin):
    permission_required = BROWSE_GUIDANCE


class StartView(GuidanceView, TemplateView):
    template_name = "guidance/start.html"


class SearchView(GuidanceView, TemplateView):
    template_name = "guidance/search.html"


class KeyedDetailView(GuidanceView, DetailView):
    slug_field = "key"
    slug_url_kwarg = "key"


class TargetGroupListView(GuidanceView, ListView):
    model = models.TargetGroup


class TargetGroupDetailView(KeyedDetailView):
    model = models.TargetGroup


class EntryRouteListView(GuidanceView, ListView):
    model = models.EntryRoute


class EntryRouteDetailView(KeyedDetailView):
    model = models.EntryRoute


class SupportFormListView(GuidanceView, ListView):
    model = models.SupportForm


class SupportFormDetailView(KeyedDetailView):
    model = models.SupportForm


class ProviderDetailView(KeyedDetailView):
    model = models.InternalProvider


class TopicListView(GuidanceView, ListView):
    model = models.Topic


class TopicDetailView(KeyedDetailView):
    model = models.Topic


class DistrictListView(GuidanceView, ListView):
    model = models.District


class DistrictDetailView(KeyedDetailView):
    model = models.District


class GoodPracticeListView(GuidanceView, ListView):
    model = models.GoodPractice


class GoodPracticeDetailView(KeyedDetailView):
    model = models.GoodPractice


class MethodListView(GuidanceView, ListView):
    model = models.Method


class MethodDetailView(KeyedDetailView):
    model = models.Method


class LegalReferenceListView(GuidanceView, ListView):
    model = models.LegalReference


class DirectoryView(GuidanceView, ListView):
    model = models.Service


class OrganisationDetailView(KeyedDetailView):
    model = models.Organisation
