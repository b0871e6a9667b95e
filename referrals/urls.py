from django.urls import path

from referrals import statistics_views, views

app_name = "referrals"

urlpatterns = [
    # The caseworker's guided path and own contacts
    path("contacts/", views.MyContactsView.as_view(), name="my_contacts"),
    path("contacts/start/", views.StartDraftView.as_view(), name="draft_start"),
    path("contacts/drafts/<uuid:pk>/", views.ResumeDraftView.as_view(), name="draft_resume"),
    path("contacts/drafts/<uuid:pk>/check/", views.CheckAnswersView.as_view(), name="draft_check"),
    path("contacts/drafts/<uuid:pk>/delete/", views.DeleteDraftView.as_view(), name="draft_delete"),
    path(
        "contacts/drafts/<uuid:pk>/<slug:step>/",
        views.DraftStepView.as_view(),
        name="draft_step",
    ),
    path("contacts/<str:reference>/", views.ContactDetailView.as_view(), name="contact_detail"),
    path(
        "contacts/<str:reference>/handout/",
        views.HandoutView.as_view(),
        name="contact_handout",
    ),
    # Statistics for the committee
    path("statistics/", statistics_views.StatisticsView.as_view(), name="statistics"),
    path(
        "statistics/export.csv",
        statistics_views.StatisticsCsvView.as_view(),
        name="statistics_csv",
    ),
]
