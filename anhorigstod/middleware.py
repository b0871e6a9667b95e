"""The outermost application middleware: the request log and a clear 503 when the
database cannot be reached.

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
"""

import logging
import sys
import time

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string

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

request_log = logging.getLogger("anhorigstod.request")
database_log = logging.getLogger("anhorigstod.database")

_MARK = "_database_unavailable"


@receiver(got_request_exception, dispatch_uid="anhorigstod_database_unavailable")
def _mark_database_unavailable(sender, request=None, **kwargs):
    """An error raised below this middleware: remember whether the database caused it."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, _MARK, error)


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
        content = render_to_string("503.html")
    except Exception:  # the page must not fail in turn
        content = FALLBACK
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = UNAVAILABLE_CSP
    return response


class DatabaseUnavailableMiddleware:
    """Turns an unreachable database into the 503 page, and logs every request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        error = getattr(request, _MARK, None)
        if error is not None:
            response = database_unavailable_response(request, error)
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
            return database_unavailable_response(request, exception)
        return None
