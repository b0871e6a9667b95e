"""Who the relative is, as little as serves the work, and how to reach them safely."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from guidance import models as g
from referrals import models as r
from referrals.fields import yes_no_field

PERSONAL_IDENTITY_NUMBER = re.compile(r"^(\d{2})?(\d{6})[-+]?(\d{4})$")
# A Swedish or international phone number as people write it: digits, spaces,
# hyphens and a leading +, with at least 7 and at most 15 digits.
PHONE = re.compile(r"^\+?[\d\s-]+$")
PHONE_DIGITS = (7, 15)


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


class RelativeForm(forms.Form):
    # The age groups under 18: a relative in one of them is a child.
    CHILD_AGE_GROUPS = frozenset({r.AgeGroup.UNDER_13, r.AgeGroup.AGE_13_17})

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
    relative_is_child = yes_no_field(
        _("Är den anhöriga ett barn (under 18 år)?"),
        help_text=_("Då frågar vägen om vårdnadshavarna och om barnets egen berättelse."),
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
        self._check_child_against_age_group(cleaned)
        return cleaned

    def _check_child_against_age_group(self, cleaned) -> None:
        child, age_group = cleaned.get("relative_is_child"), cleaned.get("age_group")
        if child is None or not age_group or age_group == r.AgeGroup.UNKNOWN:
            return
        if child is not (age_group in self.CHILD_AGE_GROUPS):
            self.add_error(
                "relative_is_child",
                _("Svaret stämmer inte med åldersgruppen. Ändra ett av svaren."),
            )


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
    relative_phone = forms.CharField(
        label=_("Nummer till den anhöriga (frivilligt)"),
        max_length=30,
        required=False,
        help_text=_(
            "Ett telefonnummer: bara siffror, mellanslag, bindestreck och + i början, till "
            "exempel 070-123 45 67."
        ),
    )
    relative_email = forms.EmailField(
        label=_("E-postadress till den anhöriga (frivilligt)"),
        max_length=254,
        required=False,
        error_messages={"invalid": _("Skriv en e-postadress som namn@exempel.se.")},
    )
    relative_address = forms.CharField(
        label=_("Adress till den anhöriga (frivilligt)"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Fyll bara i det som den anhöriga vill att vi använder. Uppgifterna visas för "
            "mottagaren bara om det finns samtycke till kontakt. Utan telefon, e-post och "
            "adress får den anhöriga en kod att uppge när hen ringer."
        ),
    )

    def clean_relative_phone(self):
        value = " ".join(self.cleaned_data["relative_phone"].split())
        if not value:
            return ""
        digits = sum(char.isdigit() for char in value)
        low, high = PHONE_DIGITS
        if not PHONE.match(value) or not low <= digits <= high:
            raise ValidationError(
                _(
                    "Telefonnumret är inte giltigt. Skriv bara siffror, mellanslag och "
                    "bindestreck, till exempel 070-123 45 67 eller +46 70 123 45 67."
                )
            )
        return value

    def clean_relative_address(self):
        return self.cleaned_data["relative_address"].strip()
