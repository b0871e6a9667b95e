"""A child as the relative: the guardians, and the child's own view in the child's words.

Stored as structured choices and short notes: no guardian's name is asked for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.fields import yes_no_field
from referrals.intake.choices import GuardiansInformed, GuardiansNotInformedReason

NOTE_MAX_LENGTH = 300
CHILD_VIEW_MAX_LENGTH = 1000


class GuardiansForm(forms.Form):
    guardians_known = yes_no_field(
        _("Vet ni vem eller vilka som är barnets vårdnadshavare?"),
        help_text=_(
            "Vårdnadshavare är de som har ansvar för barnet, oftast föräldrarna. Namn behövs inte."
        ),
    )
    guardians_informed = forms.ChoiceField(
        label=_("Vet vårdnadshavarna om kontakten med barnet?"),
        choices=GuardiansInformed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om vårdnadshavarna vet om kontakten.")},
    )
    guardians_not_informed_reason = forms.ChoiceField(
        label=_("Varför vet inte alla vårdnadshavare om kontakten?"),
        choices=GuardiansNotInformedReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    guardians_note = forms.CharField(
        label=_("Kort anteckning om vårdnadshavarna"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Utan namn. Till exempel vem barnet bor hos. Högst 300 tecken."),
    )

    def clean(self):
        cleaned = super().clean()
        informed = cleaned.get("guardians_informed")
        reason = cleaned.get("guardians_not_informed_reason")
        if informed and informed != GuardiansInformed.ALL and not reason:
            self.add_error(
                "guardians_not_informed_reason",
                _("Ange varför inte alla vårdnadshavare vet om kontakten."),
            )
        if informed == GuardiansInformed.ALL:
            cleaned["guardians_not_informed_reason"] = ""
        elif (
            reason == GuardiansNotInformedReason.OTHER
            and not cleaned.get("guardians_note", "").strip()
        ):
            self.add_error("guardians_note", _("Skriv kort vilket skälet är."))
        return cleaned


class ChildViewForm(forms.Form):
    child_view = forms.CharField(
        label=_("Barnets egen berättelse/åsikt"),
        max_length=CHILD_VIEW_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Skriv med barnets egna ord, gärna som citat: vad barnet berättar, vad "
            "barnet oroar sig för och vad barnet vill. Högst 1 000 tecken."
        ),
        error_messages={
            "required": _(
                "Skriv vad barnet själv berättar eller tycker. Har barnet inte kunnat "
                "höras, skriv varför."
            )
        },
    )
