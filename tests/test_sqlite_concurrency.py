"""Many caseworkers writing at the same moment on the default SQLite database, and a
lock that still times out answered as "try again", never as an outage.

Twenty clients, each in its own thread with its own database connection to the
test database file (not SQLite's in-memory database, which has no file locks),
start a draft and save steps of the guided path at the same moment, five rounds
over. Not one request may fail and not one saved answer may be lost.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import OperationalError, connection, connections
from django.test import Client
from django.urls import reverse

from anhorigstod import roles
from anhorigstod.security import RENEWED_AT
from guidance.loading import load_guidance
from referrals.intake import services
from referrals.intake.examples import example_answers
from referrals.models import Draft

CLIENTS = 20
ROUNDS = 5
STEPS = ["first-contact", "relative"]

UNAVAILABLE_TEXT = "Anhörigstöd är inte tillgängligt just nu"
BUSY_TEXT = "Försök igen om en liten stund"

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's file locks; PostgreSQL locks rows"
)


def _form_data(answers: dict) -> dict:
    data = {}
    for name, value in answers.items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = value
    return data


@pytest.fixture
def caseworkers(transactional_db, make_user):
    """Committed data, seen by every thread's own connection."""
    load_guidance()
    return [make_user(roles.CASEWORKER, username=f"hl{number}") for number in range(CLIENTS)]


@sqlite_only
def test_twenty_caseworkers_save_steps_at_the_same_moment(caseworkers):
    assert not connection.is_in_memory_db(), "the test database must be a file"
    barrier = threading.Barrier(CLIENTS, timeout=120)
    statuses: list[tuple[str, int]] = []
    saved: dict[uuid.UUID, str] = {}

    def caseworker_walks(number: int) -> None:
        client = Client()
        client.force_login(caseworkers[number])
        try:
            for round_ in range(ROUNDS):
                token = uuid.uuid4()
                barrier.wait()
                response = client.post(reverse("referrals:draft_start"), {"start_token": token})
                statuses.append(("start", response.status_code))
                draft = Draft.objects.filter(start_token=token).first()
                if draft is None:
                    barrier.wait()
                    barrier.wait()
                    continue
                pseudonym = f"Anhörig {number}-{round_}"
                answers = example_answers(relative={"pseudonym": pseudonym})
                for revision, slug in enumerate(STEPS):
                    barrier.wait()
                    response = client.post(
                        reverse("referrals:draft_step", args=[draft.pk, slug]),
                        {"revision": revision, **_form_data(answers[slug])},
                    )
                    statuses.append((slug, response.status_code))
                saved[draft.pk] = pseudonym
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        for future in [pool.submit(caseworker_walks, n) for n in range(CLIENTS)]:
            future.result()

    failed = [(what, status) for what, status in statuses if status != 302]
    assert not failed, f"{len(failed)} of {len(statuses)} requests failed: {failed[:10]}"
    assert len(saved) == CLIENTS * ROUNDS
    for draft in Draft.objects.filter(pk__in=saved):
        assert set(STEPS) <= set(draft.answers), draft.answers
        assert draft.answers["relative"]["pseudonym"] == saved[draft.pk]
        assert draft.revision == len(STEPS)


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["view", "session"])
def test_a_lock_that_times_out_asks_to_try_again_and_is_not_an_outage(
    make_draft, caseworker, monkeypatch, caplog, where
):
    from django.contrib.sessions.backends.db import SessionStore

    draft = make_draft()
    client = Client(raise_request_exception=False)
    client.force_login(caseworker)
    if where == "view":
        monkeypatch.setattr(services, "save_step", _locked)
        response = client.post(
            reverse("referrals:draft_step", args=[draft.pk, "needs"]),
            {"revision": draft.revision, **_form_data(example_answers()["needs"])},
        )
    else:  # saving the session, in the middleware after the view
        session = client.session
        session[RENEWED_AT] = 0  # due for renewal: this request saves the session
        session.save()
        monkeypatch.setattr(SessionStore, "save", _locked)
        response = client.get(reverse("guidance:start"))

    assert response.status_code == 409
    body = response.content.decode()
    assert BUSY_TEXT in body
    assert UNAVAILABLE_TEXT not in body
    assert 'lang="sv"' in body
    assert "OperationalError" not in body
    events = [getattr(r, "event", "") for r in caplog.records]
    assert events.count("database_busy") == 1
    assert "database_unavailable" not in events
