"""The load: virtual users walking a page's requests in closed loops, phase by phase,
with the CPU each part of the machine spent meanwhile."""

import asyncio
import contextlib
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

import psutil

from bench import log
from bench.server import Server
from bench.signing_in import (
    SIGN_IN_AGAIN_AFTER,
    VirtualUser,
    idle_minutes,
    sign_in_again,
)


def visitors(count: int) -> dict[str, list]:
    """``count`` caseworkers and ``count`` consultants of the seeded staff, each with
    their district, and for a consultant up to 200 referrals from their inbox; and the
    open incidents each follows (the seed gives every district's staff overdue tasks)."""
    from anhorigstod import roles
    from bench.pages import Visitor
    from bench.seed import PREFIX
    from bench.visitors import followed_incidents, own_contacts, reach_referrals
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
        references, reach, contacts = [], [], []
        if role == roles.CASEWORKER:
            contacts = list(own_contacts(user).values_list("reference", "label")[:50])
            if not contacts:
                continue
        if role == roles.CONSULTANT:
            references = list(
                access.received_referrals(user)
                .order_by("-created_at")
                .values_list("reference", flat=True)[:2000]
            )
            if not references:
                continue
            references = rng.sample(references, min(200, len(references)))
            reach = list(
                reach_referrals(user)
                .order_by("-created_at")
                .values_list("reference", flat=True)[:200]
            )
            if not reach:
                continue
        found[role].append(
            Visitor(
                user.username,
                role,
                district,
                references,
                reach_references=reach,
                contacts=[reference for reference, _label in contacts],
                labels=[label.split()[0] for _reference, label in contacts],
                incidents=list(followed_incidents(user).values_list("reference", flat=True)[:50]),
            )
        )
    return found


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


def _processes(server) -> list[psutil.Process]:
    """The gunicorn master and its workers."""
    processes = []
    for pid in (server.process.pid, *server.worker_pids()):
        with contextlib.suppress(psutil.Error):
            processes.append(psutil.Process(pid))
    return processes


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
        self.server0 = self._seconds(_processes(self.server))
        self.db0 = self._backends()
        self.me0 = self._seconds([psutil.Process()])

    def stop(self) -> dict[str, float]:
        capacity = (time.monotonic() - self.t0) * psutil.cpu_count()
        server = self._seconds(_processes(self.server)) - self.server0
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


class _Phase:
    """One closed-loop phase: the users, the clock and what was counted."""

    FAILURES_SHOWN = 5

    def __init__(self, page, *, warmup: float, seconds: float, think: float, stagger: float):
        self.page, self.think, self.stagger = page, think, stagger
        self.loop = asyncio.get_running_loop()
        begin = self.loop.time()
        self.counted_from, self.stop_at = begin + warmup, begin + warmup + seconds
        self.stats: dict[str, Stats] = defaultdict(Stats)
        self.failures: list[str] = []

    def running(self) -> bool:
        return self.loop.time() < self.stop_at

    def fail(self, text: str) -> None:
        if len(self.failures) < self.FAILURES_SHOWN:
            self.failures.append(text)

    async def send(self, user: VirtualUser, request):
        """One request, counted if it started after the warm-up; None if it failed."""
        started = self.loop.time()
        response = await user.browser.request(request.method, request.path, request.data)
        ok = response.status == request.expect
        if started >= self.counted_from:
            self.stats[request.label].latencies.append(self.loop.time() - started)
            self.stats[request.label].errors += 0 if ok else 1
        if not ok:
            self.fail(f"{request.label}: {response.status} {request.path}")
            return None
        return response

    async def walk_once(self, user: VirtualUser) -> None:
        """The page's walk, from its first request to its last or the end of time."""
        walk = self.page.walk(user.visitor)
        user.visitor.visits += 1
        request = next(walk)
        while self.running():
            response = await self.send(user, request)
            if response is None:
                return
            if self.think:
                await asyncio.sleep(user.rng.uniform(0.5, 1.5) * self.think)
            try:
                request = walk.send(response.reply())
            except StopIteration:  # the walk is done (raised here, not through the await)
                return

    async def user(self, user: VirtualUser) -> None:
        from bench.pages import WalkFailed

        if self.stagger:
            await asyncio.sleep(user.rng.uniform(0, self.stagger))
        while self.running():
            try:
                await self.walk_once(user)
            except (WalkFailed, OSError, asyncio.IncompleteReadError) as error:
                self.fail(f"{type(error).__name__}: {error}")
                await asyncio.sleep(0.1)


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
    phase = _Phase(page, warmup=warmup, seconds=seconds, think=think, stagger=stagger)
    tasks = [asyncio.create_task(phase.user(user)) for user in users]
    await asyncio.sleep(warmup)
    if meter:
        meter.start()
    await asyncio.gather(*tasks)
    cpu = meter.stop() if meter else {}
    for failure in phase.failures:
        log(f"    ! {failure}")
    return PhaseResult(seconds=seconds, stats=dict(phase.stats), cpu=cpu)


def point(users: list[VirtualUser], port: int, think: float) -> list[VirtualUser]:
    for user in users:
        user.browser.use(port)
        user.think = think
    return users


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
        if think and not stagger and not alone:
            # Paced users arrive as people do, spread over one pause, not all in the
            # same millisecond: counted once they all have.
            stagger, warmup = think, think + args.warmup
        return await run_phase(
            page,
            group,
            seconds=seconds,
            warmup=args.warmup if warmup is None else warmup,
            think=think,
            meter=meter,
            stagger=stagger,
        )

    began = time.monotonic()  # every role signed in or used by the sweep just before
    last_used: dict[str, float] = {}
    for page in pages:
        idle = idle_minutes(page.role, last_used, began, time.monotonic())
        if idle * 60 > SIGN_IN_AGAIN_AFTER:
            log(f"{page.role}: idle {idle:.0f} min, signing in again")
            await sign_in_again(users[page.role], server.port)
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
        last_used[page.role] = last_used[minimal.role] = time.monotonic()
        result = PageResult(page, saturated, paced, floor_saturated, floor_paced, alone)
        results.append(result)
        log(f"    floor {floor_saturated.rps('minimal'):.0f}/s")
        for label in result.labels():
            log(
                f"    {label}: {saturated.rps(label):.1f}/s saturated, paced p95 "
                f"{paced.stats.get(label, Stats()).percentile(95) * 1000:.0f} ms"
            )
    return results
