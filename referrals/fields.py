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


def yes_no_field(label, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("Svara ja eller nej.")},
        **kwargs,
    )


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(_("Datumet kan inte ligga i framtiden."))
