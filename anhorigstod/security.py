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
from django_otp.plugins.otp_totp.models import TOTPDevice

from anhorigstod.models import requires_two_factor

LOGIN_AT = "login_at"
RENEWED_AT = "renewed_at"


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


class TwoFactorRequiredMiddleware:
    """Users in a role that requires it must verify a one-time code after login."""

    ALLOWED = {"two_factor_setup", "two_factor_verify", "logout", "login"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(f"/{settings.STATIC_URL}")
        ):
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in self.ALLOWED and requires_two_factor(user):
                has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                target = "two_factor_verify" if has_device else "two_factor_setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


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
