"""The bare view, the dispatcher that serves it without middleware, the
middleware profile and the report's table of the stack's cost."""

import io
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from bench import middleware_profile, wsgi
from bench.floor import FloorResult, machine_pace
from bench.load import PhaseResult, Stats
from bench.report import stack_cost_ms, stack_table
from bench.sweep import sweep_choice
from bench.views import BARE_CONTENT

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("bench_urls")]


@pytest.fixture
def bench_urls():
    with override_settings(ROOT_URLCONF="bench.urls"):
        yield


def call(application, path: str, cookie: str = "") -> tuple[int, dict, bytes]:
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), headers

    environ = middleware_profile.environ(path, cookie)
    with middleware_profile.kept_connection():
        response = application({**environ, "wsgi.input": io.BytesIO(b"")}, start_response)
        body = b"".join(response)
        response.close()
    return answer["status"], dict(answer["headers"]), body


def test_the_bare_view_touches_neither_session_nor_database(caseworker, django_assert_num_queries):
    cookie = middleware_profile.session_cookie(caseworker.username)
    with django_assert_num_queries(0):
        status, headers, body = call(wsgi.application, wsgi.BARE_PATH, cookie)
    assert (status, body) == (200, BARE_CONTENT)
    assert "Set-Cookie" not in headers
    # None of the project's middleware ran: no CSP, no no-store, no frame option.
    assert not {"Content-Security-Policy", "X-Frame-Options", "Cache-Control"} & set(headers)


def test_the_dispatcher_sends_only_the_bare_path_past_the_stack():
    application = wsgi.build()
    assert isinstance(application.bare, wsgi.BareHandler)
    assert not isinstance(application.full, wsgi.BareHandler)
    assert application.bare._middleware_chain is not None
    # Through the full stack the bare path is a page like any other: login required.
    status, headers, _body = call(application.full, wsgi.BARE_PATH)
    assert status == 302 and "/login/" in headers["Location"]


def test_the_minimal_view_still_goes_through_every_middleware(caseworker):
    status, headers, _body = call(wsgi.application, middleware_profile.MINIMAL_PATH)
    assert status == 302 and "/login/" in headers["Location"]  # login required
    cookie = middleware_profile.session_cookie(caseworker.username)
    status, headers, body = call(wsgi.application, middleware_profile.MINIMAL_PATH, cookie)
    assert status == 200 and b"<h1>" in body
    assert "no-store" in headers["Cache-Control"]
    assert headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in headers


SEEN: list[str] = []


class Spy:
    """A middleware last in the list: it runs only if every one before it let it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        SEEN.append(request.path)
        return self.get_response(request)


def test_the_dispatcher_builds_the_full_stack_from_the_settings(caseworker):
    SEEN.clear()
    with override_settings(MIDDLEWARE=[*settings.MIDDLEWARE, f"{__name__}.Spy"]):
        application = wsgi.build()
    cookie = middleware_profile.session_cookie(caseworker.username)
    call(application, wsgi.BARE_PATH, cookie)
    assert SEEN == []
    assert call(application, middleware_profile.MINIMAL_PATH, cookie)[0] == 200
    assert SEEN == [middleware_profile.MINIMAL_PATH]


def test_the_profile_gives_one_row_per_middleware(caseworker, monkeypatch):
    monkeypatch.setattr(middleware_profile, "WARMUP", 1)
    profile = middleware_profile.run(caseworker.username, requests=5)
    assert [row.middleware for row in profile.rows] == list(settings.MIDDLEWARE)
    # Each layer's own time: never negative, and with the view's they add up to the
    # outermost layer, which is within the whole request's time.
    assert all(row.own_ms >= 0 for row in profile.rows)
    assert profile.view_ms > 0
    assert profile.full_ms > 0 and profile.core_ms > 0 and profile.bare_ms > 0
    assert "cumulative" in profile.top
    table = profile.markdown()
    for name in settings.MIDDLEWARE:
        assert f"| `{name.rsplit('.', 1)[-1]}` |" in table
    assert "session + CSRF + authentication only" in table
    assert "the view, with `process_view` hooks" in table


def _phase(label: str, count: int, latency: float = 0.01) -> PhaseResult:
    return PhaseResult(seconds=1.0, stats={label: Stats([latency] * count)}, cpu={})


def test_the_report_shows_the_stack_cost_per_request():
    floor = FloorResult(
        "start",
        bare_saturated=_phase("bare", 1000),
        bare_paced=_phase("bare", 20, 0.002),
        minimal_saturated=_phase("minimal", 250),
        minimal_paced=_phase("minimal", 20, 0.02),
        pace_ms=71.4,
    )
    lines = stack_table([floor])
    assert "| bare req/s | minimal req/s |" in "\n".join(lines)
    assert "| at the start | 1000 | 250 | 2 | 20 | 3.00 | 71 |" in lines
    assert stack_cost_ms(1000, 250) == pytest.approx(3.0)
    assert stack_cost_ms(0, 250) != stack_cost_ms(0, 250)  # no figure: nan


def test_the_profile_module_runs_as_a_script(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["middleware_profile", "--help"])
    with pytest.raises(SystemExit) as done:
        middleware_profile.main(["--help"])
    assert done.value.code == 0


def test_the_machines_pace_is_the_cpu_time_of_the_loop(monkeypatch):
    ticks = iter([10.0, 10.25, 20.0, 20.2, 30.0, 30.3])
    monkeypatch.setattr("bench.floor.time.process_time", lambda: next(ticks))
    assert machine_pace() == pytest.approx(200.0)  # the best of three, in ms


def _setup(minimal_rps, referral_rps, paced_p95):
    return {"minimal": (minimal_rps, 0.05), "referral": (referral_rps, 0.3), "paced": paced_p95}


def test_the_sweep_takes_the_lowest_paced_p95_not_the_most_served():
    rows = [
        (("sync", 3, 1), _setup(180, 47, 0.080)),
        (("gthread", 2, 4), _setup(222, 49, 0.140)),
        (("sync", 2, 1), _setup(150, 40, 0.095)),
    ]
    assert sweep_choice(rows) == ("sync", 3, 1)


def test_within_a_tenth_of_the_lowest_p95_the_sweep_takes_the_one_that_serves_most():
    rows = [
        (("sync", 3, 1), _setup(180, 47, 0.080)),
        (("sync", 4, 1), _setup(200, 50, 0.086)),
        (("sync", 2, 1), _setup(250, 60, 0.089)),
    ]
    assert sweep_choice(rows) == ("sync", 4, 1)


def test_a_set_up_whose_paced_requests_all_failed_is_not_chosen():
    rows = [
        (("sync", 3, 1), _setup(180, 47, float("nan"))),
        (("sync", 2, 1), _setup(150, 40, 0.120)),
    ]
    assert sweep_choice(rows) == ("sync", 2, 1)


def test_the_run_uses_three_sync_workers_unless_told_otherwise(monkeypatch):
    from bench.run import _server_choice, parse_args

    monkeypatch.delenv("BENCH_WORKERS", raising=False)
    assert _server_choice(parse_args([]).workers) == ("sync", 3, 1)
    assert _server_choice("gthread:2:4") == ("gthread", 2, 4)
    assert parse_args(["--workers", "sweep"]).workers == "sweep"
