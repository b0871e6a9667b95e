from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from anhorigstod import account_views, health, views
from anhorigstod.forms import SignInForm

urlpatterns = [
    path("", include("guidance.urls")),
    path("", include("referrals.urls")),
    path("login/", auth_views.LoginView.as_view(form_class=SignInForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("two-factor/setup/", account_views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path(
        "two-factor/verify/", account_views.TwoFactorVerifyView.as_view(), name="two_factor_verify"
    ),
    path(
        "two-factor/recovery-codes/",
        account_views.RecoveryCodesView.as_view(),
        name="two_factor_recovery_codes",
    ),
    path(
        "two-factor/remove/", account_views.TwoFactorRemoveView.as_view(), name="two_factor_remove"
    ),
    path("account/", account_views.AccountSecurityView.as_view(), name="account_security"),
    path("session/keepalive/", account_views.KeepAliveView.as_view(), name="session_keepalive"),
    path("accessibility/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("health/", health.health, name="health"),
    path("admin/", admin.site.urls),
]
