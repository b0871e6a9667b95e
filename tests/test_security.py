"""Settings and defences of the foundation: deploy checks, CSP, login throttling."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from anhorigstod import roles

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SETTINGS_MODULE": "anhorigstod.settings",
    "DJANGO_SECRET_KEY": "x" * 20 + "a-long-random-production-like-secret-key-0123456789",
    "DJANGO_ALLOWED_HOSTS": "anhorigstod.example.se",
}


def _manage(*args, env):
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_demo_accounts_are_refused_without_debug():
    result = _manage("create_demo_accounts", env=PRODUCTION_ENV)
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


def test_csp_allows_no_inline_code(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_pages_carry_no_inline_script_or_style(client_as):
    page = client_as(roles.CASEWORKER).get(reverse("guidance:start")).content.decode()
    assert "<style" not in page
    assert " style=" not in page
    assert "<script>" not in page


def test_interface_is_swedish():
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"


@pytest.mark.django_db
def test_login_is_throttled_per_username_and_address(client, make_user):
    make_user(roles.CASEWORKER, username="hanna")
    make_user(roles.CASEWORKER, username="kim")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "hanna", "password": "fel"})
    locked = client.post(
        reverse("login"), {"username": "hanna", "password": "a-long-test-password"}
    )
    assert locked.status_code == 429
    assert "För många misslyckade inloggningar" in locked.content.decode()
    # Another user behind the same address is not locked out.
    other = client.post(reverse("login"), {"username": "kim", "password": "a-long-test-password"})
    assert other.status_code == 302


@pytest.mark.django_db
def test_a_wrong_password_gets_a_swedish_message_next_to_the_form(client, make_user):
    make_user(roles.CASEWORKER, username="hanna")
    response = client.post(reverse("login"), {"username": "hanna", "password": "fel"})
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
    assert 'value="hanna"' in response.content.decode()


def test_static_assets_come_from_our_own_origin(client):
    page = client.get(reverse("login")).content.decode()
    assert "cdn" not in page.lower()
    assert "/static/vendor/bootstrap-5.3.9/bootstrap.min.css" in page


@pytest.mark.django_db
def test_demo_accounts_and_contacts_with_debug_on(settings):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from referrals.models import Contact, Referral

    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")  # idempotent
    users = get_user_model().objects.filter(username__in=["handlaggare", "konsulent", "admin"])
    assert users.count() == 3
    assert users.get(username="konsulent").check_password(settings.DEMO_PASSWORD)
    assert Contact.objects.count() == 21
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert {"sent", "accepted", "in_progress", "closed"} <= statuses


def test_a_username_longer_than_any_account_is_refused_not_stored(client, db):
    """Hypothesis found it: a 20,000-character username reached django-axes, which
    stores it in 255 characters, and the sign-in page answered 500 on PostgreSQL."""
    from axes.models import AccessAttempt

    response = client.post(reverse("login"), {"username": "a" * 20000, "password": "x"})
    assert response.status_code == 200
    assert "Användarnamnet kan vara högst 150 tecken." in response.content.decode()
    assert not AccessAttempt.objects.exists()
