"""The administrator reads the audit trail; the user administrator manages staff;
neither reads case notes.

Contacts, referrals and sessions are deliberately not registered here. Nobody
changes their own roles, workplace or flags here (the fields are read-only, and
``anhorigstod.accounts`` refuses below the admin too).
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from anhorigstod import accounts
from referrals.models import StaffProfile
from referrals.outreach import admin as outreach_admin  # noqa: F401 - registers its admins
from referrals.staff_forms import (
    WORKPLACE_HELP,
    StaffPasswordChangeForm,
    StaffUserCreationForm,
    WorkplaceFormSet,
)


def _is_own(request, obj) -> bool:
    return obj is not None and obj.pk == request.user.pk


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    formset = WorkplaceFormSet
    can_delete = False
    verbose_name_plural = _("arbetsplats")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if "provider" in formset.form.base_fields:
            formset.form.base_fields["provider"].help_text = WORKPLACE_HELP
        return formset

    def get_readonly_fields(self, request, obj=None):
        if _is_own(request, obj):
            return ["district", "provider"]
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        return not _is_own(request, obj) and super().has_add_permission(request, obj)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    inlines = [StaffProfileInline]
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff", "has_app"]
    list_filter = ["groups", "is_active", "is_staff"]
    actions = ["reset_two_factor"]
    # One screen: the account, its role and its workplace, saved together in the
    # admin's transaction, so no account exists without a role (staff_forms).
    add_form = StaffUserCreationForm
    change_password_form = StaffPasswordChangeForm
    add_form_template = "admin/auth/user/staff_add_form.html"
    add_fieldsets = (
        (
            _("Konto"),
            {"fields": ("username", "first_name", "last_name", "email", "password1", "password2")},
        ),
        (_("Roll"), {"fields": ("role",)}),
        (_("Arbetsplats"), {"fields": ("provider", "district")}),
    )

    def get_inlines(self, request, obj):
        # The add form has the workplace fields itself.
        return [] if obj is None else super().get_inlines(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        # Django's UserAdmin sends the administrator on to a second screen;
        # everything is already set here.
        return admin.ModelAdmin.response_add(self, request, obj, post_url_continue)

    def get_queryset(self, request):
        users = (
            super()
            .get_queryset(request)
            .annotate(
                _has_app=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))
            )
        )
        # Only a superuser sees or changes a superuser's account.
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    @admin.display(boolean=True, description=_("tvåfaktor"))
    def has_app(self, obj):
        return obj._has_app

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Only a superuser hands out superuser rights or raw permissions.
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions", "last_login", "date_joined"]
        # Nobody gives themselves roles, or turns their own account on or off.
        if _is_own(request, obj):
            fields += ["groups", "is_active", "is_staff", "is_superuser", "user_permissions"]
        return list(dict.fromkeys(fields))

    @admin.action(
        description=_("Återställ tvåfaktorsinloggning (tar bort app och reservkoder)"),
        permissions=["change"],
    )
    def reset_two_factor(self, request, queryset):
        users = list(queryset)
        for user in users:
            accounts.remove_two_factor(user, actor=request.user, reset=True)
        self.message_user(
            request,
            ngettext(
                "Tvåfaktorsinloggningen är återställd för %(count)d användare. De får "
                "koppla en ny app vid nästa inloggning.",
                "Tvåfaktorsinloggningen är återställd för %(count)d användare. De får "
                "koppla en ny app vid nästa inloggning.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )
