"""The sweep over worker set-ups (``BENCH_WORKERS=sweep``): each set-up in
``bench.server.SWEEP`` serves the minimal view and the referral page without pause,
then the referral page paced, and ``sweep_choice`` takes one."""

import math

from bench import log
from bench.load import Stats, point, run_phase
from bench.server import SERVER_LOG, SWEEP, Server


async def sweep(minimal, probe, users, env, args, db_name) -> list[tuple[tuple, dict]]:
    """Each worker set-up on the minimal view and one page that reads much: saturated
    (what it serves) and, for the page, paced (the p95 the targets are about)."""
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
            group = point(users[probe.role], server.port, args.think)
            result = await run_phase(
                probe,
                group,
                seconds=2 * args.sweep_seconds,
                warmup=args.think + 2,
                think=args.think,
                stagger=args.think,
            )
            figures["paced"] = result.stats.get(probe.key, Stats()).percentile(95)
            figures["memory"] = max(server.peak_memory_kib())
            rows.append(((worker_class, workers, threads), figures))
            log(
                f"sweep {server.label}: "
                + ", ".join(f"{k} {v[0]:.0f}/s" for k, v in figures.items() if isinstance(v, tuple))
                + f", {probe.key} paced p95 {figures['paced'] * 1000:.0f} ms"
            )
        finally:
            server.stop()
    return rows


def sweep_choice(rows: list[tuple[tuple, dict]]) -> tuple:
    """The set-up whose probe page had the lowest paced p95: the targets are latencies
    at the paced load, not capacity. Within 10 % of the lowest, the one that served
    most minimal views and probe pages without pause. A set-up with no paced figure
    (every request failed) is never the lowest."""

    def paced(figures) -> float:
        return figures["paced"] if not math.isnan(figures["paced"]) else math.inf

    lowest = min(paced(figures) for _setup, figures in rows)
    close = [(setup, figures) for setup, figures in rows if paced(figures) <= 1.1 * lowest]

    def capacity(row):
        figures = row[1]
        rates = [figure[0] for figure in figures.values() if isinstance(figure, tuple)]
        return math.prod(rates) ** (1 / len(rates))

    return max(close, key=capacity)[0]
