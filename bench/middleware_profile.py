"""Each middleware's share of the minimal view's CPU, in-process.

``python -m bench.middleware_profile`` (or ``bench.run`` before its load phases):
signed in as a caseworker with a real session, N requests of the minimal view
(``/bench/minimal/``) through Django's WSGI handler, timed with
``time.process_time``:

- through the full middleware list (``settings.MIDDLEWARE``);
- through the session, CSRF and authentication middleware only;
- the bare view (``/bench/bare/``) through no middleware at all;
- the full list with each middleware left out in turn: its share is the full
  stack's time minus that. The session and authentication middleware are never
  left out: every middleware after them reads ``request.session`` or
  ``request.user``.

Then a cProfile of the full stack around the bare view (so the view and its
template are not in it): the top functions by cumulative time, for the log.
No server, no network: the figures are the stack's own CPU.
"""

import argparse
import cProfile
import io
import logging
import os
import pstats
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

SESSION = "django.contrib.sessions.middleware.SessionMiddleware"
CSRF = "django.middleware.csrf.CsrfViewMiddleware"
AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"
CORE = [SESSION, CSRF, AUTHENTICATION]
# Kept in every configuration, and why.
NEEDED = {
    SESSION: "kept: authentication and the session limits read the session",
    AUTHENTICATION: "kept: every later middleware reads request.user",
}
MINIMAL_PATH, BARE_PATH = "/bench/minimal/", "/bench/bare/"
WARMUP = 20
ROUNDS = 5


@dataclass
class Row:
    middleware: str
    without_ms: float | None  # the full stack without it; None when it is kept
    share_ms: float | None
    note: str = ""  # why it is kept


@dataclass
class Profile:
    requests: int
    full_ms: float
    core_ms: float
    bare_ms: float
    rows: list[Row] = field(default_factory=list)
    top: str = ""

    def markdown(self) -> str:
        count = len(self.rows)
        lines = [
            f"In-process CPU per request (`bench.middleware_profile`, {self.requests} requests "
            "each, a caseworker with a real session):",
            "",
            "| configuration | ms CPU per request |",
            "|---|---:|",
            f"| minimal view, full stack ({count} middleware) | {self.full_ms:.2f} |",
            f"| minimal view, session + CSRF + authentication only | {self.core_ms:.2f} |",
            f"| bare view, no middleware | {self.bare_ms:.2f} |",
            "",
            "| middleware | ms without it | share ms | share of the full stack |",
            "|---|---:|---:|---:|",
        ]
        for row in self.rows:
            name = f"`{row.middleware.rsplit('.', 1)[-1]}`"
            if row.share_ms is None:
                lines.append(f"| {name} | – | – | {row.note} |")
                continue
            share = row.share_ms / self.full_ms if self.full_ms else 0.0
            lines.append(f"| {name} | {row.without_ms:.2f} | {row.share_ms:+.2f} | {share:.0%} |")
        lines += [
            "",
            "**share**: the full stack's time minus the time without that middleware "
            f"(leave-one-out), each figure the least of {ROUNDS} interleaved rounds; a share "
            "within about ±0.1 ms is noise.",
        ]
        return "\n".join(lines)


