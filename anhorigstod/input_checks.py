"""Input that cannot be read is refused up front with the Swedish 400 page.

Django reads a form posted in another character set, or with bytes that are not
UTF-8, in ways that end in a server error (its own 400 handler reads the body
again through the CSRF check) or silently replace characters. Numbers beyond
what the database stores (SQLite refuses an int past 64 bits with an
OverflowError) are parsed by a bounded form field, and any that still reach the
database driver get the same 400 page instead of a 500.
"""

import codecs
import logging
from urllib.parse import unquote_to_bytes

from django import forms
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The range of a database id (BigAutoField): 1 to 2**63 - 1.
MAX_ID = 2**63 - 1
FORM = "application/x-www-form-urlencoded"

log = logging.getLogger("anhorigstod.request")


class IdListField(forms.Field):
    """Several database ids, each a whole number between 1 and MAX_ID."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": gettext_lazy("Det som skickades är inte ett giltigt id."),
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        if not isinstance(value, list | tuple):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        field = forms.IntegerField(min_value=1, max_value=MAX_ID)
        try:
            return [field.clean(item) for item in value]
        except forms.ValidationError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def bad_request(request, message: str):
    return render(request, "400.html", {"message": message}, status=400)


def _is_utf8_form_data(raw: bytes) -> bool:
    """Whether every name and value of ``a=b&c=d`` is UTF-8 once percent-decoded."""
    try:
        for pair in raw.split(b"&"):
            for part in pair.split(b"=", 1):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def refusal(request) -> str | None:
    """Why the request's address or body cannot be read, or None."""
    charset = request.content_params.get("charset")
    if charset is not None:
        try:
            codecs.lookup(charset)
        except LookupError:
            return _wrong_charset()
        # A posted form is always UTF-8 (Django reads it as nothing else).
        if request.content_type == FORM and charset.lower() != "utf-8":
            return _wrong_charset()
    unreadable = _(
        "Det du skickade innehåller tecken som inte går att läsa. Ladda om sidan och försök igen."
    )
    try:
        if not _is_utf8_form_data(get_bytes_from_wsgi(request.environ, "QUERY_STRING", "")):
            return unreadable
        if request.content_type == FORM and not _is_utf8_form_data(request.body):
            return unreadable
        # Parsed here, once: what fails to parse fails before any view or check.
        request.GET  # noqa: B018
        request.POST  # noqa: B018
    except RequestDataTooBig:
        return _("Det du skickade är för stort. Korta texten och försök igen.")
    except (BadRequest, SuspiciousOperation, MultiPartParserError):
        return unreadable
    return None


def _wrong_charset() -> str:
    return _(
        "Formuläret skickades med en annan teckenkodning än UTF-8. Ladda om sidan och försök igen."
    )


class RejectUnreadableInputMiddleware:
    """Answers 400 for an address or form that cannot be decoded, and for a number
    too large for the database, instead of a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        message = refusal(request)
        if message is not None:
            return bad_request(request, message)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OverflowError):
            log.warning(
                "number out of range",
                extra={"event": "number_out_of_range", "method": request.method},
            )
            return bad_request(
                request,
                _("Ett tal i det du skickade är för stort. Kontrollera det och försök igen."),
            )
        return None
