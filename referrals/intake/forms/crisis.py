"""After a recent shooting or lethal violence: crisis support now and the police's
family liaison officer (FLO). Asked only when the situation calls for it
(``referrals.intake.situation.recent_serious_violence``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.fields import yes_no_field
from referrals.intake.choices import FloContact


class CrisisForm(forms.Form):
    crisis_support_now = yes_no_field(
        _("Behöver den anhöriga krisstöd nu?"),
        help_text=_(
            "Krisstöd är samtal som hjälper den anhöriga att sortera och hantera den akuta "
            "krisen. Erbjud det om situationen är akut."
        ),
    )
    flo_contact = forms.ChoiceField(
        label=_("Har den anhöriga kontakt med polisens FLO?"),
        choices=FloContact.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "En FLO (Family Liaison Officer) är en utredare som polisen kan sätta in vid "
            "utredningar av grova våldsbrott. FLO:n är länken mellan polisen och offrets "
            "anhöriga, kan svara på frågor och slussa vidare till annat stöd."
        ),
        error_messages={"required": _("Välj ja, nej eller vet inte.")},
    )
