"""Durations that pages state come from the settings that decide them, in whole sentences."""

from datetime import timedelta

import pytest
from django.urls import reverse

from anhorigstod import roles

pytestmark = pytest.mark.django_db


def _locked_out_page(client, make_user, settings) -> str:
    make_user(roles.CASEWORKER, username="hanna")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "hanna", "password": "fel"})
    locked = client.post(reverse("login"), {"username": "hanna", "password": "fel"})
    assert locked.status_code == 429
    return locked.content.decode()


@pytest.mark.parametrize(
    ("cool_off", "says"),
    [
        (0.25, "Vänta 15 minuter och försök igen"),
        (0.5, "Vänta 30 minuter och försök igen"),
        (timedelta(minutes=1), "Vänta 1 minut och försök igen"),
    ],
)
def test_the_lockout_page_says_how_long_axes_locks_out(client, make_user, settings, cool_off, says):
    settings.AXES_COOLOFF_TIME = cool_off

    assert says in _locked_out_page(client, make_user, settings)


def test_a_lockout_without_end_sends_the_user_to_the_administrator(client, make_user, settings):
    settings.AXES_COOLOFF_TIME = None

    page = _locked_out_page(client, make_user, settings)

    assert "Vänta" not in page
    assert "Kontakta din administratör." in page


@pytest.mark.parametrize(
    ("idle", "warning", "says"),
    [
        (
            15 * 60,
            120,
            [
                "loggas ut efter 15 minuter utan aktivitet.",
                "Med JavaScript varnas du 2 minuter innan",
            ],
        ),
        (
            30 * 60,
            60,
            [
                "loggas ut efter 30 minuter utan aktivitet.",
                "Med JavaScript varnas du 1 minut innan",
            ],
        ),
    ],
)
def test_the_accessibility_statement_states_the_session_settings(
    client, settings, idle, warning, says
):
    settings.SESSION_IDLE_SECONDS = idle
    settings.SESSION_IDLE_WARNING_SECONDS = warning

    page = client.get(reverse("accessibility")).content.decode()

    for sentence in says:
        assert sentence in page


@pytest.mark.parametrize(
    ("days", "says"),
    [
        (14, "när de inte har ändrats på 14 dagar."),
        (1, "när de inte har ändrats på 1 dag."),
    ],
)
def test_my_contacts_states_the_draft_retention_setting(
    client, caseworker, make_draft, settings, days, says
):
    settings.DRAFT_RETENTION_DAYS = days
    client.force_login(caseworker)
    make_draft(owner=caseworker)  # the sentence stands under the list of drafts

    page = client.get(reverse("referrals:my_contacts")).content.decode()

    assert says in page
