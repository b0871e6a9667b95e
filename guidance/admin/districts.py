"""The districts, their contacts and routines, and who owns the content.

The routine after a shooting or lethal violence is what an outreach plan is made
from: the list shows every district with its routine or the note that the city
default is used, the city default can be changed but not deleted, and the
routine's history page shows its steps' changes too.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.admin.utils import unquote
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from guidance import models as m
from guidance.admin.base import GuidanceAdmin, HistoryAdmin
from guidance.admin.directory import SOURCE_FIELDSET, KeyLockedAfterCreation, credit_new_entry
from guidance.admin.forms import DirectoryEntryForm, key_from_name

CITY_DEFAULT_LABEL = _("Stadens standardrutin")
WITHOUT_OWN_ROUTINE = _("Saknar egen rutin – stadens standardrutin används")
DEFAULT_UNDELETABLE = _(
    "Stadens standardrutin kan inte tas bort: förvaltningar utan egen rutin får sin "
    "uppsökande plan från den. Ändra rutinen och dess steg i stället."
)
DEFAULT_STAYS = _(
    "Stadens standardrutin gäller förvaltningar utan egen rutin och kan inte flyttas "
    "till en förvaltning. Lägg i stället till en ny rutin för förvaltningen."
)
ONE_DEFAULT = _(
    "Det finns redan en standardrutin för den situationen. Välj förvaltningen rutinen gäller."
)


@admin.register(m.District)
class DistrictAdmin(GuidanceAdmin):
    list_display = [
        "name",
        "has_sig",
        "sig_provided_by",
        "reception_phone",
        "contact_verified_at",
        "locally_edited",
    ]
    list_filter = ["has_sig", "locally_edited", "contact_verified_at"]
    search_fields = ["key", "name"]
    list_select_related = ["sig_provided_by"]
    fieldsets = [
        (_("Om förvaltningen"), {"fields": ["key", "name", "summary", "relative_support"]}),
        (
            _("Kontakt"),
            {
                "fields": [
                    "reception_name",
                    "reception_phone",
                    "mailbox",
                    "address",
                    "relative_consultant_contact",
                    "contact_details_source",
                    "contact_verified_at",
                ]
            },
        ),
        (_("SIG"), {"fields": ["has_sig", "sig_provided_by"]}),
        (
            _("Redaktionellt"),
            {
                "fields": [
                    "editor_note",
                    "source_document",
                    "source_section",
                    "locally_edited",
                    "updated_at",
                ]
            },
        ),
    ]


class RoutineStepInlineFormSet(forms.BaseInlineFormSet):
    """A step added in the admin gets its key from its routine: "<rutin>-steg-5"."""

    def clean(self):
        super().clean()
        taken: set[str] = set()
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or self._should_delete_form(form):
                continue
            step = form.instance
            if step._state.adding and not step.key:
                base = f"{self.instance.key}-steg-{step.order}"
                step.key = key_from_name(base, model=m.RoutineStep, taken=taken)
            taken.add(step.key)


class RoutineStepInline(admin.TabularInline):
    model = m.RoutineStep
    formset = RoutineStepInlineFormSet
    extra = 0
    fields = ["order", "action", "responsible", "within_days", "key"]
    readonly_fields = ["key"]
    # What an empty number of days means: the outreach admin fills it in with the
    # outreach rules' own number (``referrals.outreach.admin``).
    within_days_help_text: str | None = None

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if self.within_days_help_text and "within_days" in formset.form.base_fields:
            formset.form.base_fields["within_days"].help_text = self.within_days_help_text
        return formset


class RoutineDistrictFilter(admin.SimpleListFilter):
    """By district, with the city default (no district) as a choice of its own."""

    title = _("stadsdelsförvaltning")
    parameter_name = "forvaltning"
    CITY_DEFAULT = "stadens-standard"

    def lookups(self, request, model_admin):
        return [(self.CITY_DEFAULT, CITY_DEFAULT_LABEL)] + [
            (district.key, district.name) for district in m.District.objects.all()
        ]

    def queryset(self, request, queryset):
        if self.value() == self.CITY_DEFAULT:
            return queryset.filter(district__isnull=True)
        if self.value():
            return queryset.filter(district__key=self.value())
        return queryset


def is_protected_default(routine: m.LocalRoutine | None) -> bool:
    """The city's default routine after serious violence: every district without a
    routine of its own gets its outreach plan from it, so it is never deleted."""
    return (
        routine is not None
        and routine.district_id is None
        and routine.applies_when == m.LocalRoutine.AppliesWhen.SERIOUS_VIOLENCE
    )


def districts_overview() -> list[dict]:
    """Every district with its routine after serious violence, or none."""
    own = {
        routine.district_id: routine
        for routine in m.LocalRoutine.objects.filter(
            applies_when=m.LocalRoutine.AppliesWhen.SERIOUS_VIOLENCE, district__isnull=False
        ).order_by("-pk")
    }
    return [
        {"district": district, "routine": own.get(district.pk)}
        for district in m.District.objects.order_by("name")
    ]


class LocalRoutineAdminForm(DirectoryEntryForm):
    """Key from the name, "Tillagd av administratör" as the source, and the city
    default kept: never moved to a district, never a second one."""

    class Meta:
        model = m.LocalRoutine
        fields = [
            "name", "district", "applies_when", "summary",
            "key", "source_document", "source_section", "editor_note",
        ]  # fmt: skip

    def names_to_compare(self, cleaned):
        return m.LocalRoutine.objects.filter(
            district=cleaned.get("district"), applies_when=cleaned.get("applies_when")
        )

    def clean(self):
        cleaned = super().clean()
        district, applies_when = cleaned.get("district"), cleaned.get("applies_when")
        stored = None
        if self.instance.pk:
            stored = m.LocalRoutine.objects.filter(pk=self.instance.pk).first()
        if is_protected_default(stored) and (
            district is not None or applies_when != stored.applies_when  # type: ignore[union-attr]
        ):
            self.add_error("district", DEFAULT_STAYS)
        elif district is None and applies_when:
            others = m.LocalRoutine.objects.filter(district=None, applies_when=applies_when)
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error("district", ONE_DEFAULT)
        return cleaned


@admin.action(permissions=["delete"], description=_("Delete selected %(verbose_name_plural)s"))
def delete_selected(modeladmin, request, queryset):
    """Django's own action, refused when the city default is among those ticked."""
    if any(is_protected_default(routine) for routine in queryset):
        modeladmin.message_user(request, DEFAULT_UNDELETABLE, messages.ERROR)
        return None
    return django_delete_selected(modeladmin, request, queryset)


