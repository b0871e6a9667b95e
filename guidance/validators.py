"""What the administrator may type into the external support directory.

Plain functions, testable without a form or a database: the model fields use
the validators, the admin forms use the name comparisons, and the templates'
``tel:`` links use ``tel_href`` so that a number that validates also dials.

Phone numbers are written the way a person writes them ("08-508 25 000",
"0771-22 00 60", "+46 8 508 250 00", "112", "116 006", "020-22 22 22"): digits,
spaces and dashes, an optional leading +. A number may end in a note in
parentheses, "112 (be om jourhavande präst)": the note is printed, only the
number is dialled. Letters outside such a note, markup and other characters
are refused, so a junk entry never becomes a ``tel:`` link.
"""

import re
import unicodedata
from difflib import SequenceMatcher

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

# --- phone numbers

_PHONE = re.compile(
    r"^(?P<number>\+?[0-9][0-9 \-]*[0-9]|[0-9]+)"  # digits, spaces, dashes; a leading +
    r"(?:\s*\((?P<note>[^()<>]{1,80})\))?$"  # an optional note in parentheses
)
# Short numbers without a trunk prefix: 112, 1177, 114 14, 116 006, 90 000 …
SHORT_NUMBER_DIGITS = (3, 6)
# A national number with its 0 prefix: 08-12 34 56 (8) to 0771-22 00 60 (10) …
NATIONAL_NUMBER_DIGITS = (7, 11)
# An international number: E.164 allows at most 15 digits.
INTERNATIONAL_NUMBER_DIGITS = (8, 15)


def split_phone(phone: str) -> tuple[str, str] | None:
    """The number and the note of a phone entry, or None if it is not one."""
    match = _PHONE.match((phone or "").strip())
    if not match:
        return None
    return match["number"], (match["note"] or "").strip()


def phone_digits(phone: str) -> str:
    """The dialled part of a phone entry: its digits, with a leading + kept."""
    number = (phone or "").strip().split("(", 1)[0].strip()
    digits = re.sub(r"\D", "", number)
    if not digits:
        return ""
    return f"+{digits}" if number.startswith("+") else digits


def tel_href(phone: str) -> str:
    """``tel:`` and the dialled digits, or "" when the entry has no number."""
    dialled = phone_digits(phone)
    return f"tel:{dialled}" if dialled else ""


def _digit_range(number: str) -> tuple[int, int]:
    if number.startswith("+"):
        return INTERNATIONAL_NUMBER_DIGITS
    if number.startswith("0"):
        return NATIONAL_NUMBER_DIGITS
    return SHORT_NUMBER_DIGITS


def validate_phone(value: str) -> None:
    """Refuse anything that is not a phone number as a person writes one."""
    if not value:
        return
    parts = split_phone(value)
    if parts is None:
        raise ValidationError(
            _(
                "Skriv numret med siffror, mellanslag och bindestreck, t.ex. 08-508 25 000 "
                "eller +46 8 508 250 00. En kort anteckning får stå sist inom parentes, "
                "t.ex. 112 (be om jourhavande präst)."
            ),
            code="phone",
        )
    number = parts[0]
    count = len(re.sub(r"\D", "", number))
    low, high = _digit_range(number)
    if not low <= count <= high:
        raise ValidationError(
            _(
                "Numret har %(count)d siffror; ett sådant nummer ska ha %(low)d–%(high)d. "
                "Kontrollera att inga siffror fattas eller är för många."
            ),
            code="phone_length",
            params={"count": count, "low": low, "high": high},
        )


# --- web addresses

validate_web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Ange en webbadress som börjar med http:// eller https://."),
)


# --- lengths of texts

DESCRIPTION_MAX_CHARS = 2000
SHORT_TEXT_MAX_CHARS = 1000


def max_chars(limit: int) -> MaxLengthValidator:
    return MaxLengthValidator(
        limit,
        message=_("Texten får vara högst %(limit_value)d tecken (den har %(show_value)d)."),
    )


# --- ages

MAXIMUM_AGE = 120


def age_range_error(minimum: int | None, maximum: int | None) -> str | None:
    """A message if the lowest age is above the highest, else None."""
    if minimum is not None and maximum is not None and minimum > maximum:
        return str(
            _("Lägsta ålder (%(minimum)d) kan inte vara högre än högsta ålder (%(maximum)d).")
            % {"minimum": minimum, "maximum": maximum}
        )
    return None


# --- names: duplicates and near-duplicates

# Legal forms that do not tell two organisations apart: "Fryshuset AB".
_LEGAL_FORMS = ("ab", "ek för", "ekonomisk förening", "ideell förening", "stiftelsen", "hb")
SIMILARITY_THRESHOLD = 0.9


def name_key(name: str) -> str:
    """A name compared without case and spacing: " Fryshuset " equals "fryshuset"."""
    return " ".join((name or "").split()).casefold()


def _loose_name(name: str) -> str:
    """A name without punctuation and legal form: "Fryshuset AB" → "fryshuset"."""
    text = unicodedata.normalize("NFC", name_key(name))
    text = re.sub(r"[^\w\s]", " ", text)
    text = " ".join(text.split())
    for form in _LEGAL_FORMS:
        if text.endswith(f" {form}"):
            text = text[: -len(form) - 1]
        if text.startswith(f"{form} "):
            text = text[len(form) + 1 :]
    return text.strip()


def names_are_same(first: str, second: str) -> bool:
    return bool(name_key(first)) and name_key(first) == name_key(second)


def names_are_similar(first: str, second: str) -> bool:
    """Near-duplicates: the same without punctuation and legal form, or nearly the same."""
    a, b = _loose_name(first), _loose_name(second)
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= SIMILARITY_THRESHOLD
