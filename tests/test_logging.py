"""Logs are JSON, name URLs and user ids, and never carry a personal identity number."""

import io
import json
import logging

import pytest
from django.urls import reverse

from anhorigstod.logging import MASK, mask

PNR = "19121212-1212"  # Skatteverket's test number, valid check digit


@pytest.fixture
def console_log():
    """The console handler LOGGING configured, writing into a buffer for the test."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


def _lines(buffer) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines()]


@pytest.mark.parametrize(
    "text",
    [
        "121212-1212",
        "121212+1212",
        "1212121212",
        "19121212-1212",
        "191212121212",
        "20121212 1212",
        "19121272-1219",  # samordningsnummer: day + 60
        f"personnummer={PNR}&reason=x",
    ],
)
def test_personal_identity_numbers_are_masked(text):
    assert MASK in mask(text)
    assert "1212-1212" not in mask(text) and "12121212" not in mask(text)


@pytest.mark.parametrize(
    "text",
    ["2026-11-25T19:31:56.121+00:00", "AS-2026-000123-2", "duration 1234.5", "user 123456"],
)
def test_ordinary_values_are_left_alone(text):
    assert mask(text) == text


@pytest.mark.django_db
def test_a_request_logs_one_json_line_by_url_name_and_user_id(
    client, caseworker, make_draft, console_log
):
    draft = make_draft()
    client.force_login(caseworker)
    url = reverse("referrals:draft_step", args=[draft.pk, "relative"])
    response = client.post(
        url,
        {
            "revision": draft.revision,
            "personal_identity_number": PNR,
            "personal_identity_number_reason": f"Behövs för utbetalning, {PNR}",
            "relation": "parent",
            "age_group": "45-64",
            "gender": "woman",
            "target_groups": ["criminal-lifestyle"],
            "relative_is_child": "no",
        },
    )
    assert response.status_code == 302

    (line,) = [entry for entry in _lines(console_log) if entry["logger"] == "anhorigstod.request"]
    assert line["method"] == "POST"
    assert line["url_name"] == "referrals:draft_step"
    assert line["status"] == 302
    assert line["user_id"] == caseworker.pk
    assert isinstance(line["duration_ms"], int | float)
    assert {"time", "level", "message"} <= line.keys()
    output = console_log.getvalue()
    assert url not in output and str(draft.pk) not in output  # no raw path
    assert "hanna" not in output.lower()  # no user name
    assert "1212-1212" not in output and "12121212" not in output


@pytest.mark.django_db
def test_a_personal_identity_number_never_reaches_the_log(client, caseworker, console_log):
    client.force_login(caseworker)
    # In a path (a 404 Django logs with the path) and a query string
    client.get(f"/contacts/{PNR}/")
    client.get(reverse("guidance:search"), {"q": PNR})
    # In a message, its arguments, an extra field and a traceback
    log = logging.getLogger("referrals.services")
    log.warning("Kontrollera %s", PNR, extra={"detail": f"pnr {PNR}"})
    try:
        raise ValueError(f"duplicate key (personal_identity_number)=({PNR})")
    except ValueError:
        log.exception("Kunde inte spara")

    entries = _lines(console_log)  # every line is JSON
    assert any(e["logger"] == "django.request" and e["status_code"] == 404 for e in entries)
    assert any(e.get("exception", "").count(MASK) for e in entries)
    output = console_log.getvalue()
    assert "1212-1212" not in output and "12121212" not in output
