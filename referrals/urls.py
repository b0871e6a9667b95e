from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.MyContactsView.as_view(), name="my_contacts"),
    path("start/", views.StartDraftView.as_view(), name="draft_start"),
    path("drafts/<uuid:pk>/", views.ResumeDraftView.as_view(), name="draft_resume"),
    path("drafts/<uuid:pk>/check/", views.CheckAnswersView.as_view(), name="draft_check"),
    path("drafts/<uuid:pk>/delete/", views.DeleteDraftView.as_view(), name="draft_delete"),
    path("drafts/<uuid:pk>/<slug:step>/", views.DraftStepView.as_view(), name="draft_step"),
    path("<str:reference>/", views.ContactDetailView.as_view(), name="contact_detail"),
    path("<str:reference>/handout/", views.HandoutView.as_view(), name="contact_handout"),
]
