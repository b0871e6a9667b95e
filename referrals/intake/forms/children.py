"""Children in the household, and concern for a child. (Whether the relative is a
child is asked in the relative step.)"""

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.fields import HAPPENED, date_field, yes_no_field


class ChildrenForm(forms.Form):
    children_in_household = yes_no_field(_("Finns det barn i den anhörigas hushåll?"))
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
        if cleaned.get("report_made_on") and not cleaned.get("report_made_to", "").strip():
            self.add_error("report_made_to", _("Ange vem anmälan gjordes till."))
        return cleaned
