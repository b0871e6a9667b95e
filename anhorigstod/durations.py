"""The durations that interface sentences state, read from the settings that decide them.

A page that says "wait 15 minutes" or "logged out after 15 minutes" must say what the
settings do, so the numbers come from here and the templates put them in whole
sentences with plural forms (``blocktranslate count``). Durations are given in whole
minutes, rounded, and never less than one: the settings are meant in whole minutes.
"""

from axes.helpers import get_cool_off
from django.conf import settings


def _minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


def durations(request) -> dict:
    """``durations.lockout_minutes``: how long django-axes locks a sign-in out
    (``AXES_COOLOFF_TIME``, read the way axes reads it; ``None`` when the lockout lasts
    until an administrator lifts it); ``session_idle_minutes`` and
    ``session_warning_minutes``: when an idle session ends and how long before that
    the page warns (``SESSION_IDLE_SECONDS``, ``SESSION_IDLE_WARNING_SECONDS``)."""
    cool_off = get_cool_off(request)
    return {
        "durations": {
            "lockout_minutes": _minutes(cool_off.total_seconds()) if cool_off else None,
            "session_idle_minutes": _minutes(settings.SESSION_IDLE_SECONDS),
            "session_warning_minutes": _minutes(settings.SESSION_IDLE_WARNING_SECONDS),
        }
    }
