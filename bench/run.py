"""``make bench``: the portal at city scale under gunicorn, measured page by page.

1. A database of its own (``anhorig_bench``): migrate, load the guidance, seed a
   city's worth of data with ``bench.seed`` unless it is already there, then
   ``VACUUM ANALYZE``.
2. The query count of every page, in-process (Django's test client).
3. gunicorn with production settings (``DJANGO_DEBUG`` off, plain HTTP) and the
   minimal view (``bench.settings``, which mounts it): 3 sync workers, or what
   ``--workers`` names. ``--workers sweep`` first tries each set-up in
   ``server.SWEEP`` and takes the one with the lowest paced p95 on the referral page
   (``sweep.sweep_choice``). On a shared machine its short phases are too noisy to
   choose by: on 2026-12-01 it took 3 gthread workers × 2 threads for a paced p95 of
   56 ms, and the pages then measured one and a half to two and a half times their
   p95 of the run before. The lowest page p95s so far were all measured on 3 sync
   workers.
4. 50 virtual users (``bench.client``), each logged in once through the login
   form. For each page two closed-loop phases of ``BENCH_DURATION`` seconds:
   *saturated* (no pause between requests: the capacity in requests per second)
   and *paced* (a pause of about ``BENCH_THINK`` seconds after each response:
   the latency 50 busy users see). The minimal view runs first and last.
   At the start and at the end, the bare view (Django without the project's
   middleware, ``bench.wsgi``) is measured next to the minimal one (``bench.floor``);
   before the load, each middleware's share of the minimal view's CPU, in-process
   (``bench.middleware_profile``).
5. Peak resident memory (VmHWM) of each worker, the CPU split between server,
   database and load generator, and the two-server check (``bench.two_servers``).
6. The tables go to BENCHMARKS.md between the ``bench:start``/``bench:end`` markers;
   the text around them is kept.

The load generator runs on the same two cores as gunicorn and PostgreSQL; the
CPU split in the report says how much it took.

This module is the entry point; each concern has its own: ``bench.database`` (1),
``bench.pages`` (what is requested, 2 and 4), ``bench.server`` over ``bench.harness``
(3), ``bench.load`` (4, 5) and ``bench.report`` (6).
"""

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

from bench import log
from bench.database import prepare_database, setup_django
from bench.load import measure_pages, visitors
from bench.report import report, write_report
from bench.server import SERVER_LOG, Server
from bench.signing_in import log_in
from bench.sweep import sweep, sweep_choice

ROOT = Path(__file__).resolve().parent.parent


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--db", default=env("BENCH_DB", "anhorig_bench"))
    parser.add_argument("--fresh", action="store_true", help="drop and reseed the database")
    parser.add_argument("--scale", type=float, default=float(env("BENCH_SCALE", "1")))
    parser.add_argument("--duration", type=float, default=float(env("BENCH_DURATION", "20")))
    parser.add_argument("--warmup", type=float, default=float(env("BENCH_WARMUP", "3")))
    parser.add_argument(
        "--paced-duration", type=float, default=float(env("BENCH_PACED_DURATION", "0")) or None
    )
    parser.add_argument("--think", type=float, default=float(env("BENCH_THINK", "5")))
    parser.add_argument("--users", type=int, default=int(env("BENCH_USERS", "50")))
    parser.add_argument(
        "--workers",
        default=env("BENCH_WORKERS", "3"),
        help='"3" (sync workers, the default), "gthread:2:4", or "sweep" (try the '
        "set-ups in SWEEP, take the lowest paced p95)",
    )
    parser.add_argument("--sweep-seconds", type=float, default=8.0)
    parser.add_argument("--pages", default=env("BENCH_PAGES", ""), help="comma-separated keys")
    parser.add_argument("--output", default=env("BENCH_OUTPUT", str(ROOT / "BENCHMARKS.md")))
    args = parser.parse_args(argv)
    # Paced users send a request every few seconds: twice as long gives p99 enough samples.
    args.paced_duration = args.paced_duration or 2 * args.duration
    return args


def _server_choice(spec: str) -> tuple[str, int, int]:
    if spec.startswith("gthread"):
        _kind, workers, threads = spec.split(":")
        return "gthread", int(workers), int(threads)
    return "sync", int(spec), 1


async def main_async(args) -> int:
    env = setup_django(args.db)
    from anhorigstod.roles import CASEWORKER
    from bench import seed, two_servers
    from bench.floor import measure_floor
    from bench.pages import MINIMAL, PAGES, query_counts

    sizes = prepare_database(args.db, seed.CITY.times(args.scale), fresh=args.fresh)
    log("data: " + ", ".join(f"{k} {v}" for k, v in sizes.items()))
    pages = [p for p in PAGES if not args.pages or p.key in args.pages.split(",")]
    people = visitors(args.users)
    log("query counts (test client)")
    counts = query_counts([MINIMAL, *pages], {role: group[0] for role, group in people.items()})
    from django.db import connection

    log("middleware profile (in-process)")
    from bench import middleware_profile

    profile = middleware_profile.run(people[CASEWORKER][0].username)
    log("the full stack's top functions (cProfile, bare view):\n" + profile.top)
    log(profile.markdown())
    connection.close()

    log_path = SERVER_LOG
    log(f"server log: {log_path}")
    first = Server(env, "sync", 2).start(log_path)
    try:
        log(f"logging in {sum(len(v) for v in people.values())} virtual users")
        users = await log_in(people, first.port, args.think)
    finally:
        first.stop()

    sweep_rows = []
    if args.workers == "sweep":
        probe = next(p for p in PAGES if p.key == "referral")
        sweep_rows = await sweep(MINIMAL, probe, users, env, args, args.db)
        choice = sweep_choice(sweep_rows)
    else:
        choice = _server_choice(args.workers)
    server = Server(env, *choice).start(log_path)
    log(f"server: {server.label} on port {server.port}")
    try:
        floors = [await measure_floor("start", MINIMAL, users, server, args)]
        results = await measure_pages(pages, MINIMAL, users, server, args, args.db)
        floors.append(await measure_floor("end", MINIMAL, users, server, args))
        memory = server.peak_memory_kib()
    finally:
        server.stop()
    for group in users.values():
        for user in group:
            await user.browser.close()

    log("two servers, one database")
    two = await two_servers.check(env, log_path)
    generated = report(
        results=results,
        floors=floors,
        profile=profile.markdown(),
        counts=counts,
        sizes=sizes,
        server=server,
        memory=memory,
        sweep_rows=sweep_rows,
        two=two.markdown(),
        args=args,
    )
    write_report(Path(args.output), generated)
    log(f"wrote {args.output}")
    return 0 if two.ok else 1


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    try:
        return asyncio.run(main_async(args))
    finally:
        log(f"done in {(time.monotonic() - started) / 60:.1f} min")


if __name__ == "__main__":
    sys.exit(main())
