from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("target-groups/", views.TargetGroupListView.as_view(), name="target_group_list"),
    path(
        "target-groups/<slug:key>/",
        views.TargetGroupDetailView.as_view(),
        name="target_group_detail",
    ),
    path("entry-routes/", views.EntryRouteListView.as_view(), name="entry_route_list"),
    path(
        "entry-routes/<slug:key>/", views.EntryRouteDetailView.as_view(), name="entry_route_detail"
    ),
    path("support-forms/", views.SupportFormListView.as_view(), name="support_form_list"),
    path(
        "support-forms/<slug:key>/",
        views.SupportFormDetailView.as_view(),
        name="support_form_detail",
    ),
    path("providers/<slug:key>/", views.ProviderDetailView.as_view(), name="provider_detail"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:key>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("districts/", views.DistrictListView.as_view(), name="district_list"),
    path("districts/<slug:key>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("good-practice/", views.GoodPracticeListView.as_view(), name="good_practice_list"),
    path(
        "good-practice/<slug:key>/",
        views.GoodPracticeDetailView.as_view(),
        name="good_practice_detail",
    ),
    path("methods/", views.MethodListView.as_view(), name="method_list"),
    path("methods/<slug:key>/", views.MethodDetailView.as_view(), name="method_detail"),
    path("legal-references/", views.LegalReferenceListView.as_view(), name="legal_reference_list"),
    path("directory/", views.DirectoryView.as_view(), name="directory"),
    path(
        "directory/<slug:key>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
]
