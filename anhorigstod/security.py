"""Request-level defences: session lifetimes, two-factor enforcement, no caching
of personal data, and refusing NUL characters before they reach the database."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _

LOGIN_AT = "login_at"
RENEWED_AT = "renewed_at"
# What the session must do before it may open pages: give a one-time code
# ("verify"), set up an app ("setup"), or change a password someone else set.
SECOND_FACTOR = "second_factor"
PASSWORD_CHANGE_REQUIRED = "password_change_required"  # noqa: S105 - a session key


def renew_idle_limit(session) -> None:
    """Restart the idle limit: the session is saved, which moves its expiry (and its
    cookie's) SESSION_IDLE_SECONDS ahead."""
    session[RENEWED_AT] = int(time.time())


def idle_seconds_left(session) -> int:
    """Seconds before the idle limit ends the session, as of its last renewal."""
    renewed = session.get(RENEWED_AT)
    if renewed is None:
        return settings.SESSION_IDLE_SECONDS
    return max(0, settings.SESSION_IDLE_SECONDS - (int(time.time()) - renewed))


class SessionRenewalMiddleware:
    """Renews a signed-in session's idle limit on use, at most every
    SESSION_RENEW_SECONDS: saving the session on every request cost every page a
    write and a commit. The limit is then between SESSION_IDLE_SECONDS minus that
    and SESSION_IDLE_SECONDS after the last request, and the page's warning
    (``idle_seconds_left``) counts from the renewal, not from the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            renewed = request.session.get(RENEWED_AT)
            if renewed is None or time.time() - renewed >= settings.SESSION_RENEW_SECONDS:
                renew_idle_limit(request.session)
        return self.get_response(request)


@receiver(user_logged_in)
def remember_login_time(sender, request, user, **kwargs):
    request.session[LOGIN_AT] = int(time.time())
    renew_idle_limit(request.session)


class AbsoluteSessionTimeoutMiddleware:
    """Ends a session SESSION_ABSOLUTE_SECONDS after login, however active it was.

    The idle limit is the session cookie's age, renewed on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(LOGIN_AT)
            if started is None or time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(f"{reverse('login')}?timeout=1")
        return self.get_response(request)


class SignInStepsMiddleware:
    """A session must finish signing in before it opens any page: give a one-time
    code when the account has an app (whatever the role's policy), set one up when
    the role requires it, and change a password someone else set.

    What remains is decided once at sign-in (``anhorigstod.accounts``) and kept in
    the session, so an ordinary page costs no query here.
    """

    STEP_PAGES = {
        "verify": ("two_factor_verify", {"two_factor_verify", "logout", "login"}),
        "setup": (
            "two_factor_setup",
            {"two_factor_setup", "two_factor_recovery_codes", "logout", "login"},
        ),
    }
    PASSWORD_PAGES = {"password_change", "password_change_done", "logout", "login"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path.startswith(f"/{settings.STATIC_URL}"):
            target = self._pending_step(request)
            if target is not None:
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _pending_step(self, request) -> str | None:
        session = request.session
        step = session.get(SECOND_FACTOR)
        password = session.get(PASSWORD_CHANGE_REQUIRED)
        if not step and not password:
            return None
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            name = None
        if step in self.STEP_PAGES and not request.user.is_verified():
            target, allowed = self.STEP_PAGES[step]
            return None if name in allowed else target
        if password:
            return None if name in self.PASSWORD_PAGES else "password_change"
        return None


class NoStoreMiddleware:
    """Nothing a signed-in user sees may be kept by a browser or proxy cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, no_store=True, no_cache=True, private=True)
            response["Pragma"] = "no-cache"
        return response


class RejectNullCharactersMiddleware:
    """A NUL character in the address or a field is never valid input here.

    PostgreSQL cannot store or compare it, so it is refused up front with a
    clear message instead of failing deep in a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for params in (request.GET, request.POST)
            for key, values in params.lists()
        ):
            return render(
                request,
                "400.html",
                {
                    "message": _(
                        "Det du skrev innehåller ett otillåtet tecken (NUL). Ta bort det "
                        "och försök igen."
                    )
                },
                status=400,
            )
        return self.get_response(request)
