"""Bodies and addresses that cannot be decoded, and numbers too large for the database.

Each gets the Swedish 400 page (or a 404 where an address names nothing), never a
server error, whether the sender is signed in or not, on SQLite and PostgreSQL.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from anhorigstod import roles

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"  # more than 2**64
BAD_REQUEST_HEADING = "Det gick inte att läsa det du skickade"
FORM = "application/x-www-form-urlencoded"


def assert_swedish_400(response, *, message: str):
    assert response.status_code == 400, response.content[:300]
    page = response.content.decode()
    assert 'lang="sv"' in page
    assert BAD_REQUEST_HEADING in page
    assert message in page
    assert "Traceback" not in page


@pytest.fixture(params=["anonymous", "caseworker"])
def sender(request, make_user):
    """A browser-like client that sends a valid CSRF token, signed in or not, and the
    address it posts to."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if request.param == "anonymous":
        url = reverse("login")
    else:
        client.force_login(make_user(roles.CASEWORKER))
        url = reverse("referrals:draft_start")
    client.get(reverse("login"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    return client, url, token


@pytest.mark.parametrize(
    ("charset", "body", "message"),
    [
        ("latin-1", b"username=\xe5sa&password=x", "teckenkodning"),
        ("iso-8859-1", b"username=%E5sa&password=x", "teckenkodning"),
        ("x-no-such-charset", b"username=asa&password=x", "teckenkodning"),
        ("utf-8", b"username=\xff\xfe&password=x", "tecken som inte går att läsa"),
        ("utf-8", b"username=%FF%FE&password=x", "tecken som inte går att läsa"),
        (None, b"username=%C3&password=x", "tecken som inte går att läsa"),
    ],
)
def test_a_form_that_cannot_be_decoded_gets_the_400_page(sender, charset, body, message):
    client, url, token = sender
    content_type = f"{FORM}; charset={charset}" if charset else FORM
    response = client.generic(
        "POST", url, body + b"&csrfmiddlewaretoken=" + token.encode(), content_type=content_type
    )
    assert_swedish_400(response, message=message)


@pytest.mark.parametrize("query", ["q=%FF", "q=%C3%28", "%FF=1"])
def test_an_address_that_cannot_be_decoded_gets_the_400_page(client, make_user, query):
    client.raise_request_exception = False
    assert_swedish_400(
        client.get(f"{reverse('login')}?{query}"), message="tecken som inte går att läsa"
    )
    client.force_login(make_user(roles.CASEWORKER))
    assert_swedish_400(
        client.get(f"{reverse('guidance:search')}?{query}"), message="tecken som inte går att läsa"
    )


@pytest.mark.parametrize("role", [roles.CASEWORKER, roles.CONSULTANT])
@pytest.mark.parametrize("value", [HUGE, "-1", "0", "12a", str(2**63)])
def test_a_notification_id_out_of_range_gets_the_400_page(client, make_user, role, value):
    client.raise_request_exception = False
    client.force_login(make_user(role))
    response = client.post(reverse("referrals:notifications_read"), {"notification": value})
    assert_swedish_400(response, message="Meddelandet som skulle markeras som läst finns inte.")


@pytest.mark.parametrize("role", [roles.CASEWORKER, roles.CONSULTANT])
def test_the_largest_id_is_read_as_a_missing_notification(client, make_user, role):
    client.force_login(make_user(role))
    response = client.post(reverse("referrals:notifications_read"), {"notification": 2**63 - 1})
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("role", "url"),
    [
        (roles.CASEWORKER, f"/contacts/?notification={HUGE}&page={HUGE}"),
        (roles.CONSULTANT, f"/referrals/?notification={HUGE}&page={HUGE}"),
        (roles.CASEWORKER, f"/contacts/drafts/{HUGE}/"),
        (roles.CASEWORKER, f"/contacts/drafts/{HUGE}/needs/"),
        (roles.CASEWORKER, f"/contacts/drafts/{HUGE}/check/"),
        (roles.CASEWORKER, f"/contacts/{HUGE}/"),
        (roles.CONSULTANT, f"/referrals/{HUGE}/"),
        (roles.USER_ADMINISTRATOR, f"/admin/auth/user/{HUGE}/change/"),
        (roles.ADMINISTRATOR, f"/admin/referrals/contact/{HUGE}/change/"),
        (roles.USER_ADMINISTRATOR, f"/admin/auth/user/?id__exact={HUGE}"),
        (roles.USER_ADMINISTRATOR, f"/admin/auth/user/?id__in={HUGE}"),
    ],
)
def test_huge_numbers_in_addresses_find_nothing_and_fail_nothing(client, make_user, role, url):
    client.raise_request_exception = False
    client.force_login(make_user(role))
    response = client.get(url)
    assert response.status_code in (200, 302, 400, 404), (url, response.status_code)


def test_huge_numbers_in_addresses_before_login(client):
    # A draft's id is a UUID: a number matches no address at all.
    assert client.get(f"/contacts/drafts/{HUGE}/").status_code == 404
    # A reference is text: the page exists, and asks for login first.
    response = client.get(f"/referrals/{HUGE}/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.post(reverse("referrals:notifications_read"), {"notification": HUGE})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
