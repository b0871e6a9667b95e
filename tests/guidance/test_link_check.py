"""``check_directory_links`` against a local server: 200, 301, 404 and silence."""

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from guidance import link_check
from guidance import models as m

TIMEOUT = 0.5


class Handler(BaseHTTPRequestHandler):
    def _answer(self, with_body: bool):
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif self.path == "/no-head":
            self.send_response(200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2" if with_body else "0")
        self.end_headers()
        if with_body:
            self.wfile.write(b"ok")

    def do_HEAD(self):
        self._answer(with_body=False)

    def do_GET(self):
        self._answer(with_body=True)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent():
    """A port that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/never"
    listener.close()


def _unreachable_url() -> str:
    """A local port nobody listens on: the connection is refused at once."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/"


def test_each_kind_of_answer_is_recorded_for_what_it_is(server, silent):
    ok, moved, gone = f"{server}/ok", f"{server}/moved", f"{server}/gone"
    outcomes = {o.url: o for o in link_check.check_all([ok, moved, gone, silent], timeout=TIMEOUT)}

    assert outcomes[ok].result == "ok"
    assert outcomes[ok].status_code == 200
    assert outcomes[moved].result == "redirected"
    assert outcomes[moved].final_url == ok
    assert outcomes[gone].result == "broken"
    assert outcomes[gone].status_code == 404
    assert outcomes[silent].result == "unreachable"
    assert outcomes[silent].detail.startswith("kunde inte nås")


def test_get_is_tried_when_head_is_refused(server):
    assert link_check.check_url(f"{server}/no-head", timeout=TIMEOUT).result == "ok"


def test_addresses_are_collected_from_fields_and_guidance_text(db):
    service = m.Service.objects.get(key="jourhavande-medmanniska-telefon")
    topic = m.Topic.objects.first()
    m.Topic.objects.filter(pk=topic.pk).update(
        body=f"{topic.body}\n\nLäs mer på https://example.org/anhoriga."
    )
    m.Topic.objects.filter(pk=topic.pk).update(editor_note="Se https://example.org/intern")

    used_by = link_check.collect_urls()

    assert f"service:{service.key}" in used_by[service.url]
    assert f"organisation:{service.organisation.key}" in used_by[service.organisation.website]
    assert used_by["https://example.org/anhoriga"] == [f"topic:{topic.key}"]
    assert "https://example.org/intern" not in used_by


def test_the_command_records_one_check_per_address_and_lists_broken_ones(
    db, server, silent, monkeypatch, capsys
):
    urls = {
        f"{server}/ok": ["service:a"],
        f"{server}/moved": ["service:b"],
        f"{server}/gone": ["organisation:c", "topic:d"],
        silent: ["service:e"],
    }
    monkeypatch.setattr(link_check, "collect_urls", lambda: urls)
    m.LinkCheck.objects.create(
        url="https://gammal.example/", result="ok", checked_at="2026-01-01T00:00Z"
    )

    call_command("check_directory_links", timeout=TIMEOUT)

    checks = {c.url: c for c in m.LinkCheck.objects.all()}
    assert set(checks) == set(urls)
    assert checks[f"{server}/gone"].result == "broken"
    assert checks[f"{server}/gone"].used_by == "organisation:c\ntopic:d"
    assert checks[silent].result == "unreachable"
    out = capsys.readouterr().out
    assert f"{server}/gone" in out
    assert "kunde inte nås" in out.lower()


def test_a_network_that_reaches_nothing_does_not_fail_the_command(db, monkeypatch, capsys):
    unreachable = _unreachable_url()
    monkeypatch.setattr(link_check, "collect_urls", lambda: {unreachable: ["service:x"]})

    call_command("check_directory_links", timeout=TIMEOUT)  # raises on failure

    check = m.LinkCheck.objects.get(url=unreachable)
    assert check.result == "unreachable"
    assert check.detail.startswith("kunde inte nås")
    assert "1 kunde inte nås" in capsys.readouterr().out


def test_broken_links_can_be_listed_in_the_admin(db, client_as):
    from django.urls import reverse

    from anhorigstod import roles

    m.LinkCheck.objects.create(
        url="https://trasig.example/",
        result="broken",
        status_code=404,
        checked_at="2026-01-01T00:00Z",
    )
    m.LinkCheck.objects.create(
        url="https://hel.example/", result="ok", checked_at="2026-01-01T00:00Z"
    )

    response = client_as(roles.ADMINISTRATOR).get(
        reverse("admin:guidance_linkcheck_changelist"), {"result__exact": "broken"}
    )

    assert response.status_code == 200
    assert [c.url for c in response.context["cl"].queryset] == ["https://trasig.example/"]
