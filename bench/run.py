"""``make bench``: the portal at city scale under gunicorn, measured page by page.

1. A database of its own (``anhorig_bench``): migrate, load the guidance, seed a
   city's worth of data with ``bench.seed`` unless it is already there, then
   ``VACUUM ANALYZE``.
2. The query count of every page, in-process (Django's test client).
3. gunicorn with production settings (``DJANGO_DEBUG`` off, plain HTTP) and the
   minimal view (``bench.settings``, which mounts it). A short sweep over worker set-ups picks
   the one that serves most, unless ``--workers`` names one.
4. 50 virtual users (``bench.client``), each logged in once through the login
   form. For each page two closed-loop phases of ``BENCH_DURATION`` seconds:
   *saturated* (no pause between requests: the capacity in requests per second)
   and *paced* (a pause of about ``BENCH_THINK`` seconds after each response:
   the latency 50 busy users see). The minimal view runs first and last.
5. Peak resident memory (VmHWM) of each worker, the CPU split between server,
   database and load generator, and the two-server check (``bench.two_servers``).
6. The tables go to BENCHMARKS.md between the ``bench:start``/``bench:end`` markers;
   the text around them is kept.

The load generator runs on the same two cores as gunicorn and PostgreSQL; the
CPU split in the report says how much it took.
"""

import argparse
import asyncio
import contextlib
import os
import platform
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "anhorig", "password": "anhorig"}
HOST = "127.0.0.1"
START_MARK, END_MARK = "<!-- bench:start -->", "<!-- bench:end -->"
# gunicorn's output (the request log, any error), outside the repository.
SERVER_LOG = Path(tempfile.gettempdir()) / "anhorigstod-bench-gunicorn.log"
# Worker set-ups the sweep tries: (worker class, workers, threads per worker).
SWEEP = [("sync", 2, 1), ("sync", 3, 1), ("sync", 4, 1), ("gthread", 2, 4), ("gthread", 3, 2)]


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def database_url(name: str) -> str:
    return f"postgres://{PG['user']}:{PG['password']}@{PG['host']}:{PG['port']}/{name}"


