"""The guided path's step forms: they check shape; the checkpoints check rules."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from anhorigstod import roles
from guidance import models as g
from guidance.forms import district_choice, entry_route_choice
from referrals import models as r
from referrals.fields import date_field, not_in_future, yes_no_field


class FirstContactForm(forms.Form):
    contact_date = date_field(
        _("Datum för kontakten"), validators=[not_in_future], initial=timezone.localdate
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


PERSONAL_IDENTITY_NUMBER = re.compile(r"^(\d{2})?(\d{6})[-+]?(\d{4})$")


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


class RelativeForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Namn eller pseudonym"),
        max_length=100,
        required=False,
        help_text=_("Lämna tomt om den anhöriga vill vara anonym."),
    )
    personal_identity_number = forms.CharField(
        label=_("Personnummer"),
        max_length=13,
        required=False,
        help_text=_("Bara om det behövs för stödet; skälet måste då anges."),
    )
    personal_identity_number_reason = forms.CharField(
        label=_("Skäl för att registrera personnummer"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    relation = forms.ChoiceField(
        label=_("Relation till den närstående"),
        choices=[("", _("Välj relation")), *r.Relation.choices],
        error_messages={"required": _("Välj relation.")},
    )
    age_group = forms.ChoiceField(
        label=_("Den anhörigas åldersgrupp"),
        choices=[("", _("Välj åldersgrupp")), *r.AgeGroup.choices],
        error_messages={"required": _("Välj åldersgrupp.")},
    )
    gender = forms.ChoiceField(
        label=_("Kön (frivilligt, för uppföljning av jämställdhet)"),
        choices=[("", _("Inte angivet")), *r.Gender.choices],
        required=False,
    )
    language = forms.ModelChoiceField(
        label=_("Språk"),
        queryset=g.Language.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Svenska eller inte angivet"),
    )
    interpreter_needed = forms.BooleanField(label=_("Behöver tolk"), required=False)
    target_groups = forms.ModelMultipleChoiceField(
        label=_("Målgrupp (flera kan gälla)"),
        queryset=g.TargetGroup.objects.all(),
        to_field_name="key",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en målgrupp.")},
    )

    def clean_personal_identity_number(self):
        value = self.cleaned_data["personal_identity_number"].strip().replace(" ", "")
        if not value:
            return ""
        match = PERSONAL_IDENTITY_NUMBER.match(value)
        if not match or not luhn_ok(match.group(2) + match.group(3)):
            raise ValidationError(
                _("Personnumret är inte giltigt. Skriv ÅÅÅÅMMDD-NNNN eller lämna fältet tomt.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("personal_identity_number")
            and not cleaned.get("personal_identity_number_reason", "").strip()
        ):
            self.add_error(
                "personal_identity_number_reason",
                _("Ange varför personnumret behövs, eller ta bort det."),
            )
        return cleaned


class SafeContactForm(forms.Form):
    contact_channel = forms.ChoiceField(
        label=_("Hur kan den anhöriga nås säkert?"),
        choices=r.ContactChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj en kontaktväg.")},
    )
    contact_times = forms.CharField(
        label=_("När går det bra att ta kontakt?"), max_length=200, required=False
    )
    contact_avoid = forms.CharField(
        label=_("Vad måste undvikas?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Till exempel brev hem eller sms som den närstående eller dennes nätverk kan se."
        ),
    )


class ConsentForm(forms.Form):
    """Consent to contact the relative, when the route needs it."""

    consent_given = yes_no_field(
        _("Har den närstående samtyckt till att socialtjänsten kontaktar den anhöriga?"),
        required=False,
    )
    given_by = forms.CharField(label=_("Vem gav samtycket?"), max_length=100, required=False)
    scope = forms.CharField(
        label=_("Vad omfattar samtycket?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    given_on = date_field(_("Datum för samtycket"), required=False, validators=[not_in_future])
    method = forms.ChoiceField(
        label=_("Hur gavs samtycket?"),
        choices=r.Consent.Method.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("consent_given") is True:
            for name, message in (
                ("given_by", _("Ange vem som gav samtycket.")),
                ("scope", _("Ange vad samtycket omfattar.")),
                ("given_on", _("Ange datum för samtycket.")),
                ("method", _("Ange om samtycket var muntligt eller skriftligt.")),
            ):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class ConfidentialityForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Lämnas något om den närstående till den anhöriga?"),
        choices=[
            ("nothing", _("Nej, inget om den närstående lämnas ut")),
            ("share", _("Ja, med stöd av en sekretessbrytande grund")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om något lämnas ut.")},
    )
    ground = forms.ChoiceField(
        label=_("Sekretessbrytande grund"),
        choices=[("", _("Välj grund")), *r.DisclosureDecision.Ground.choices],
        required=False,
    )
    ground_detail = forms.CharField(
        label=_("Beskriv grunden"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs för annan grund än samtycke: vilken bestämmelse och varför."),
    )
    scope = forms.CharField(
        label=_("Vad får lämnas ut?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Till exempel att personen är aktuell och vilken insats hen har."),
    )
    consent_given_on = date_field(
        _("Datum för den närståendes samtycke"), required=False, validators=[not_in_future]
    )
    consent_method = forms.ChoiceField(
        label=_("Hur gavs samtycket?"),
        choices=r.Consent.Method.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") != "share":
            return cleaned
        required = [
            ("ground", _("Välj den sekretessbrytande grunden.")),
            ("scope", _("Ange vad som får lämnas ut.")),
        ]
        if cleaned.get("ground") == r.DisclosureDecision.Ground.PERSON_CONSENT:
            required += [
                ("consent_given_on", _("Ange när den närstående samtyckte.")),
                ("consent_method", _("Ange om samtycket var muntligt eller skriftligt.")),
            ]
        elif cleaned.get("ground") == r.DisclosureDecision.Ground.OTHER:
            required.append(("ground_detail", _("Beskriv vilken grund som gäller.")))
        for name, message in required:
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        return cleaned


class ChildrenForm(forms.Form):
    children_in_household = yes_no_field(_("Finns det barn i den anhörigas hushåll?"))
    relative_is_child = yes_no_field(_("Är den anhöriga själv ett barn (under 18 år)?"))
    child_at_risk = yes_no_field(
        _("Finns det oro för att ett barn far illa eller riskerar att fara illa?")
    )
    report_made_on = date_field(
        _("Orosanmälan gjord (datum)"), required=False, validators=[not_in_future]
    )
    report_made_to = forms.CharField(
        label=_("Orosanmälan gjord till"),
        max_length=200,
        required=False,
        help_text=_("Till exempel mottagningsenheten för barn och unga i förvaltningen."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("report_made_on") and not cleaned.get("report_made_to", "").strip():
            self.add_error("report_made_to", _("Ange vem anmälan gjordes till."))
        return cleaned


class ThreatsForm(forms.Form):
    threatened = yes_no_field(_("Är den anhöriga hotad?"))
    police_report = forms.ChoiceField(
        label=_("Polisanmälan"),
        choices=[
            ("", _("Inte aktuellt")),
            ("made", _("Polisanmälan är gjord")),
            ("declined", _("Den anhöriga vill inte anmäla (dokumenterat)")),
        ],
        required=False,
    )
    risk_analysis_requested = forms.BooleanField(
        label=_("Polisen har ombetts göra en riskanalys"), required=False
    )


class NeedsForm(forms.Form):
    needs = forms.MultipleChoiceField(
        label=_("Vad behöver den anhöriga?"),
        choices=r.Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    practical_matters = forms.MultipleChoiceField(
        label=_("Praktiska frågor att ta kontakt om"),
        choices=r.PracticalMatter.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    needs_note = forms.CharField(
        label=_("Övrigt om behoven"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("needs") and not cleaned.get("needs_note", "").strip():
            self.add_error("needs", _("Välj minst ett behov eller beskriv behovet i fritext."))
        return cleaned


class ReferralForm(forms.Form):
    """Destinations, offered from the ranked suggestions (``referrals.suggestions``)."""

    internal = forms.MultipleChoiceField(
        label=_("Internt stöd"), widget=forms.CheckboxSelectMultiple, required=False
    )
    external = forms.MultipleChoiceField(
        label=_("Externt stöd"), widget=forms.CheckboxSelectMultiple, required=False
    )
    other_name = forms.CharField(
        label=_("Annan mottagare som inte finns i listan"), max_length=200, required=False
    )
    other_contact = forms.CharField(
        label=_("Kontaktuppgifter till den andra mottagaren"), max_length=300, required=False
    )

    def __init__(self, *args, suggestions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions
        if suggestions is not None:
            self.fields["internal"].choices = [
                (s.choice_value, s.label) for s in suggestions.internal
            ]
            self.fields["external"].choices = [
                (s.choice_value, s.label) for s in suggestions.external
            ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("other_name") and not cleaned.get("other_contact", "").strip():
            self.add_error("other_contact", _("Ange hur mottagaren nås."))
        if not (cleaned.get("internal") or cleaned.get("external") or cleaned.get("other_name")):
            raise ValidationError(_("Välj minst en mottagare för hänvisningen."))
        return cleaned


# --- Following referrals up -------------------------------------------------
