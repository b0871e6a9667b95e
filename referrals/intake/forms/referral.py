"""Where the relative is referred to."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


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
