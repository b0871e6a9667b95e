"""The outermost application middleware: the request log and a clear 503 when the
database cannot be reached, or a 409 "try again" when it was only busy.

Django wraps every middleware in its own exception handler, so an error raised
by the session or authentication middleware, or by a view, has become a 500
response before it gets back here. Errors from views arrive in
``process_exception``; errors from the middleware below are noticed through
``got_request_exception``, which marks the request, and the 500 is swapped for
the 503 page here.

The 503 page is rendered without a request, so no context processor (which
would ask the database for the user and their roles) runs. Recovery needs no
restart: Django drops a connection that failed (``errors_occurred``) at the end
of the request and checks a persistent one before reusing it
(``CONN_HEALTH_CHECKS``), so the first request after the database is back
connects anew.

A lock that was still held when the wait for it ran out (SQLite's "database is
locked" after its busy timeout; PostgreSQL's lock timeout, deadlock or
serialization failure) is not an outage: the database answers, it was busy with
someone else's write. That request gets a 409 asking to try again, logged as
``database_busy``, so an outage alarm does not fire for it.
"""

import logging
import sys
import time

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from anhorigstod.logging import request_fields, url_name

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
# The 503 page has no script, no form and no external resource.
UNAVAILABLE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
FALLBACK = (
    '<!DOCTYPE html><html lang="sv"><meta charset="utf-8"><title>Tillfälligt fel</title>'
    "<h1>Anhörigstöd är inte tillgängligt just nu</h1>"
    "<p>Försök igen om en liten stund.</p></html>"
)

BUSY_RETRY_AFTER_SECONDS = 5
# SQLite's messages for a lock it waited for in vain; PostgreSQL's SQLSTATEs for a
# serialization failure, a deadlock and a lock not available in time.
SQLITE_LOCK_MESSAGES = ("database is locked", "database table is locked")
POSTGRESQL_LOCK_STATES = {"40001", "40P01", "55P03"}

request_log = logging.getLogger("anhorigstod.request")
database_log = logging.getLogger("anhorigstod.database")

_MARK = "_database_unavailable"


@receiver(got_request_exception, dispatch_uid="anhorigstod_database_unavailable")
def _mark_database_unavailable(sender, request=None, **kwargs):
    """An error raised below this middleware: remember whether the database caused it."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, _MARK, error)


def is_lock_conflict(error: Exception) -> bool:
    """True when the database answered but a lock could not be had in time."""
    if not isinstance(error, OperationalError):
        return False
    if str(error).strip().lower() in SQLITE_LOCK_MESSAGES:
        return True
    return getattr(error.__cause__, "sqlstate", None) in POSTGRESQL_LOCK_STATES


def database_busy_response(request, error: Exception) -> HttpResponse:
    database_log.warning(
        "database busy",
        extra={
            "event": "database_busy",
            "error": type(error).__name__,
            "detail": (str(error).splitlines() or [""])[0][:200],
            "method": request.method,
            "url_name": url_name(request),
        },
    )
    message = _(
        "Många sparade samtidigt, så det du gjorde hann inte bli klart. Det du sparat "
        "tidigare finns kvar. Försök igen om en liten stund."
    )
    try:
        content: str = render_to_string("409_busy.html", {"message": message})
    except Exception:  # the page must not fail in turn
        content = f'<!DOCTYPE html><html lang="sv"><meta charset="utf-8"><p>{message}</p></html>'
    response = HttpResponse(content, status=409)
    response["Retry-After"] = str(BUSY_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = UNAVAILABLE_CSP
    return response


def database_error_response(request, error: Exception) -> HttpResponse:
    if is_lock_conflict(error):
        return database_busy_response(request, error)
    return database_unavailable_response(request, error)


def database_unavailable_response(request, error: Exception) -> HttpResponse:
    database_log.error(
        "database unavailable",
        extra={
            "event": "database_unavailable",
            "error": type(error).__name__,
            # The driver's first line ("connection refused", "terminating connection
            # due to administrator command"): no query, no parameters.
            "detail": (str(error).splitlines() or [""])[0][:200],
            "method": request.method,
            "url_name": url_name(request),
        },
    )
    try:
        content: str = render_to_string("503.html")
    except Exception:  # the page must not fail in turn
        content = FALLBACK
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = UNAVAILABLE_CSP
    return response


class DatabaseUnavailableMiddleware:
    """Turns an unreachable database into the 503 page and a lock that timed out into
    the 409 "try again" page, and logs every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        error = getattr(request, _MARK, None)
        if error is not None:
            response = database_error_response(request, error)
        request_log.info(
            "request",
            extra=request_fields(
                request,
                status=response.status_code,
                duration_ms=(time.perf_counter() - started) * 1000,
            ),
        )
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return database_error_response(request, exception)
        return None


class SwedishInterfaceMiddleware:
    """The interface in Swedish on every request, whatever the browser asks.

    Replaces Django's LocaleMiddleware, which with Swedish the only interface
    language (``settings.LANGUAGES``) still read the cookie and Accept-Language,
    added ``Vary: Accept-Language`` to responses that never vary by it, and cost
    about 0.09 ms of CPU a request (BENCHMARKS.md, the middleware profile). The
    handout's other languages are chosen explicitly under ``translation.override``.
    Activating the language here still guards a worker thread against a language
    some earlier code left active.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(settings.LANGUAGE_CODE)
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
        return response
