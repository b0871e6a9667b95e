"""Outreach in the admin: who may register serious incidents per district, and the
routines' steps explained with the outreach rules' own numbers.

Incidents, plans, tasks and relatives reached are deliberately not registered:
they are case work, followed on the incident pages under the access rules of
``referrals.access``, and the administrator does not read them.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from anhorigstod import roles
from guidance.admin import districts as guidance_districts
from guidance.models import District, LocalRoutine
from referrals.outreach import rules
from referrals.outreach.models import IncidentRegistrar

# The roles whose holders register incidents; the administrators never do.
REGISTERING_ROLES = (roles.CASEWORKER, roles.CONSULTANT, roles.MANAGER)
REGISTRARS_TITLE = _("Får registrera allvarliga händelser")
WITHIN_DAYS_HELP = _(
    "Räknat från händelsen. Lämna tomt: uppgiften ska vara klar %(days)s dagar efter händelsen."
)


def registrar_candidates():
    """Active staff with a role that registers incidents, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=REGISTERING_ROLES)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def staff_label(user) -> str:
    """ "Kim Konsulent (konsulent)": the name, and the username that tells two apart."""
    name = user.get_full_name()
    return f"{name} ({user.get_username()})" if name else user.get_username()


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return staff_label(obj)


class IncidentRegistrarForm(forms.ModelForm):
    user = StaffChoiceField(
        queryset=get_user_model().objects.none(),
        label=_("Person"),
        help_text=_(
            "Aktiva handläggare, anhörigkonsulenter och chefer. Förvaltningens egna "
            "handläggare, anhörigkonsulenter och chefer behöver inte läggas till."
        ),
    )

    class Meta:
        model = IncidentRegistrar
        fields = ["district", "user", "function"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = registrar_candidates()  # type: ignore[attr-defined]


@admin.register(IncidentRegistrar)
class IncidentRegistrarAdmin(admin.ModelAdmin):
    form = IncidentRegistrarForm
    list_display = ["person", "district", "function"]
    list_filter = ["district"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "function"]
    list_select_related = ["user", "district"]

    @admin.display(description=_("person"), ordering="user__first_name")
    def person(self, obj):
        return staff_label(obj.user)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": REGISTRARS_TITLE}
        return super().changelist_view(request, extra_context)


class IncidentRegistrarInline(admin.TabularInline):
    """On a district's page: who may register incidents for it besides its own staff."""

    model = IncidentRegistrar
    form = IncidentRegistrarForm
    fields = ["user", "function"]
    extra = 0
    verbose_name = _("person som får registrera allvarliga händelser")
    verbose_name_plural = _(
        "Får registrera allvarliga händelser, utöver förvaltningens egna handläggare, "
        "anhörigkonsulenter och chefer"
    )


class OutreachRoutineStepInline(guidance_districts.RoutineStepInline):
    within_days_help_text = WITHIN_DAYS_HELP % {"days": rules.DEFAULT_TASK_DAYS}


# The guidance admins, with what outreach adds to them.
admin.site.unregister(District)
admin.site.unregister(LocalRoutine)


@admin.register(District)
class DistrictAdmin(guidance_districts.DistrictAdmin):
    inlines = [*guidance_districts.DistrictAdmin.inlines, IncidentRegistrarInline]


@admin.register(LocalRoutine)
class LocalRoutineAdmin(guidance_districts.LocalRoutineAdmin):
    inlines = [OutreachRoutineStepInline]
