"""Guidance pages. Thin: each parses the request, asks a selector, renders.

Every page needs the ``browse_guidance`` permission (all three roles have it);
login itself is enforced for every URL by ``LoginRequiredMiddleware``. Any
page renders as a print view with ``?print=1``.
"""

from django.views.generic import DetailView, ListView, TemplateView

from anhorigstod.fragments import cached_form
from anhorigstod.pagination import WindowCountedPaginator
from anhorigstod.roles import BROWSE_GUIDANCE, RoleRequiredMixin
from guidance import search, selectors
from guidance.forms import DirectoryFilterForm, SearchForm


class GuidanceView(RoleRequiredMixin):
    permission_required = BROWSE_GUIDANCE

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["print_view"] = self.request.GET.get("print") == "1"
        return context


class StartView(GuidanceView, TemplateView):
    template_name = "guidance/start.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **selectors.start_page_lists(),
            start_lists_seconds=selectors.START_LISTS_KEPT_SECONDS,
            **kwargs,
        )


class SearchView(GuidanceView, TemplateView):
    template_name = "guidance/search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        hits = search.search(query=query) if query else []
        return super().get_context_data(form=form, query=query, hits=hits, **kwargs)


class KeyedDetailView(GuidanceView, DetailView):
    slug_field = "key"
    slug_url_kwarg = "key"


class TargetGroupListView(GuidanceView, ListView):
    queryset = selectors.target_groups()


class TargetGroupDetailView(KeyedDetailView):
    queryset = selectors.target_group_detail()


class EntryRouteListView(GuidanceView, ListView):
    queryset = selectors.entry_routes()


class EntryRouteDetailView(KeyedDetailView):
    queryset = selectors.entry_routes()


class SupportFormListView(GuidanceView, ListView):
    queryset = selectors.support_forms()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["providers"] = selectors.providers()
        return context


class SupportFormDetailView(KeyedDetailView):
    queryset = selectors.support_forms()


class ProviderDetailView(KeyedDetailView):
    queryset = selectors.providers()
    template_name = "guidance/provider_detail.html"


class TopicListView(GuidanceView, ListView):
    queryset = selectors.topics()


class TopicDetailView(KeyedDetailView):
    queryset = selectors.topics()


class DistrictListView(GuidanceView, ListView):
    queryset = selectors.districts()

    def get_context_data(self, **kwargs):
        kwargs["city_default_routines"] = selectors.city_default_routines()
        return super().get_context_data(**kwargs)


class DistrictDetailView(KeyedDetailView):
    queryset = selectors.district_detail()

    def get_context_data(self, **kwargs):
        kwargs["city_default_routines"] = selectors.city_default_routines()
        return super().get_context_data(**kwargs)


class GoodPracticeListView(GuidanceView, ListView):
    queryset = selectors.good_practices()


class GoodPracticeDetailView(KeyedDetailView):
    queryset = selectors.good_practices()


class MethodListView(GuidanceView, ListView):
    queryset = selectors.methods()


class MethodDetailView(KeyedDetailView):
    queryset = selectors.methods()


class LegalReferenceListView(GuidanceView, ListView):
    queryset = selectors.legal_references()


class DirectoryView(GuidanceView, ListView):
    template_name = "guidance/directory.html"
    context_object_name = "services"
    # A city's directory holds hundreds of services; a filter still matches many.
    paginate_by = 25
    paginator_class = WindowCountedPaginator

    def get_queryset(self):
        self.filter_form = DirectoryFilterForm(self.request.GET)
        return selectors.directory_services(**self.filter_form.filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        if not context["print_view"]:
            context["filter_form_html"] = cached_form(
                self.filter_form, template_name="guidance/_directory_filter.html"
            )
        query = self.request.GET.copy()
        query.pop("page", None)
        context["page_query"] = query.urlencode()
        return context


class OrganisationDetailView(KeyedDetailView):
    queryset = selectors.organisations()
