"""Each middleware's share of the minimal view's CPU, in-process.

``python -m bench.middleware_profile`` (or ``bench.run`` before its load phases):
signed in as a caseworker with a real session, N requests of the minimal view
(``/bench/minimal/``) through Django's WSGI handler, timed with
``time.process_time``:

- through the full middleware list (``settings.MIDDLEWARE``);
- through the session, CSRF and authentication middleware only;
- the bare view (``/bench/bare/``) through no middleware at all;
- the full list once more, each middleware wrapped in a timing layer
  (``timed_stack``): a layer's time includes everything inside it, so a
  middleware's own time is its layer's time minus the next layer's. The
  innermost layer holds the view with the hooks Django runs around it
  (``process_view`` and the like). One stack, the same requests: unlike leaving
  each middleware out in turn, which compares separate stacks measured at
  different moments, the shares add up to the whole and do not drift.

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
# The session and the user are loaded lazily: their queries run where something
# first reads them, so part of their cost shows in a later middleware's share.
LAZY = {
    SESSION: "loads the session when first read",
    AUTHENTICATION: "loads the user when first read",
}
MINIMAL_PATH, BARE_PATH = "/bench/minimal/", "/bench/bare/"
WARMUP = 20
ROUNDS = 5


@dataclass
class Row:
    middleware: str
    own_ms: float  # inside its layer, less the layers inside it
    note: str = ""


@dataclass
class Profile:
    requests: int
    full_ms: float
    core_ms: float
    bare_ms: float
    rows: list[Row] = field(default_factory=list)
    view_ms: float = 0.0  # the innermost layer: the view and the hooks around it
    layered_ms: float = 0.0  # the whole request through the timing layers
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
            f"Each layer's own time (elapsed, so the database's answers count where they are "
            f"awaited), in a run of the full stack through timing layers "
            f"({self.layered_ms:.2f} ms a request in all):",
            "",
            "| middleware | own ms | share of the request | note |",
            "|---|---:|---:|---|",
        ]
        for row in self.rows:
            name = f"`{row.middleware.rsplit('.', 1)[-1]}`"
            lines.append(f"| {name} | {row.own_ms:.2f} | {self._share(row.own_ms)} | {row.note} |")
        lines += [
            f"| the view, with `process_view` hooks | {self.view_ms:.2f} | "
            f"{self._share(self.view_ms)} | template and one query |",
            "",
            "**own ms**: the time inside a middleware's layer less the time inside the layers "
            f"within it, one stack wrapped in timing layers, the round with the least total of "
            f"{ROUNDS}. The session and the user are read lazily, so their two queries count "
            "where they are first read.",
        ]
        return "\n".join(lines)

    def _share(self, ms: float) -> str:
        return f"{ms / self.layered_ms:.0%}" if self.layered_ms else "–"


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


# --- Timing layers -----------------------------------------------------------------

# Seconds spent inside each layer, by its position in the list; the innermost layer
# is the view. Reset before each round.
_INSIDE: list[float] = []
_LAYERS: dict[str, type] = {}


def _layer(index: int, path: str | None) -> type:
    """A middleware class that times ``path``'s middleware (and all inside it); with
    ``path`` None, the innermost layer: the view and Django's hooks around it."""
    from django.utils.module_loading import import_string

    real = import_string(path) if path else None

    class Layer:
        def __init__(self, get_response):
            self.inner = real(get_response) if real else get_response
            for hook in ("process_view", "process_template_response", "process_exception"):
                if hasattr(self.inner, hook):
                    setattr(self, hook, getattr(self.inner, hook))

        def __call__(self, request):
            # perf_counter: the process's CPU clock is a system call on this machine's
            # kind, and 46 of them a request would be the largest "middleware".
            started = time.perf_counter()
            try:
                return self.inner(request)
            finally:
                _INSIDE[index] += time.perf_counter() - started

    return Layer


def __getattr__(name: str):
    """The timing layers by the names ``timed_stack`` puts into ``MIDDLEWARE``."""
    try:
        return _LAYERS[name]
    except KeyError:
        raise AttributeError(name) from None


def timed_stack(full: list[str]) -> Stack:
    """The full stack with each middleware, and the view, inside a timing layer."""
    names = []
    for index, path in enumerate([*full, None]):
        name = f"Layer{index}"
        _LAYERS[name] = _layer(index, path)
        names.append(f"{__name__}.{name}")
    return Stack(names)


def layered(full: list[str], minimal: dict, requests: int) -> tuple[list[Row], float, float]:
    """Each middleware's own ms per request, the view's, and the whole request's, from
    the round with the least whole."""
    stack = timed_stack(full)
    per_round = max(1, requests // ROUNDS)
    best: tuple[float, list[float]] | None = None
    for _ in range(ROUNDS):
        for _ in range(min(WARMUP, per_round)):
            stack.get(minimal)
        _INSIDE[:] = [0.0] * (len(full) + 1)
        started = time.perf_counter()
        for _ in range(per_round):
            stack.get(minimal)
        whole = (time.perf_counter() - started) * 1000 / per_round
        if best is None or whole < best[0]:
            best = (whole, [seconds * 1000 / per_round for seconds in _INSIDE])
    assert best is not None
    whole, inside = best
    own = [inside[i] - inside[i + 1] for i in range(len(full))]
    rows = [Row(path, own[i], LAZY.get(path, "")) for i, path in enumerate(full)]
    return rows, inside[-1], whole


def profile_stack(full: list[str], minimal: dict, bare: dict, requests: int) -> Profile:
    """The three configurations, and each middleware's own share."""
    ms = measure(
        {
            "full": (Stack(full), minimal),
            "core": (Stack(CORE), minimal),
            "bare": (Stack([]), bare),
        },
        requests,
    )
    rows, view_ms, layered_ms = layered(full, minimal, requests)
    return Profile(requests, ms["full"], ms["core"], ms["bare"], rows, view_ms, layered_ms)


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
        profile = profile_stack(full, minimal, bare, requests)
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
