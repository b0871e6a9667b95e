from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("sok/", views.SearchView.as_view(), name="search"),
    path("malgrupper/", views.TargetGroupListView.as_view(), name="target_group_list"),
    path(
        "malgrupper/<slug:key>/", views.TargetGroupDetailView.as_view(), name="target_group_detail"
    ),
    path("ingangar/", views.EntryRouteListView.as_view(), name="entry_route_list"),
    path("ingangar/<slug:key>/", views.EntryRouteDetailView.as_view(), name="entry_route_detail"),
    path("stodformer/", views.SupportFormListView.as_view(), name="support_form_list"),
    path(
        "stodformer/<slug:key>/", views.SupportFormDetailView.as_view(), name="support_form_detail"
    ),
    path("stodgivare/<slug:key>/", views.ProviderDetailView.as_view(), name="provider_detail"),
    path("teman/", views.TopicListView.as_view(), name="topic_list"),
    path("teman/<slug:key>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("stadsdelar/", views.DistrictListView.as_view(), name="district_list"),
    path("stadsdelar/<slug:key>/", views.DistrictDetailView.as_view(), name="district_detail"),
    path("goda-exempel/", views.GoodPracticeListView.as_view(), name="good_practice_list"),
    path(
        "goda-exempel/<slug:key>/",
        views.GoodPracticeDetailView.as_view(),
        name="good_practice_detail",
    ),
    path("metoder/", views.MethodListView.as_view(), name="method_list"),
    path("metoder/<slug:key>/", views.MethodDetailView.as_view(), name="method_detail"),
    path("lagrum/", views.LegalReferenceListView.as_view(), name="legal_reference_list"),
    path("externt-stod/", views.DirectoryView.as_view(), name="directory"),
    path(
        "externt-stod/<slug:key>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
]
