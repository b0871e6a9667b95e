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
    information_only = forms.BooleanField(
        label=_("Ingen hänvisning – bara råd och information"), required=False
    )
    information_given = forms.CharField(
        label=_("Vilka råd och vilken information fick den anhöriga?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
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
        chosen = cleaned.get("internal") or cleaned.get("external") or cleaned.get("other_name")
        if cleaned.get("information_only"):
            return self._clean_information_only(cleaned, chosen=bool(chosen))
        if cleaned.get("other_name") and not cleaned.get("other_contact", "").strip():
            self.add_error("other_contact", _("Ange hur mottagaren nås."))
        if not chosen:
            raise ValidationError(
                _(
                    "Välj minst en mottagare för hänvisningen, eller kryssa i "
                    "”Ingen hänvisning – bara råd och information”."
                )
            )
        return cleaned

    def _clean_information_only(self, cleaned: dict, *, chosen: bool) -> dict:
        """A contact that ends with advice or information: what was given, no recipients."""
        if not cleaned.get("information_given", "").strip():
            self.add_error(
                "information_given", _("Skriv kort vilka råd och vilken information du gav.")
            )
        if chosen:
            raise ValidationError(
                _(
                    "Du har valt både mottagare och ”Ingen hänvisning”. Ta bort "
                    "mottagarna eller kryssa ur ”Ingen hänvisning”."
                )
            )
        return cleaned


# --- Following referrals up -------------------------------------------------