def session_cookie(username: str) -> str:
    """A real signed-in session for ``username``, as the Cookie header sends it."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def environ(path: str, cookie: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookie,
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }


class _Quiet:
    """The request log to /dev/null meanwhile: its cost counts, its lines do not."""

    def __enter__(self):
        self.sink = open(os.devnull, "w")
        self.swapped = []
        loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
        for logger in loggers:
            for handler in getattr(logger, "handlers", []):
                if isinstance(handler, logging.StreamHandler) and handler.stream in (
                    sys.stdout,
                    sys.stderr,
                ):
                    self.swapped.append((handler, handler.setStream(self.sink)))
        return self

    def __exit__(self, *exc):
        for handler, stream in self.swapped:
            handler.setStream(stream)
        self.sink.close()


class Stack:
    """A WSGI handler over ``middleware``, for ``requests`` GETs of ``path``."""

    def __init__(self, middleware: list[str]):
        from django.core.handlers.wsgi import WSGIHandler
        from django.test import override_settings

        with override_settings(MIDDLEWARE=middleware):
            self.handler = WSGIHandler()

    def get(self, environ_: dict) -> int:
        def start_response(status, headers, exc_info=None):
            self.status = int(status.split()[0])

        response = self.handler({**environ_, "wsgi.input": io.BytesIO(b"")}, start_response)
        response.close()
        return self.status

    def cpu_ms(self, environ_: dict, requests: int) -> tuple[float, int]:
        """CPU ms per request after a short warm-up, and the status of the last answer."""
        for _ in range(min(WARMUP, requests)):
            self.get(environ_)
        started = time.process_time()
        for _ in range(requests):
            status = self.get(environ_)
        return (time.process_time() - started) * 1000 / requests, status


def _without(middleware: list[str], left_out: str) -> list[str]:
    return [name for name in middleware if name != left_out]


def measure(configurations: dict[str, tuple[Stack, dict]], requests: int) -> dict[str, float]:
    """CPU ms per request of each configuration: ``ROUNDS`` rounds, each configuration
    in turn within a round, and the least of its rounds (other work on the machine
    only ever adds time, so the least is the nearest to the stack's own)."""
    per_round = max(1, requests // ROUNDS)
    best: dict[str, float] = {}
    for _ in range(ROUNDS):
        for name, (stack, environ_) in configurations.items():
            ms, status = stack.cpu_ms(environ_, per_round)
            if status != 200:
                raise RuntimeError(f"{name} answered {status}")
            best[name] = min(ms, best.get(name, ms))
    return best


def leave_one_out(full: list[str], minimal: dict, bare: dict, requests: int) -> Profile:
    """The three configurations and the full stack without each middleware."""
    configurations = {
        "full": (Stack(full), minimal),
        "core": (Stack(CORE), minimal),
        "bare": (Stack([]), bare),
    }
    measured = [name for name in full if name not in NEEDED]
    for name in measured:
        configurations[name] = (Stack(_without(full, name)), minimal)
    ms = measure(configurations, requests)
    rows = [
        Row(name, None, None, NEEDED[name])
        if name in NEEDED
        else Row(name, ms[name], ms["full"] - ms[name])
        for name in full
    ]
    return Profile(requests, ms["full"], ms["core"], ms["bare"], rows)


def top_functions(full: list[str], bare: dict, requests: int, limit: int = 25) -> str:
    """cProfile of the full stack around the bare view: the stack, not a page."""
    stack = Stack(full)
    stack.get(bare)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        stack.get(bare)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(limit)
    return out.getvalue()


def run(username: str, requests: int = 2000) -> Profile:
    """The profile for ``username`` (a caseworker), ``requests`` requests per figure."""
    from django.conf import settings

    full = list(settings.MIDDLEWARE)
    cookie = session_cookie(username)
    minimal, bare = environ(MINIMAL_PATH, cookie), environ(BARE_PATH, cookie)
    with kept_connection(), _Quiet():
        profile = leave_one_out(full, minimal, bare, requests)
        profile.top = top_functions(full, bare, max(1, requests // 4))
    return profile


@contextmanager
def kept_connection():
    """As Django's test client does: the database connection stays open between
    requests, as a server's persistent connection does."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def main(argv=None) -> int:
    from bench import log
    from bench.database import setup_django

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("BENCH_DB", "anhorig_bench"))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--user", help="a caseworker's username (default: the first seeded)")
    args = parser.parse_args(argv)
    setup_django(args.db)
    username = args.user or first_caseworker()
    log(f"middleware profile as {username}, {args.requests} requests per figure")
    profile = run(username, args.requests)
    print(profile.top)
    print(profile.markdown())
    return 0


def first_caseworker() -> str:
    from anhorigstod.roles import CASEWORKER
    from bench.load import visitors

    return visitors(1)[CASEWORKER][0].username


if __name__ == "__main__":
    sys.exit(main())
