"""The follow-up's forms: moves with the version they were made on, sessions,
consent withdrawal, external outcomes and the inbox filter."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anhorigstod.input_checks import IdListField
from guidance import models as g
from guidance.forms import entry_route_choice, target_group_choice
from referrals import models as r
from referrals.fields import date_field, not_in_future, not_in_past


class VersionedForm(forms.Form):
    """Carries the referral version the page showed, to catch concurrent changes."""

    # Its visible fields show fixed choices and guidance, never the relative: kept
    # rendered while empty (anhorigstod.fragments.cached_fields).
    fields_cacheable = True
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class DeclineForm(VersionedForm):
    decline_reason = forms.ChoiceField(
        label=_("Skäl"),
        choices=[("", _("Välj skäl")), *r.Referral.DeclineReason.choices],
        error_messages={"required": _("Välj ett skäl.")},
    )


class BookFirstTalkForm(VersionedForm):
    first_talk_on = date_field(_("Datum för första samtalet"), validators=[not_in_past])


class RebookFirstTalkForm(VersionedForm):
    first_talk_on = date_field(_("Nytt datum för första samtalet"), validators=[not_in_past])


class WithdrawReferralForm(VersionedForm):
    withdrawal_reason = forms.CharField(
        label=_("Varför återkallas hänvisningen?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mottagaren får ett meddelande med skälet. Skriv inga personuppgifter."),
        error_messages={
            "required": _("Skriv varför hänvisningen återkallas."),
            "max_length": _("Skälet kan vara högst 500 tecken."),
        },
    )


class CloseForm(VersionedForm):
    outcome = forms.ChoiceField(
        label=_("Utfall"),
        choices=[("", _("Välj utfall")), *r.Referral.Outcome.choices],
        error_messages={"required": _("Välj ett utfall.")},
    )


class ForwardForm(VersionedForm):
    forward_to_provider = forms.ModelChoiceField(
        label=_("Till enhet"),
        queryset=g.InternalProvider.objects.all(),
        to_field_name="key",
        empty_label=_("Välj enhet"),
        error_messages={"required": _("Välj enhet.")},
    )
    forward_to_district = forms.ModelChoiceField(
        label=_("I stadsdelsförvaltning"),
        queryset=g.District.objects.all(),
        to_field_name="key",
        required=False,
        empty_label=_("Stadsövergripande"),
    )

    def clean(self):
        cleaned = super().clean()
        provider = cleaned.get("forward_to_provider")
        if provider and not provider.city_wide and not cleaned.get("forward_to_district"):
            self.add_error("forward_to_district", _("Välj stadsdelsförvaltning för enheten."))
        return cleaned


class SessionForm(VersionedForm):
    held_on = date_field(_("Datum"), validators=[not_in_future], initial=timezone.localdate)
    form = forms.ChoiceField(
        label=_("Form"),
        choices=r.SupportSession.Form.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj form för samtalet.")},
    )
    attended = forms.BooleanField(label=_("Den anhöriga deltog"), required=False, initial=True)
    minutes = forms.IntegerField(
        label=_("Längd i minuter"),
        required=False,
        min_value=1,
        max_value=600,
        error_messages={
            "invalid": _("Ange längden som ett heltal."),
            "min_value": _("Längden måste vara minst 1 minut."),
            "max_value": _("Längden kan vara högst 600 minuter."),
        },
    )
    ors_score = forms.DecimalField(
        label=_("ORS-skattning (0–40)"),
        required=False,
        min_value=0,
        max_value=40,
        max_digits=3,
        decimal_places=1,
        localize=True,
        error_messages={
            "invalid": _("Ange ORS som ett tal mellan 0 och 40, till exempel 23,5."),
            "min_value": _("ORS kan inte vara lägre än 0."),
            "max_value": _("ORS kan inte vara högre än 40."),
            "max_digits": _("Ange ORS som ett tal mellan 0 och 40, till exempel 23,5."),
            "max_decimal_places": _("ORS anges med högst en decimal."),
        },
    )
    note = forms.CharField(
        label=_("Kort anteckning"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    concerns = forms.CharField(
        label=_("Oro att lyfta med den hänvisande handläggaren"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Handläggaren får ett meddelande i portalen."),
    )


class ExternalOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hur gick det?"),
        choices=[("", _("Välj")), *r.Referral.ExternalOutcome.choices],
        error_messages={"required": _("Välj hur det gick.")},
    )


class WithdrawConsentForm(forms.Form):
    consent = forms.ModelChoiceField(
        label=_("Samtycke"),
        queryset=r.Consent.objects.none(),
        empty_label=None,
        error_messages={"required": _("Välj samtycke.")},
    )
    withdrawn_on = date_field(
        _("Återkallat datum"), validators=[not_in_future], initial=timezone.localdate
    )
    scope = forms.CharField(
        label=_("Vad återkallelsen gäller"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Beskriv vad återkallelsen gäller.")},
    )

    def __init__(self, *args, contact=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contact is not None:
            field = self.fields["consent"]
            # Any of the contact's consents is accepted, so one withdrawn meanwhile (in
            # another tab) reaches the service, which says so in a whole sentence instead
            # of "not a valid choice"; only those still in force are offered. Read from
            # ``consents.all()``, which the contact and referral pages prefetch.
            field.queryset = contact.consents.all()
            field.choices = [
                (consent.pk, field.label_from_instance(consent))
                for consent in contact.consents.all()
                if consent.is_active
            ]


ALL_STATUSES = "all"


class InboxFilterForm(forms.Form):
    # The select boxes read only what an option shows, not the guidance text.
    # Unless asked for, the inbox shows the referrals still being worked on: a unit
    # receives thousands over the years, and the finished ones need nothing done.
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("Pågående")),
            (ALL_STATUSES, _("Alla")),
            *r.Referral.Status.choices,
        ],
        required=False,
    )
    target_group = target_group_choice(required=False, empty_label=_("Alla"))
    entry_route = entry_route_choice(required=False, empty_label=_("Alla"))
    date_from = date_field(_("Från"), required=False)
    date_to = date_field(_("Till"), required=False)
    overdue = forms.BooleanField(label=_("Bara försenade"), required=False)

    def filters(self) -> dict:
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


class NotificationsReadForm(forms.Form):
    """The ids of the notifications the page showed, each within a database id's range."""

    notification = IdListField(required=False)


def __getattr__(name: str):
    # ``MOVE_FORMS`` is read from the lifecycle table, which names each move's form
    # (``Transition.form``); kept for the callers that import it from here. Lazily:
    # the table imports this module.
    if name == "MOVE_FORMS":
        from referrals.follow_up.lifecycle import TRANSITIONS

        return {action: transition.form for action, transition in TRANSITIONS.items()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
