"""Threats and protection, and what the relative needs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals import models as r
from referrals.fields import yes_no_field
from referrals.intake.suggestion_rules import Circumstance


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
    # Kept in the draft only, to decide the suggestions (FATEG, Bufff); not on the contact.
    circumstances = forms.MultipleChoiceField(
        label=_("Stämmer något av detta? (styr vilka stöd som föreslås)"),
        choices=Circumstance.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("needs") and not cleaned.get("needs_note", "").strip():
            self.add_error("needs", _("Välj minst ett behov eller beskriv behovet i fritext."))
        return cleaned
