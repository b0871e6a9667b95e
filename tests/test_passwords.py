"""Password rules and the page where a signed-in user changes their own password."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from anhorigstod import roles

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
TOO_SHORT = "elva-tecken"  # 11 characters
COMMON = "password1234"  # 12 characters, on Django's list of common passwords
TOO_SHORT_MESSAGE = "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken."
COMMON_MESSAGE = "Detta lösenord är alldeles för vanligt."


def _field_errors(page: str, field: str) -> str:
    """The text of the error list crispy renders for ``field``, next to its input."""
    match = re.search(
        rf'id="id_{field}".*?((?:<[^>]+id="error_\d+_id_{field}"[^>]*>.*?</[^>]+>\s*)+)',
        page,
        re.S,
    )
    assert match, f"no error is shown next to {field}"
    return match.group(1)


def test_passwords_need_twelve_characters():
    assert len(TOO_SHORT) == 11
    with pytest.raises(ValidationError) as refused:
        validate_password(TOO_SHORT)
    assert TOO_SHORT_MESSAGE in refused.value.messages
    validate_password("tolv-tecken!")  # 12 characters, not common


def test_a_common_password_is_refused_however_long():
    with pytest.raises(ValidationError) as refused:
        validate_password(COMMON)
    assert refused.value.messages == [COMMON_MESSAGE]


@pytest.fixture
def signed_in(client, make_user):
    user = make_user(roles.CASEWORKER, username="hanna")
    client.post(reverse("login"), {"username": "hanna", "password": PASSWORD})
    return client, user


def _change(client, new: str, *, old: str = PASSWORD):
    return client.post(
        reverse("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": new},
    )


def test_the_page_is_swedish_and_reached_from_the_header(signed_in):
    client, _user = signed_in
    start = client.get(reverse("guidance:start")).content.decode()
    assert f'href="{reverse("account_security")}"' in start
    account = client.get(reverse("account_security")).content.decode()
    assert f'href="{reverse("password_change")}"' in account
    page = client.get(reverse("password_change")).content.decode()
    assert "<h1>Byt lösenord</h1>" in page
    assert "Gammalt lösenord" in page
    assert "minst 12 tecken" in page


@pytest.mark.parametrize(
    ("new", "message"), [(TOO_SHORT, TOO_SHORT_MESSAGE), (COMMON, COMMON_MESSAGE)]
)
def test_a_weak_new_password_is_refused_in_swedish_next_to_the_field(signed_in, new, message):
    client, user = signed_in
    response = _change(client, new)
    assert response.status_code == 200
    assert message in _field_errors(response.content.decode(), "new_password2")
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_wrong_current_password_is_refused(signed_in):
    client, user = signed_in
    response = _change(client, "ett-nytt-langt-losenord", old="fel-losenord-helt")
    assert response.status_code == 200
    assert "Ditt gamla lösenord var felaktigt ifyllt." in _field_errors(
        response.content.decode(), "old_password"
    )
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_changed_password_keeps_the_user_signed_in_and_the_old_one_stops_working(signed_in):
    client, user = signed_in
    new = "ett-nytt-langt-losenord"
    response = _change(client, new)
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    done = client.get(response["Location"])
    assert done.status_code == 200
    assert "Ditt lösenord är bytt." in done.content.decode()
    # Still signed in: the session's hash was renewed with the password.
    assert client.get(reverse("guidance:start")).status_code == 200
    user.refresh_from_db()
    assert not user.check_password(PASSWORD)
    assert user.check_password(new)
    # Signing in afresh: the old password is refused, the new one lets in.
    other = Client()
    old_login = other.post(reverse("login"), {"username": "hanna", "password": PASSWORD})
    assert old_login.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in old_login.content.decode()
    new_login = other.post(reverse("login"), {"username": "hanna", "password": new})
    assert new_login.status_code == 302
