"""Form fields both parts use: dates and months in one written format, yes/no."""

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]


DATE_FORMAT = "%Y-%m-%d"


def _formatted_date_field(label, *, form: str, kind: str, message: "str | _StrPromise", **kwargs):
    """A date typed in one ``form`` only (the Swedish locale would also take m/d/Y), in
    an ``<input type=kind>``."""
    return forms.DateField(
        label=label,
        input_formats=[form],
        widget=forms.DateInput(attrs={"type": kind}, format=form),
        error_messages={"invalid": message},
        **kwargs,
    )


def date_field(label, **kwargs) -> forms.DateField:
    """A date typed as ÅÅÅÅ-MM-DD."""
    message = _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-14.")
    return _formatted_date_field(label, form=DATE_FORMAT, kind="date", message=message, **kwargs)


MONTH_FORMAT = "%Y-%m"


def month_field(label, **kwargs) -> forms.DateField:
    """A month typed as ÅÅÅÅ-MM; the value is the month's first day. Browsers without
    a month picker show a plain text box, hence the help text."""
    return _formatted_date_field(
        label,
        form=MONTH_FORMAT,
        kind="month",
        message=_("Skriv månaden som ÅÅÅÅ-MM, till exempel 2026-03."),
        help_text=_("ÅÅÅÅ-MM, till exempel 2026-03."),
        **kwargs,
    )


# The radio buttons post "yes" or "no"; answers stored before they were booleans hold
# the same strings (migration ``referrals.0007_intake_yes_no_booleans`` converts them).
YES_NO_VALUES = {"yes": True, "no": False}


class YesNoField(forms.TypedChoiceField):
    """A yes/no question as the radio buttons "Ja" and "Nej" that cleans to ``True`` or
    ``False`` (``None`` when left unanswered where an answer is optional).

    It reads both what the form posts ("yes"/"no") and what a draft stores (a boolean),
    and shows a stored boolean as the radio button it came from.
    """

    widget = forms.RadioSelect

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"required": _("Svara ja eller nej.")})
        super().__init__(
            choices=YES_NO, coerce=YES_NO_VALUES.__getitem__, empty_value=None, **kwargs
        )

    def to_python(self, value: object) -> str:
        return super().to_python(self.prepare_value(value))

    def prepare_value(self, value: object) -> object:
        if isinstance(value, bool):
            return "yes" if value else "no"
        return value


def yes_no_field(label, **kwargs) -> YesNoField:
    return YesNoField(label=label, **kwargs)


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("Datumet kan inte ligga i framtiden."))


def not_in_past(value):
    """A date something is booked for: today or later."""
    if value and value < timezone.localdate():
        raise ValidationError(_("Datumet har redan passerat. Välj dagens datum eller senare."))


# How far back a date of something that already happened (a contact, a report of
# concern) may lie: an earlier year is a typing mistake, not a case.
YEARS_BACK = 10


def not_too_old(value):
    """Not more than ``YEARS_BACK`` years before today (0001-01-01 and 1850 are typos)."""
    today = timezone.localdate()
    try:
        oldest = today.replace(year=today.year - YEARS_BACK)
    except ValueError:  # 29 February
        oldest = today.replace(year=today.year - YEARS_BACK, day=28)
    if value and value < oldest:
        raise ValidationError(
            _("Datumet kan inte ligga mer än %(years)s år bakåt i tiden. Kontrollera årtalet."),
            params={"years": YEARS_BACK},
        )


# Dates of something that has happened: not in the future, not absurdly old.
HAPPENED = [not_in_future, not_too_old]
