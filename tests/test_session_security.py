"""Sessions, caching, redirects and two-factor sign-in."""

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from anhorigstod import roles
from anhorigstod.models import GroupSecurityPolicy
from anhorigstod.security import LOGIN_AT, RENEWED_AT

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"


def login(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def _stored(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(pk=client.session.session_key)


def _renewed_seconds_ago(client, seconds: int) -> None:
    session = client.session
    session[RENEWED_AT] = int(time.time()) - seconds
    session.save()


def test_sessions_end_after_fifteen_idle_minutes_renewed_on_use_once_a_minute(client, make_user):
    assert settings.SESSION_COOKIE_AGE == 15 * 60
    make_user(roles.CASEWORKER, username="hanna")
    login(client, "hanna")
    client.get(reverse("guidance:start"))

    # Used again within the minute: the session is not written.
    _renewed_seconds_ago(client, 30)
    before = _stored(client)
    client.get(reverse("guidance:start"))
    after = _stored(client)
    assert (after.expire_date, after.session_data) == (before.expire_date, before.session_data)

    # A minute after the last renewal: written, with its expiry moved ahead.
    _renewed_seconds_ago(client, 61)
    before = _stored(client)
    client.get(reverse("guidance:start"))
    after = _stored(client)
    assert after.expire_date > before.expire_date
    assert after.get_decoded()[RENEWED_AT] >= int(time.time()) - 1


def test_the_warning_counts_from_the_last_renewal(client_as):
    client = client_as(roles.CASEWORKER)
    client.get(reverse("guidance:start"))
    _renewed_seconds_ago(client, 45)

    page = client.get(reverse("guidance:start")).content.decode()

    assert 'data-idle-seconds="855"' in page or 'data-idle-seconds="854"' in page


def test_a_session_ends_eight_hours_after_login_however_active(client, make_user):
    make_user(roles.CASEWORKER, username="hanna")
    login(client, "hanna")
    assert client.get(reverse("guidance:start")).status_code == 200
    session = client.session
    session[LOGIN_AT] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get(reverse("guidance:start"))
    assert response["Location"] == f"{reverse('login')}?timeout=1"
    assert client.get(reverse("guidance:start")).status_code == 302
    page = client.get(f"{reverse('login')}?timeout=1").content.decode()
    assert "Du har loggats ut eftersom sessionen tog slut" in page


def test_the_page_carries_the_idle_warning(client_as):
    page = client_as(roles.CASEWORKER).get(reverse("guidance:start")).content.decode()
    # Renewal times are whole seconds: a page served in the second after the
    # login's renewal shows one second less.
    assert 'data-idle-seconds="900"' in page or 'data-idle-seconds="899"' in page
    assert "Du loggas snart ut" in page


def test_keepalive_renews_the_session(client_as):
    client = client_as(roles.CASEWORKER)
    client.get(reverse("guidance:start"))
    _renewed_seconds_ago(client, 30)

    response = client.post(reverse("session_keepalive"), {"next": "/directory/"})

    assert response["Location"] == "/directory/"
    assert _stored(client).get_decoded()[RENEWED_AT] >= int(time.time()) - 1


def test_logout_invalidates_the_session_on_the_server(client, make_user):
    from django.contrib.sessions.models import Session

    make_user(roles.CASEWORKER, username="hanna")
    login(client, "hanna")
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(reverse("guidance:start")).status_code == 302


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_no_open_redirect_after_login(client, make_user, next_url):
    make_user(roles.CASEWORKER, username="hanna")
    response = client.post(
        f"{reverse('login')}?next={next_url}",
        {"username": "hanna", "password": PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


def test_a_safe_next_is_followed(client, make_user):
    make_user(roles.CASEWORKER, username="hanna")
    response = client.post(
        reverse("login"), {"username": "hanna", "password": PASSWORD, "next": "/directory/"}
    )
    assert response["Location"] == "/directory/"


def test_weak_passwords_are_refused_in_swedish():
    with pytest.raises(ValidationError) as refused:
        validate_password("12345678")
    assert any("lösenord" in message.lower() for message in refused.value.messages)


def test_a_nul_character_is_refused_with_a_swedish_message(client_as):
    response = client_as(roles.CASEWORKER).get(reverse("guidance:search"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert "otillåtet tecken" in response.content.decode()


class TestTwoFactor:
    def _require_for(self, role):
        GroupSecurityPolicy.objects.create(
            group=Group.objects.get(name=role), require_two_factor=True
        )

    def _code(self, device):
        return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"

    def test_optional_when_the_role_does_not_require_it(self, client, make_user):
        make_user(roles.CASEWORKER, username="hanna")
        login(client, "hanna")
        assert client.get(reverse("guidance:start")).status_code == 200

    def test_a_required_role_must_set_up_a_device_then_gets_in(self, client, make_user):
        self._require_for(roles.CONSULTANT)
        user = make_user(roles.CONSULTANT, username="kim")
        login(client, "kim")
        response = client.get(reverse("guidance:start"))
        assert response["Location"].startswith(reverse("two_factor_setup"))
        page = client.get(response["Location"]).content.decode()
        assert "<svg" in page and "Nyckel:" in page
        device = TOTPDevice.objects.get(user=user)
        wrong = client.post(reverse("two_factor_setup"), {"token": "000000"})
        assert "Koden stämmer inte" in wrong.content.decode() or "sex siffrorna" in (
            wrong.content.decode()
        )
        device.refresh_from_db()
        assert device.throttling_failure_count == 1  # django-otp throttles wrong codes
        device.throttle_reset()
        right = client.post(reverse("two_factor_setup"), {"token": self._code(device)})
        assert right.status_code == 302
        assert client.get(reverse("guidance:start")).status_code == 200

    def test_a_confirmed_device_is_asked_for_at_every_login(self, client, make_user):
        self._require_for(roles.CONSULTANT)
        user = make_user(roles.CONSULTANT, username="kim")
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        login(client, "kim")
        response = client.get(reverse("referrals:inbox"))
        assert response["Location"].startswith(reverse("two_factor_verify"))
        bad = client.post(reverse("two_factor_verify"), {"token": "12ab"})
        assert "Skriv de sex siffrorna från appen." in bad.content.decode()
        good = client.post(
            reverse("two_factor_verify"), {"token": self._code(device), "next": "/referrals/"}
        )
        assert good["Location"] == "/referrals/"
        assert client.get(reverse("referrals:inbox")).status_code == 200

    def test_a_hostile_next_after_the_code_goes_home(self, client, make_user):
        self._require_for(roles.CONSULTANT)
        user = make_user(roles.CONSULTANT, username="kim")
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        login(client, "kim")
        response = client.post(
            reverse("two_factor_verify"),
            {"token": self._code(device), "next": "https://evil.example/"},
        )
        assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)
