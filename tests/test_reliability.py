"""An unreachable database gives a clear 503 page in Swedish and the health check
says so; when the database is back the same process serves again, no restart.

The in-process tests inject the database errors; the live test runs gunicorn
against PostgreSQL through a TCP proxy that the test cuts and reopens, and
terminates the server's backend with ``pg_terminate_backend``.
"""

import contextlib
import json
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid

import psycopg
import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse

from anhorigstod import health
from anhorigstod import roles as role_names
from bench import harness
from referrals.intake import selectors

UNAVAILABLE_TEXT = "Anhörigstöd är inte tillgängligt just nu"


# --- The 503 page, errors injected --------------------------------------------


def _assert_unavailable_page(response):
    assert response.status_code == 503
    body = response.content.decode()
    assert UNAVAILABLE_TEXT in body
    assert 'lang="sv"' in body
    assert "Traceback" not in body
    assert "OperationalError" not in body
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_error_in_the_session_middleware_gives_the_503_page(monkeypatch, error, caplog):
    """The session is loaded by the middleware, before any view runs."""
    from django.contrib.sessions.backends.db import SessionStore

    def unreachable(self):
        raise error("connection to server at 127.0.0.1 failed")

    monkeypatch.setattr(SessionStore, "load", unreachable)
    client = Client(raise_request_exception=False)
    client.cookies[settings.SESSION_COOKIE_NAME] = "a" * 32
    response = client.get(reverse("login"))
    _assert_unavailable_page(response)
    events = [r for r in caplog.records if getattr(r, "event", "") == "database_unavailable"]
    assert len(events) == 1
    assert events[0].error == error.__name__
    assert events[0].url_name == "login"


@pytest.mark.django_db
def test_database_error_in_a_view_gives_the_503_page(client, make_user, monkeypatch):

    client.force_login(make_user(role_names.CASEWORKER))

    def unreachable(**kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(selectors, "open_drafts", unreachable)
    _assert_unavailable_page(client.get(reverse("referrals:my_contacts")))


def test_the_503_page_needs_no_database_and_no_request():
    from django.template.loader import render_to_string

    with pytest.raises(RuntimeError):  # pytest-django blocks the database here
        connection.ensure_connection()
    assert UNAVAILABLE_TEXT in render_to_string("503.html")


# --- The health check ------------------------------------------------------------


@pytest.mark.django_db
def test_health_says_ok_when_the_database_answers(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "max-age=0" in cache_control


@pytest.mark.django_db
def test_health_says_503_when_the_database_does_not_answer(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connection", Unreachable())
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_health_is_public_and_only_reads(client):
    assert client.get(reverse("health")).status_code == 200  # no login
    assert client.head(reverse("health")).status_code == 200
    assert client.post(reverse("health")).status_code == 405


# --- Live: gunicorn, PostgreSQL and a proxy that goes down and comes back ---------


class TcpProxy:
    """Forwards 127.0.0.1:<port> to PostgreSQL. ``down()`` refuses new
    connections and cuts the open ones; ``up()`` lets them through again."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.accepting = True
        self.open: set[socket.socket] = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                client, _address = self.listener.accept()
            except OSError:
                return  # closed
            if not self.accepting:
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.open |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, target)

    def _close(self, *sockets):
        for sock in sockets:
            with self.lock:
                self.open.discard(sock)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def down(self):
        self.accepting = False
        with self.lock:
            sockets = list(self.open)
        self._close(*sockets)

    def up(self):
        self.accepting = True

    def close(self):
        self.down()
        self.listener.close()


def _fetch(url: str, cookie: str | None = None):
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - our own server
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


@pytest.fixture
def postgres_admin(django_db_setup):
    """A connection of our own (not Django's test connection) to watch and end backends."""
    db = settings.DATABASES["default"]
    conn = psycopg.connect(
        host=db["HOST"],
        port=db["PORT"],
        user=db["USER"],
        password=db["PASSWORD"],
        dbname=db["NAME"],
        autocommit=True,
    )
    yield conn
    conn.close()


@pytest.mark.django_db  # for the test database; this test itself writes nothing
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs a PostgreSQL server to cut off; CI runs the suite on PostgreSQL too",
)
def test_live_server_gives_503_while_the_database_is_down_and_recovers(postgres_admin, tmp_path):
    db = settings.DATABASES["default"]  # the test database, guidance loaded
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    app_name = f"anhorig-reliability-{uuid.uuid4().hex[:8]}"
    server = harness.Server(
        harness.production_env(
            f"postgres://{db['USER']}:{db['PASSWORD']}@127.0.0.1:{proxy.port}/"
            f"{db['NAME']}?application_name={app_name}&connect_timeout=5",
            settings_module="anhorigstod.settings_test",
            DJANGO_CONN_MAX_AGE="60",  # persistent connections, health-checked
            DJANGO_DB_POOL="",
        ),
        workers=1,  # one worker with one thread: one persistent connection
    )
    log_path = tmp_path / "gunicorn.log"
    base = server.url
    cookie = f"{settings.SESSION_COOKIE_NAME}={'b' * 32}"  # makes every page load a session

    def backends() -> list[int]:
        rows = postgres_admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [app_name]
        )
        return [row[0] for row in rows]

    try:
        try:
            server.start(log_path, seconds=30)
        except harness.ServerFailed as failed:
            pytest.fail(f"gunicorn did not start: {failed}\n{log_path.read_text()[-3000:]}")

        status, _headers, body = _fetch(f"{base}/login/", cookie)
        assert status == 200, body[:500]
        workers = server.worker_pids()
        (backend,) = backends()  # one persistent connection, reused

        # The database goes away: the server ends the worker's backend, then new
        # connections are refused.
        postgres_admin.execute("SELECT pg_terminate_backend(%s)", [backend])
        for _attempt in range(50):
            if not backends():
                break
            time.sleep(0.1)
        proxy.down()

        for _request in range(2):  # the dead connection, then a failed reconnect
            status, headers, body = _fetch(f"{base}/login/", cookie)
            assert status == 503, body[:500]
            assert UNAVAILABLE_TEXT in body and "Traceback" not in body
            assert int(headers["Retry-After"]) > 0
        status, headers, body = _fetch(f"{base}/health/")
        assert status == 503
        assert json.loads(body) == {"status": "unavailable", "database": "unavailable"}
        assert "no-store" in headers["Cache-Control"]

        # The database is back: the same worker serves again.
        proxy.up()
        status, _headers, body = _fetch(f"{base}/login/", cookie)
        assert status == 200, body[:500]
        status, _headers, body = _fetch(f"{base}/health/")
        assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok"})
        assert server.worker_pids() == workers, "the worker was restarted"
        assert len(backends()) == 1

        lines = [json.loads(line) for line in log_path.read_text().splitlines() if line[:1] == "{"]
        events = [line for line in lines if line.get("event") == "database_unavailable"]
        assert events and all(e["url_name"] == "login" for e in events)
    finally:
        server.stop(timeout=30)
        proxy.close()