@admin.register(m.LocalRoutine)
class LocalRoutineAdmin(KeyLockedAfterCreation, GuidanceAdmin):
    """Each district's routines and the city default, with the steps' history on
    the routine's history page (``templates/admin/guidance/localroutine``)."""

    form = LocalRoutineAdminForm
    list_display = ["name", "district_or_default", "applies_when", "locally_edited"]
    list_filter = [RoutineDistrictFilter, "applies_when", "locally_edited"]  # type: ignore[list-item]
    search_fields = ["key", "name", "district__name"]
    list_select_related = ["district"]
    inlines = [RoutineStepInline]
    actions = [delete_selected]
    object_history_template = "admin/guidance/localroutine/object_history.html"
    fieldsets = [
        (
            _("Om rutinen"),
            {"fields": ["name", "confirm_similar_name", "district", "applies_when", "summary"]},
        ),
        SOURCE_FIELDSET,
    ]

    @admin.display(description=_("stadsdelsförvaltning"), ordering="district__name")
    def district_or_default(self, obj):
        return obj.district.name if obj.district_id else CITY_DEFAULT_LABEL

    def save_model(self, request, obj, form, change):
        if not change:
            credit_new_entry(request, obj)
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return not is_protected_default(obj) and super().has_delete_permission(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        routine = self.get_object(request, unquote(object_id))
        if is_protected_default(routine):
            self.message_user(request, DEFAULT_UNDELETABLE, messages.ERROR)
            return redirect("admin:guidance_localroutine_change", routine.pk)  # type: ignore[union-attr]
        return super().delete_view(request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "districts_overview": districts_overview()}
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        routine = self.get_object(request, unquote(object_id))
        extra_context = {**(extra_context or {}), "is_city_default": is_protected_default(routine)}
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        steps = (
            m.RoutineStep.history.filter(routine_id=unquote(object_id))
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
        )
        extra_context = {**(extra_context or {}), "step_history": steps}
        return super().history_view(request, object_id, extra_context)


@admin.register(m.ContentOwner)
class ContentOwnerAdmin(HistoryAdmin):
    """One row: it can be changed, never added twice or deleted."""

    list_display = ["name", "email"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not m.ContentOwner.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
