from django.urls import path

from referrals.follow_up import views as follow_up_views
from referrals.intake import views
from referrals.outreach import urls as outreach_urls
from referrals.statistics import views as statistics_views

app_name = "referrals"

urlpatterns = [
    # The caseworker's guided path and own contacts
    path("contacts/", views.MyContactsView.as_view(), name="my_contacts"),
    path("contacts/start/", views.StartDraftView.as_view(), name="draft_start"),
    path("contacts/drafts/<uuid:pk>/", views.ResumeDraftView.as_view(), name="draft_resume"),
    path("contacts/drafts/<uuid:pk>/check/", views.CheckAnswersView.as_view(), name="draft_check"),
    path("contacts/drafts/<uuid:pk>/delete/", views.DeleteDraftView.as_view(), name="draft_delete"),
    path("contacts/drafts/<uuid:pk>/label/", views.DraftLabelView.as_view(), name="draft_label"),
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
    path(
        "contacts/<str:reference>/withdraw-consent/",
        follow_up_views.ContactWithdrawConsentView.as_view(),
        name="contact_withdraw_consent",
    ),
    path(
        "contacts/referrals/<str:reference>/outcome/",
        follow_up_views.ExternalOutcomeView.as_view(),
        name="contact_external_outcome",
    ),
    path(
        "contacts/referrals/<str:reference>/withdraw/",
        follow_up_views.ReferralWithdrawView.as_view(),
        name="contact_referral_withdraw",
    ),
    path(
        "notifications/read/",
        follow_up_views.NotificationsReadView.as_view(),
        name="notifications_read",
    ),
    # The consultant's inbox and follow-up
    path("referrals/", follow_up_views.InboxView.as_view(), name="inbox"),
    path("referrals/follow-up/", follow_up_views.FollowUpView.as_view(), name="follow_up"),
    path(
        "referrals/<str:reference>/",
        follow_up_views.ReferralDetailView.as_view(),
        name="referral_detail",
    ),
    path(
        "referrals/<str:reference>/move/<slug:action>/",
        follow_up_views.ReferralMoveView.as_view(),
        name="referral_move",
    ),
    path(
        "referrals/<str:reference>/sessions/",
        follow_up_views.SessionCreateView.as_view(),
        name="referral_session",
    ),
    path(
        "referrals/<str:reference>/withdraw-consent/",
        follow_up_views.ReferralWithdrawConsentView.as_view(),
        name="referral_withdraw_consent",
    ),
    # Statistics for the committee
    path("statistics/", statistics_views.StatisticsView.as_view(), name="statistics"),
    path(
        "statistics/compute/",
        statistics_views.StatisticsComputeView.as_view(),
        name="statistics_compute",
    ),
    path(
        "statistics/export.csv",
        statistics_views.StatisticsCsvView.as_view(),
        name="statistics_csv",
    ),
]
# Outreach after a shooting or lethal violence
urlpatterns += outreach_urls.urlpatterns
