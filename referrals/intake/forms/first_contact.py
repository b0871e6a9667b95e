"""The first step: the situation. When, where and how the relative came into
contact, which target groups apply, and the event behind the call where there is one
(a shooting or lethal violence calls for later questions and actions)."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anhorigstod import roles
from guidance import models as g
from guidance.forms import district_choice, entry_route_choice
from referrals.fields import HAPPENED, date_field, yes_no_field
from referrals.intake.choices import EventKind


class FirstContactForm(forms.Form):
    contact_date = date_field(
        _("Datum för kontakten"), validators=HAPPENED, initial=timezone.localdate
    )
    district = district_choice(
        queryset=g.District.objects.all(),
        empty_label=_("Välj förvaltning"),
        error_messages={"required": _("Välj stadsdelsförvaltning.")},
    )
    entry_route = entry_route_choice(
        label=_("Hur uppstod kontakten?"),
        queryset=g.EntryRoute.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Välj hur kontakten uppstod.")},
    )
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Målgrupp (flera kan gälla)"),
        queryset=g.TargetGroup.objects.all(),
        to_field_name="key",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en målgrupp.")},
    )
    event_kind = forms.ChoiceField(
        label=_("Har något hänt som kontakten gäller?"),
        choices=EventKind.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Till exempel att den närstående har skjutits eller dödats. Svaret avgör vilka "
            "frågor och vilka åtgärder som kommer sedan."
        ),
        error_messages={"required": _("Välj vad som har hänt, eller att inget sådant har hänt.")},
    )
    event_date = date_field(
        _("Datum för händelsen"),
        required=False,
        validators=HAPPENED,
        help_text=_("Bara om något har hänt. ÅÅÅÅ-MM-DD."),
    )
    is_known_to_service = yes_no_field(
        _("Är den närstående aktuell inom socialtjänsten?"),
        help_text=_("Har ett pågående ärende eller en insats."),
    )
    person_caseworker = forms.ModelChoiceField(
        label=_("Den närståendes handläggare"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Vet inte eller ingen av dessa"),
        help_text=_("Samma handläggare får inte handlägga både den närstående och den anhöriga."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person_caseworker"].queryset = (
            get_user_model()
            .objects.filter(groups__name=roles.CASEWORKER, is_active=True)
            .order_by("first_name", "last_name", "username")
        )
        self.fields["person_caseworker"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )

    def clean(self):
        cleaned = super().clean()
        kind, date = cleaned.get("event_kind"), cleaned.get("event_date")
        if kind == EventKind.NONE:
            cleaned["event_date"] = None  # a date without an event is not kept
        elif kind and "event_date" not in self.errors:
            if date is None:
                self.add_error("event_date", _("Ange när händelsen inträffade."))
            elif cleaned.get("contact_date") and date > cleaned["contact_date"]:
                self.add_error("event_date", _("Händelsen kan inte ha inträffat efter kontakten."))
        return cleaned
