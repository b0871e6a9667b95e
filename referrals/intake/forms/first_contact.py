"""The first step: when, where and how the relative came into contact."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anhorigstod import roles
from guidance import models as g
from guidance.forms import district_choice, entry_route_choice
from referrals.fields import HAPPENED, date_field, yes_no_field


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
