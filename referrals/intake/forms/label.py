"""The worklist label: initials or a code the caseworker types to tell contacts
apart, asked when a contact is started and editable on the draft's pages (never a
personal identity number)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from referrals import resubmit
from referrals.intake.forms.relative import PERSONAL_IDENTITY_NUMBER
from referrals.intake.models import LABEL_LENGTH

# A run of digits (with the separators a personal identity number is written with)
# inside a longer label, e.g. "AB 800101-1234" or "AB800101-1234".
_DIGIT_RUN = re.compile(r"\d[\d\s+-]{8,}\d")


def looks_like_personal_identity_number(value: str) -> bool:
    candidates = [value, *value.split(), *_DIGIT_RUN.findall(value)]
    return any(
        PERSONAL_IDENTITY_NUMBER.match(re.sub(r"\s", "", candidate)) for candidate in candidates
    )


def no_personal_identity_number(value: str) -> None:
    if looks_like_personal_identity_number(value):
        raise ValidationError(
            _(
                "Etiketten får inte innehålla ett personnummer. Skriv initialer eller en egen "
                "kod i stället."
            )
        )


class LabelForm(forms.Form):
    label = forms.CharField(
        label=_("Etikett (valfri)"),
        max_length=LABEL_LENGTH,
        required=False,
        validators=[no_personal_identity_number],
        help_text=_(
            "Initialer eller en egen kod som hjälper dig att känna igen kontakten i din "
            "arbetslista. Aldrig personnummer."
        ),
        error_messages={
            "max_length": _("Etiketten kan vara högst %(limit_value)d tecken."),
        },
    )


def start_form(request) -> LabelForm:
    """The "Ny kontakt" form's label, bound to what was typed when it had errors."""
    data, _extra = resubmit.take(request, "start")
    return LabelForm(data) if data is not None else LabelForm()
