"""Structured logs without personal data.

Every line is one JSON object (``JsonFormatter``). Requests are logged by URL
name, never by raw path (paths carry reference numbers), and by user id, never
by name (``request_fields``). ``MaskPersonalIdentityNumbers`` masks anything
that looks like a Swedish personal identity number (personnummer or
samordningsnummer), whatever logger wrote it, including tracebacks.

This module is imported while logging is configured, before the apps are
ready: it must not import models.
"""

import json
import logging
import re
from datetime import UTC, datetime

# YYMMDD or YYYYMMDD, an optional separator, four digits. The day may be a
# samordningsnummer day (61–91). Phone numbers of the same shape are masked
# too: they are personal data as well.
PERSONAL_IDENTITY_NUMBER = re.compile(
    r"(?<!\d)(?:(?:19|20)?\d{2})(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12]\d|3[01]|6[1-9]|[78]\d|9[01])[-+ ]?\d{4}(?!\d)"
)
MASK = "[personnummer]"
# Extras Django passes along that say too much: the request object prints its path.
_SKIPPED = frozenset({"request", "server_time"})

# The attributes every LogRecord has; anything else was passed in ``extra``.
_STANDARD_ATTRIBUTES = frozenset(
    logging.LogRecord("", 0, "", 0, "", (), None).__dict__.keys() | {"message", "asctime"}
)


def mask(text: str) -> str:
    return PERSONAL_IDENTITY_NUMBER.sub(MASK, text)


class MaskPersonalIdentityNumbers(logging.Filter):
    """Masks personal identity numbers in the message, its arguments, the
    traceback and every ``extra`` string, before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the line
            message = str(record.msg)
        record.msg, record.args = mask(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key not in _STANDARD_ATTRIBUTES and isinstance(value, str):
                setattr(record, key, mask(value))
        return True


class RequestByUrlName(logging.Filter):
    """``django.request`` names the raw path in its messages ("Not Found: /contacts/AS-…")
    and passes the request along; the path becomes the URL name, as in the request log."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        path = getattr(request, "path", None)
        if path:
            name = url_name(request)
            record.msg, record.args = record.getMessage().replace(path, name or "-"), ()
            record.url_name, record.method = name, getattr(request, "method", None)
        return True


class DropDatabaseUnavailableTracebacks(logging.Filter):
    """An unreachable database is logged once, by the middleware, as
    ``database_unavailable``; Django's 500 traceback for it says nothing more."""

    def filter(self, record: logging.LogRecord) -> bool:
        from django.db import InterfaceError, OperationalError

        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, OperationalError | InterfaceError)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD_ATTRIBUTES and key not in _SKIPPED and not key.startswith("_"):
                entry[key] = value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        # Masked again here, so a handler without the filter leaks nothing either.
        return mask(json.dumps(entry, ensure_ascii=False, default=str))


def url_name(request) -> str | None:
    """The matched URL's name with its namespace (``referrals:draft_step``), or None."""
    from django.urls import Resolver404, resolve

    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    return match.view_name


def user_id(request) -> int | None:
    """The signed-in user's id, if the request already looked the user up.

    Never loads the user just to log it: that would cost a query, and fail
    again when the database is down.
    """
    from django.utils.functional import SimpleLazyObject, empty

    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


def request_fields(request, *, status: int, duration_ms: float) -> dict:
    return {
        "method": request.method,
        "url_name": url_name(request),
        "status": status,
        "duration_ms": round(duration_ms, 1),
        "user_id": user_id(request),
    }