def server_environment(db_name: str) -> dict[str, str]:
    """Production settings over plain HTTP, with the minimal view mounted."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=database_url(db_name),
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(50)),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_SECURE_COOKIES="false",
    )
    if os.environ.get("DJANGO_DB_POOL"):
        env["DJANGO_DB_POOL"] = os.environ["DJANGO_DB_POOL"]
    return env


def setup_django(db_name: str) -> dict[str, str]:
    """Point this process at the benchmark database, as the server will be."""
    env = server_environment(db_name)
    os.environ.update({k: v for k, v in env.items() if k.startswith("DJANGO_")})
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]
    # This process is a script driving asyncio, not a server: its few ORM calls
    # (seeding, picking users, the CPU meter) may block the event loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    import django

    django.setup()
    return env


def create_database(name: str, *, fresh: bool) -> bool:
    """Create ``name`` (dropped first when ``fresh``); True when it is new."""
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
        # As docs/deployment.md asks of production: JIT compilation cost the statistics
        # page seconds per view and gains nothing on queries this size; the data is in
        # memory, so an index lookup costs about what a sequential read does.
        conn.execute(f'ALTER DATABASE "{name}" SET jit = off')
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
    return not exists


def prepare_database(name: str, sizes, *, fresh: bool = False) -> dict[str, int]:
    """Migrate, load the guidance, seed unless seeded; the table sizes afterwards."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from bench import seed
    from referrals.models import Contact
    from referrals.statistics import rollup

    created = create_database(name, fresh=fresh)
    log(f"database {name}: {'created' if created else 'exists'}; migrating")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_guidance", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    staff = get_user_model().objects.filter(username__startswith=seed.PREFIX).count()
    if staff >= sizes.staff and Contact.objects.count() >= sizes.contacts:
        log(f"already seeded ({staff} staff, {Contact.objects.count()} contacts)")
    else:
        if staff:
            raise SystemExit(f"{name} is partly seeded; run again with --fresh.")
        started = time.monotonic()
        log(f"seeding {sizes}")
        seed.seed(sizes, log=log)
        log(f"seeded in {time.monotonic() - started:.0f} s; VACUUM ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    # What the nightly job does; the statistics pages read its figures.
    computed, _new = rollup.compute()
    log(f"statistics' monthly figures computed in {computed.seconds:.1f} s")
    return {**table_sizes(), "monthly statistics computed in": f"{computed.seconds:.1f} s"}


def table_sizes() -> dict[str, int]:
    from django.db import connection

    tables = {
        "staff (users)": "auth_user",
        "directory services": "guidance_service",
        "organisations": "guidance_organisation",
        "contacts": "referrals_contact",
        "referrals": "referrals_referral",
        "support sessions": "referrals_supportsession",
        "notifications": "referrals_notification",
        "audit events": "referrals_auditevent",
    }
    with connection.cursor() as cursor:
        sizes = {}
        for label, table in tables.items():
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 (fixed names)
            sizes[label] = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        sizes["database size"] = cursor.fetchone()[0]
    return sizes


# --- Visitors ---------------------------------------------------------------------


def visitors(count: int) -> dict[str, list]:
    """``count`` caseworkers and ``count`` consultants of the seeded staff, each with
    their district, and for a consultant up to 200 referrals from their inbox."""
    from anhorigstod import roles
    from bench.pages import Visitor
    from bench.seed import PREFIX
    from referrals import access
    from referrals.models import StaffProfile

    found: dict[str, list[Visitor]] = {roles.CASEWORKER: [], roles.CONSULTANT: []}
    profiles = (
        StaffProfile.objects.filter(user__username__startswith=PREFIX)
        .select_related("user", "district")
        .order_by("user__username")
    )
    rng = random.Random(7)  # noqa: S311 (which referrals to open, not a secret)
    for profile in profiles:
        user = profile.user
        role = roles.CONSULTANT if profile.provider_id else roles.CASEWORKER
        if len(found[role]) >= count:
            continue
        district = profile.district.key if profile.district else "farsta"
        references = []
        if role == roles.CONSULTANT:
            references = list(
                access.received_referrals(user)
                .order_by("-created_at")
                .values_list("reference", flat=True)[:2000]
            )
            if not references:
                continue
            references = rng.sample(references, min(200, len(references)))
        found[role].append(Visitor(user.username, role, district, references))
    return found


# --- The server -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    env: dict[str, str]
    worker_class: str = "sync"
    workers: int = 3
    threads: int = 1
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def label(self) -> str:
        if self.worker_class == "sync":
            return f"{self.workers} sync workers"
        return f"{self.workers} gthread workers × {self.threads} threads"

    def start(self, log_path: Path) -> "Server":
        command = [
            str(ROOT / ".venv/bin/gunicorn"),
            "anhorigstod.wsgi:application",
            f"--bind={HOST}:{self.port}",
            f"--workers={self.workers}",
            f"--worker-class={self.worker_class}",
            f"--threads={self.threads}",
            "--timeout=60",
            "--graceful-timeout=5",
            "--keep-alive=5",
        ]
        self._log = open(log_path, "ab")  # noqa: SIM115 (kept open while the server runs)
        self.process = subprocess.Popen(  # noqa: S603 (our own command line)
            command, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {log_path}")
            try:
                with socket.create_connection((HOST, self.port), timeout=1) as sock:
                    sock.sendall(f"GET /health/ HTTP/1.0\r\nHost: {HOST}\r\n\r\n".encode())
                    if b" 200 " in sock.recv(100) and len(self.worker_processes()) == self.workers:
                        return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /health/ within 60 s")

    def worker_processes(self) -> list[psutil.Process]:
        try:
            return psutil.Process(self.process.pid).children()
        except psutil.Error:
            return []

    def processes(self) -> list[psutil.Process]:
        return [psutil.Process(self.process.pid), *self.worker_processes()]

    def peak_memory_kib(self) -> list[int]:
        """VmHWM (peak resident set) of each worker, from /proc/<pid>/status."""
        peaks = []
        for worker in self.worker_processes():
            status = Path(f"/proc/{worker.pid}/status").read_text()
            line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
            peaks.append(int(line.split()[1]))
        return peaks

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()


# --- Load -------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


@dataclass
class PhaseResult:
    seconds: float
    stats: dict[str, Stats]
    cpu: dict[str, float]  # share of the two cores: server, database, generator, other

    def rps(self, label: str) -> float:
        stats = self.stats.get(label)
        return len(stats.latencies) / self.seconds if stats else 0.0


class VirtualUser:
    def __init__(self, visitor, browser, think: float, rng: random.Random):
        self.visitor, self.browser, self.think, self.rng = visitor, browser, think, rng


class CpuMeter:
    """CPU seconds of the server, the benchmark database's backends, this process and
    everything else on the machine, over one phase.

    Backends come and go (persistent connections are renewed after CONN_MAX_AGE): one
    that started during the phase counts whole; one that ended during it is missed, so
    the database's share is a lower bound."""

    def __init__(self, server: Server, db_name: str):
        self.server, self.db_name = server, db_name

    def _backends(self) -> dict[int, float]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [self.db_name],
            )
            pids = [row[0] for row in cursor.fetchall()]
        return {pid: self._seconds([psutil.Process(pid)]) for pid in pids if psutil.pid_exists(pid)}

    @staticmethod
    def _seconds(processes) -> float:
        total = 0.0
        for process in processes:
            with contextlib.suppress(psutil.Error):
                times = process.cpu_times()
                total += times.user + times.system
        return total

    @staticmethod
    def _busy() -> float:
        times = psutil.cpu_times()
        return sum(times) - times.idle - getattr(times, "iowait", 0.0)

    def start(self) -> None:
        self.t0 = time.monotonic()
        self.busy0 = self._busy()
        self.server0 = self._seconds(self.server.processes())
        self.db0 = self._backends()
        self.me0 = self._seconds([psutil.Process()])

    def stop(self) -> dict[str, float]:
        capacity = (time.monotonic() - self.t0) * psutil.cpu_count()
        server = self._seconds(self.server.processes()) - self.server0
        now = self._backends()
        database = sum(seconds - self.db0.get(pid, 0.0) for pid, seconds in now.items())
        generator = self._seconds([psutil.Process()]) - self.me0
        busy = self._busy() - self.busy0
        other = max(0.0, busy - server - database - generator)
        return {
            "server": server / capacity,
            "database": max(0.0, database) / capacity,
            "generator": generator / capacity,
            "other": other / capacity,
        }


async def run_phase(
    page,
    users: list[VirtualUser],
    *,
    seconds: float,
    warmup: float,
    think: float,
    meter=None,
    stagger: float = 0.0,
) -> PhaseResult:
    """A closed loop: each user repeats the page's walk until the time is up.

    Requests that start during the warm-up are not counted. ``stagger``: each user
    starts after a random delay up to that many seconds, so that users walking a long
    path with pauses are spread over its steps instead of all on the first."""
    from bench.pages import WalkFailed

    loop = asyncio.get_running_loop()
    begin = loop.time()
    counted_from, stop_at = begin + warmup, begin + warmup + seconds
    stats: dict[str, Stats] = defaultdict(Stats)
    failures: list[str] = []

    async def one_user(user: VirtualUser) -> None:
        if stagger:
            await asyncio.sleep(user.rng.uniform(0, stagger))
        while loop.time() < stop_at:
            walk = page.walk(user.visitor)
            user.visitor.visits += 1
            try:
                request = next(walk)
                while loop.time() < stop_at:
                    started = loop.time()
                    response = await user.browser.request(
                        request.method, request.path, request.data
                    )
                    elapsed = loop.time() - started
                    if started >= counted_from:
                        stats[request.label].latencies.append(elapsed)
                        if response.status != request.expect:
                            stats[request.label].errors += 1
                    if response.status != request.expect:
                        if len(failures) < 5:
                            failures.append(f"{request.label}: {response.status} {request.path}")
                        break
                    if think:
                        await asyncio.sleep(user.rng.uniform(0.5, 1.5) * think)
                    request = walk.send(response.reply())
            except StopIteration:
                pass
            except (WalkFailed, OSError, asyncio.IncompleteReadError) as error:
                if len(failures) < 5:
                    failures.append(f"{type(error).__name__}: {error}")
                await asyncio.sleep(0.1)

    async def measure() -> None:
        await asyncio.sleep(warmup)
        if meter:
            meter.start()

    tasks = [asyncio.create_task(one_user(user)) for user in users]
    await measure()
    await asyncio.gather(*tasks)
    cpu = meter.stop() if meter else {}
    for failure in failures:
        log(f"    ! {failure}")
    return PhaseResult(seconds=seconds, stats=dict(stats), cpu=cpu)


async def log_in(people: dict[str, list], port: int, think: float) -> dict[str, list[VirtualUser]]:
    """Each virtual user logs in once through the login form (4 at a time: the password
    hash is slow on purpose)."""
    from bench.client import Browser
    from bench.seed import BENCH_PASSWORD

    gate = asyncio.Semaphore(4)
    users: dict[str, list[VirtualUser]] = defaultdict(list)

    async def one(visitor, n: int) -> None:
        browser = Browser(HOST, port)
        async with gate:
            await browser.login(visitor.username, BENCH_PASSWORD)
        rng = random.Random(n)  # noqa: S311 (think times)
        users[visitor.role].append(VirtualUser(visitor, browser, think, rng))

    await asyncio.gather(
        *(one(v, n) for n, v in enumerate(v for group in people.values() for v in group))
    )
    return users


def point(users: list[VirtualUser], port: int, think: float) -> list[VirtualUser]:
    for user in users:
        user.browser.use(port)
        user.think = think
    return users


# --- The run ----------------------------------------------------------------------


@dataclass
class PageResult:
    """A page's two phases, each next to a short run of the minimal view (the floor) in
    the same conditions: other work on the machine comes and goes, so each page is
    compared with the floor measured just before it."""

    page: object
    saturated: PhaseResult
    paced: PhaseResult
    floor_saturated: PhaseResult
    floor_paced: PhaseResult
    alone: PhaseResult  # one user, no pause: the page's own latency, without a queue

    def labels(self) -> list[str]:
        return list(self.saturated.stats)


async def measure_pages(pages, minimal, users, server, args, db_name) -> list[PageResult]:
    results = []
    floor_seconds = max(5.0, args.duration / 4)

    async def phase(page, seconds, think, meter=None, *, alone=False, stagger=0.0, warmup=None):
        group = point(users[page.role][:1] if alone else users[page.role], server.port, think)
        return await run_phase(
            page,
            group,
            seconds=seconds,
            warmup=args.warmup if warmup is None else warmup,
            think=think,
            meter=meter,
            stagger=stagger,
        )

    for page in pages:
        # A walk of many requests (the guided path) is measured once its users are spread
        # over its steps, and long enough for every step, submit included, to be reached.
        walk = page.requests > 1
        saturated_seconds = 2 * args.duration if walk else args.duration
        log(f"{page.title}: floor, then {saturated_seconds:.0f} s saturated")
        floor_saturated = await phase(minimal, floor_seconds, 0.0)
        saturated = await phase(
            page,
            saturated_seconds,
            0.0,
            CpuMeter(server, db_name),
            stagger=args.duration if walk else 0.0,
            warmup=args.duration + args.warmup if walk else None,
        )
        walk_seconds = page.requests * args.think if walk else 0.0
        paced_seconds = max(args.paced_duration, 1.5 * walk_seconds)
        log(f"{page.title}: floor, then {paced_seconds:.0f} s paced (pause {args.think} s)")
        floor_paced = await phase(minimal, 2 * floor_seconds, args.think)
        paced = await phase(page, paced_seconds, args.think, stagger=walk_seconds)
        log(f"{page.title}: one user alone, {floor_seconds:.0f} s")
        alone = await phase(page, max(floor_seconds, walk_seconds / 10), 0.0, alone=True)
        result = PageResult(page, saturated, paced, floor_saturated, floor_paced, alone)
        results.append(result)
        log(f"    floor {floor_saturated.rps('minimal'):.0f}/s")
        for label in result.labels():
            log(
                f"    {label}: {saturated.rps(label):.1f}/s saturated, paced p95 "
                f"{paced.stats.get(label, Stats()).percentile(95) * 1000:.0f} ms"
            )
    return results


async def sweep(minimal, probe, users, env, args, db_name) -> list[tuple[str, dict]]:
    """Each worker set-up, saturated, on the minimal view and one page that reads much."""
    rows = []
    for worker_class, workers, threads in SWEEP:
        server = Server(env, worker_class, workers, threads).start(SERVER_LOG)
        try:
            figures = {}
            for page in (minimal, probe):
                group = point(users[page.role], server.port, 0.0)
                result = await run_phase(
                    page, group, seconds=args.sweep_seconds, warmup=2, think=0.0
                )
                stats = result.stats.get(page.key, Stats())
                figures[page.key] = (result.rps(page.key), stats.percentile(95))
            figures["memory"] = max(server.peak_memory_kib())
            rows.append(((worker_class, workers, threads), figures))
            log(
                f"sweep {server.label}: "
                + ", ".join(f"{k} {v[0]:.0f}/s" for k, v in figures.items() if isinstance(v, tuple))
            )
        finally:
            server.stop()
    return rows


def machine() -> dict[str, str]:
    from django.db import connection

    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    import django
    import gunicorn

    return {
        "CPU": f"{cpu}, {os.cpu_count()} cores (nproc)",
        "Memory": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "PostgreSQL": f"{postgres} (shared_buffers {shared_buffers}, otherwise Debian defaults)",
        "Software": (
            f"Python {platform.python_version()}, Django {django.get_version()}, "
            f"gunicorn {gunicorn.__version__}, {platform.system()} {platform.release()}"
        ),
    }


HEADER = (
    "| page | queries | capacity req/s | cost × floor | p50 ms | p95 ms | p99 ms | p95 × floor "
    "| alone p50 / p95 ms | target p95 ms | p95 met | ≤ 3× floor |"
)
RULE = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds == seconds else "–"


def _ratio(value: float, base: float) -> str:
    ratio = value / base if base else float("nan")
    return f"{ratio:.1f}" if ratio == ratio else "–"


def _walk_order(label: str) -> int:
    """The guided path's requests in the order a caseworker makes them."""
    from bench.pages import step_answers

    order = ["path: start"]
    for step in step_answers("farsta"):
        order += [f"path: {step} (GET)", f"path: {step} (POST)"]
    order += ["path: check answers (GET)", "path: submit (POST)"]
    return order.index(label) if label in order else len(order)


def _pooled(result: PhaseResult, labels: list[str]) -> Stats:
    pooled = Stats()
    for label in labels:
        stats = result.stats.get(label, Stats())
        pooled.latencies += stats.latencies
        pooled.errors += stats.errors
    return pooled


def _rows(result: PageResult) -> list[tuple[str, list[str]]]:
    """The report's rows for a page: (title, labels pooled into the row). The guided
    path gets one row for its step pages, one for its saves, and one each for the
    start, the check page and the submit; the single steps go in a table of their own."""
    labels = result.labels()
    if len(labels) == 1:
        return [(result.page.title, labels)]
    steps = [label for label in labels if label.endswith("(GET)") and "check" not in label]
    saves = [label for label in labels if label.endswith("(POST)") and "submit" not in label]
    rest = [label for label in labels if label not in steps + saves]
    named = {
        "path: start": "Guided path: start a draft (POST)",
        "path: check answers (GET)": "Guided path: check your answers (GET)",
        "path: submit (POST)": "Guided path: submit (POST)",
    }
    return [
        ("Guided path: the nine step pages (GET)", steps),
        ("Guided path: saving each step (POST)", saves),
        *((named.get(label, label), [label]) for label in rest),
    ]


def report(*, results, counts, sizes, server, memory, sweep_rows, two, args) -> str:
    from bench.pages import FLOOR_RATIO_TARGET

    floors = [r.floor_saturated.rps("minimal") for r in results]
    floor_p95s = [r.floor_paced.stats.get("minimal", Stats()).percentile(95) for r in results]
    lines = [
        START_MARK,
        f"## Results of {datetime.now():%Y-%m-%d %H:%M}",
        "",
        "Generated by `make bench` (`bench/run.py`); the text outside the markers is kept.",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine().items()),
        f"| Server | gunicorn, {server.label}, production settings over plain HTTP |",
        f"| Load | {args.users} virtual users per role, each logged in once; per page "
        f"{args.duration:.0f} s saturated (no pause) and {args.paced_duration:.0f} s paced "
        f"(a pause of {args.think:g} s ± 50 % after each response), {args.warmup:.0f} s "
        "warm-up before each; the minimal view runs just before each page |",
        "| Data | "
        + ", ".join(f"{v:,} {k}" if isinstance(v, int) else f"{k} {v}" for k, v in sizes.items())
        + " |",
        "",
        f"The minimal view (floor) served {min(floors):.0f}–{max(floors):.0f} requests/s over "
        f"the run, paced p95 {_ms(min(floor_p95s))}–{_ms(max(floor_p95s))} ms.",
        "",
        HEADER,
        RULE,
    ]
    details = []

    def row(title, labels, result, target, into):
        """One table row. A walk of several requests (the guided path) runs them in a
        fixed mix, so its capacity and cost are those of the whole walk, per request."""
        paced = _pooled(result.paced, labels)
        saturated = _pooled(result.saturated, result.labels())
        rps = len(saturated.latencies) / result.saturated.seconds
        floor_rps = result.floor_saturated.rps("minimal")
        floor_p95 = result.floor_paced.stats.get("minimal", Stats()).percentile(95)
        cost = floor_rps / rps if rps else float("inf")
        p95 = paced.percentile(95)
        errors = paced.errors + _pooled(result.saturated, labels).errors
        queries = "/".join(sorted({str(counts[label]) for label in labels if label in counts}))
        p95_met = "–"
        if target and p95 == p95:
            p95_met = "yes" if p95 * 1000 < target else "**no**"
        floor_met = "yes" if cost <= FLOOR_RATIO_TARGET else "**no**"
        alone = _pooled(result.alone, labels)
        into.append(
            f"| {title}{f' ({errors} errors)' if errors else ''} | {queries or '–'} "
            f"| {rps:.1f} | {cost:.1f} | {_ms(paced.percentile(50))} | {_ms(p95)} "
            f"| {_ms(paced.percentile(99))} | {_ratio(p95, floor_p95)} "
            f"| {_ms(alone.percentile(50))} / {_ms(alone.percentile(95))} | {target or '–'} "
            f"| {p95_met} | {floor_met} |"
        )

    for result in results:
        for title, labels in _rows(result):
            row(title, labels, result, result.page.target_ms, lines)
        if len(result.labels()) > 1:
            for label in sorted(result.labels(), key=_walk_order):
                row(label.removeprefix("path: "), [label], result, result.page.target_ms, details)
    lines += [
        "",
        "**capacity**: requests per second with the users sending without pause. **cost × "
        "floor**: the minimal view's capacity divided by the page's (how many minimal views one "
        "page costs), each measured in the same minute. **p50/p95/p99**: latency with the users "
        "pausing between requests. **alone**: latency with one user and no pause, the page's "
        "own time without a queue. **queries**: per request, as the role that uses the page.",
        "",
        "### The guided path step by step",
        "",
        HEADER.replace("| page |", "| request |"),
        RULE,
        *details,
        "",
        "The guided path's capacity and cost are those of the whole walk (all its requests,",
        "in their fixed mix, per request): every row of the path shows the same figure.",
        "",
        "### Where the two cores went (saturated phases)",
        "",
        "| page | gunicorn | PostgreSQL (bench db) | load generator | everything else |",
        "|---|---:|---:|---:|---:|",
    ]
    for result in results:
        cpu = result.saturated.cpu
        if cpu:
            lines.append(
                f"| {result.page.title} | {cpu['server']:.0%} | {cpu['database']:.0%} "
                f"| {cpu['generator']:.0%} | {cpu['other']:.0%} |"
            )
    lines += [
        "",
        "*Everything else* is what other processes on the machine used meanwhile.",
        "",
        "### Memory",
        "",
        f"Peak resident memory (VmHWM) of each gunicorn worker after the whole run: "
        f"{', '.join(f'{kib / 1024:.0f} MiB' for kib in memory)} "
        f"(largest {max(memory) / 1024:.0f} MiB).",
        "",
    ]
    if sweep_rows:
        lines += [
            "### Worker set-ups tried (saturated, minimal view and referral page)",
            "",
            "| set-up | minimal req/s | minimal p95 ms | referral req/s | referral p95 ms "
            "| worker VmHWM MiB |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for (worker_class, workers, threads), figures in sweep_rows:
            name = f"{workers} sync" if worker_class == "sync" else f"{workers} gthread × {threads}"
            minimal, referral = figures["minimal"], figures["referral"]
            lines.append(
                f"| {name} | {minimal[0]:.0f} | {_ms(minimal[1])} | {referral[0]:.0f} "
                f"| {_ms(referral[1])} | {figures['memory'] / 1024:.0f} |"
            )
        lines.append("")
    if two:
        lines += ["### Two servers, one database", "", two, ""]
    lines.append(END_MARK)
    return "\n".join(lines)


def write_report(path: Path, generated: str) -> None:
    text = path.read_text() if path.exists() else "# Benchmarks\n\n" + START_MARK + END_MARK
    if START_MARK in text and END_MARK in text:
        before = text.split(START_MARK)[0]
        after = text.split(END_MARK, 1)[1]
        text = before + generated + after
    else:
        text = text.rstrip() + "\n\n" + generated + "\n"
    path.write_text(text)


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
        default=env("BENCH_WORKERS", "sweep"),
        help='"sweep" (try the set-ups in SWEEP and take the best), "3" (sync) or "gthread:2:4"',
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
    from bench import seed, two_servers
    from bench.pages import MINIMAL, PAGES, query_counts

    sizes = prepare_database(args.db, seed.CITY.times(args.scale), fresh=args.fresh)
    log("data: " + ", ".join(f"{k} {v}" for k, v in sizes.items()))
    pages = [p for p in PAGES if not args.pages or p.key in args.pages.split(",")]
    people = visitors(args.users)
    log("query counts (test client)")
    counts = query_counts([MINIMAL, *pages], {role: group[0] for role, group in people.items()})
    from django.db import connection

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

        def score(row):
            figures = row[1]
            return (figures["minimal"][0] * figures["referral"][0]) ** 0.5

        choice = max(sweep_rows, key=score)[0]
    else:
        choice = _server_choice(args.workers)
    server = Server(env, *choice).start(log_path)
    log(f"server: {server.label} on port {server.port}")
    try:
        results = await measure_pages(pages, MINIMAL, users, server, args, args.db)
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
