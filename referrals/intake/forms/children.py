"""Children in the household, and concern for a child. (Whether the relative is a
child is asked in the relative step.)"""

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.fields import HAPPENED, date_field, yes_no_field
from referrals.intake.ages import describe_ages, parse_ages


class AgesField(forms.CharField):
    """Children's ages typed as "4, 12"; cleans to the list of ages."""

    def to_python(self, value):
        return parse_ages(super().to_python(value))

    def describe(self, ages: list[int]) -> str:
        return describe_ages(ages)


class ChildrenForm(forms.Form):
    children_in_household = yes_no_field(_("Finns det barn i den anhörigas hushåll?"))
    children_ages = AgesField(
        label=_("Barnens åldrar"),
        max_length=60,
        required=False,
        help_text=_(
            "Bara åldrar i hela år, med kommatecken emellan, till exempel 4, 12. "
            "Inga namn. Lämna tomt om du inte vet."
        ),
    )
    child_at_risk = yes_no_field(
        _("Finns det oro för att ett barn far illa eller riskerar att fara illa?")
    )
    report_made_on = date_field(_("Orosanmälan gjord (datum)"), required=False, validators=HAPPENED)
    report_made_to = forms.CharField(
        label=_("Orosanmälan gjord till"),
        max_length=200,
        required=False,
        help_text=_("Till exempel mottagningsenheten för barn och unga i förvaltningen."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("children_in_household") is False and cleaned.get("children_ages"):
            self.add_error(
                "children_ages",
                _(
                    "Du har svarat att det inte finns barn i hushållet. "
                    "Ta bort åldrarna eller svara ja."
                ),
            )
        if cleaned.get("report_made_on") and not cleaned.get("report_made_to", "").strip():
            self.add_error("report_made_to", _("Ange vem anmälan gjordes till."))
        return cleaned
