"""The benchmark's report: the tables that go to BENCHMARKS.md between the markers."""

import os
import platform
from datetime import datetime
from pathlib import Path

import psutil

from bench.load import PageResult, PhaseResult, Stats

START_MARK, END_MARK = "<!-- bench:start -->", "<!-- bench:end -->"


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


def _step_of(label: str) -> str:
    """A walk's label without its prefix: "child path: guardians (GET)" -> "guardians (GET)"."""
    return label.split(": ", 1)[-1]


def _walk_order(label: str) -> int:
    """A guided path's requests in the order a caseworker makes them."""
    from bench.pages import child_answers

    order = ["start"]
    for step in child_answers("farsta"):
        order += [f"{step} (GET)", f"{step} (POST)"]
    order += ["check answers (GET)", "submit (POST)"]
    step = _step_of(label)
    return order.index(step) if step in order else len(order)


def _pooled(result: PhaseResult, labels: list[str]) -> Stats:
    pooled = Stats()
    for label in labels:
        stats = result.stats.get(label, Stats())
        pooled.latencies += stats.latencies
        pooled.errors += stats.errors
    return pooled


def _is_path(label: str) -> bool:
    return "path: " in label or label.startswith("withdraw setup: ")


def _rows(result: PageResult) -> list[tuple[str, list[str]]]:
    """The report's rows for a page: (title, labels pooled into the row). A guided path
    gets one row for its step pages, one for its saves, and one each for the start, the
    check page and the submit (the single steps go in a table of their own); another
    walk of several requests (the handout, the worklist) one row per request."""
    labels = result.labels()
    if len(labels) == 1:
        return [(result.page.title, labels)]
    short = result.page.title.split(":")[0]
    path = [label for label in labels if _is_path(label)]
    if result.page.key == "withdraw":  # the path that sends the referral is set-up
        return [
            (f"{short}: sending it first (the guided path, {len(path)} requests)", path),
            *((f"{short}: {_step_of(label)}", [label]) for label in labels if label not in path),
        ]
    if not path:
        return [(f"{short}: {_step_of(label)}", [label]) for label in labels]
    steps = [label for label in path if label.endswith("(GET)") and "check" not in label]
    saves = [label for label in path if label.endswith("(POST)") and "submit" not in label]
    rest = [label for label in labels if label not in steps + saves]
    return [
        (f"{short}: the {len(steps)} step pages (GET)", steps),
        (f"{short}: saving each step (POST)", saves),
        *((f"{short}: {_step_of(label)}", [label]) for label in rest),
    ]


def _row(title, labels, result, target, counts) -> str:
    """One table row. A walk of several requests (the guided path) runs them in a
    fixed mix, so its capacity and cost are those of the whole walk, per request."""
    from bench.pages import FLOOR_RATIO_TARGET

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
        # A request that failed (a redirect to the login page answers fast) met nothing.
        p95_met = "yes" if p95 * 1000 < target and not errors else "**no**"
    floor_met = "yes" if cost <= FLOOR_RATIO_TARGET else "**no**"
    alone = _pooled(result.alone, labels)
    return (
        f"| {title}{f' ({errors} errors)' if errors else ''} | {queries or '–'} "
        f"| {rps:.1f} | {cost:.1f} | {_ms(paced.percentile(50))} | {_ms(p95)} "
        f"| {_ms(paced.percentile(99))} | {_ratio(p95, floor_p95)} "
        f"| {_ms(alone.percentile(50))} / {_ms(alone.percentile(95))} | {target or '–'} "
        f"| {p95_met} | {floor_met} |"
    )


def stack_cost_ms(bare_rps: float, minimal_rps: float) -> float:
    """What the stack adds to each request at capacity: 1/minimal − 1/bare, in ms."""
    if not bare_rps or not minimal_rps:
        return float("nan")
    return (1 / minimal_rps - 1 / bare_rps) * 1000


def stack_table(floors) -> list[str]:
    """The bare view next to the minimal one, at the start and at the end of the run."""
    lines = [
        "### The stack's cost per request",
        "",
        "| measured | bare req/s | minimal req/s | bare p95 ms | minimal p95 ms "
        "| stack's cost ms per request | machine's pace ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for floor in floors:
        bare, minimal = floor.rps()
        bare_p95 = floor.bare_paced.stats.get("bare", Stats()).percentile(95)
        minimal_p95 = floor.minimal_paced.stats.get("minimal", Stats()).percentile(95)
        lines.append(
            f"| at the {floor.when} | {bare:.0f} | {minimal:.0f} | {_ms(bare_p95)} "
            f"| {_ms(minimal_p95)} | {stack_cost_ms(bare, minimal):.2f} | {floor.pace_ms:.0f} |"
        )
    lines += [
        "",
        "**bare**: `/bench/bare/`, Django's handler and URL resolver with no middleware and "
        "no template (`bench/wsgi.py`). **minimal**: `/bench/minimal/`, the full middleware, a "
        "template and one query. **stack's cost**: 1/minimal − 1/bare at capacity, the server's "
        "time (both cores) that the middleware, the session and the template add to every page. "
        "**machine's pace**: the CPU time of a fixed loop of plain Python (`bench.floor."
        "machine_pace`), taken with no load running; a higher figure is a slower machine.",
        "",
    ]
    return lines


def report(
    *, results, floors, profile, counts, sizes, server, memory, sweep_rows, two, args
) -> str:

    floor_rps = [r.floor_saturated.rps("minimal") for r in results]
    floor_p95s = [r.floor_paced.stats.get("minimal", Stats()).percentile(95) for r in results]
    floors_rps = [floor.rps() for floor in floors]
    bares = [bare for bare, _minimal in floors_rps]
    floor_rps += [minimal for _bare, minimal in floors_rps]
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
        f"(a pause of {args.think:g} s ± 50 % after each response; the users arrive spread "
        f"over one pause and are counted once all have), {args.warmup:.0f} s "
        "warm-up before each; the minimal view runs just before each page |",
        "| Data | "
        + ", ".join(f"{v:,} {k}" if isinstance(v, int) else f"{k} {v}" for k, v in sizes.items())
        + " |",
        "",
        f"The minimal view (floor) served {min(floor_rps):.0f}–{max(floor_rps):.0f} "
        f"requests/s over the run, paced p95 {_ms(min(floor_p95s))}–{_ms(max(floor_p95s))} "
        f"ms; the bare view (no middleware) {min(bares):.0f}–{max(bares):.0f} requests/s.",
        "",
        HEADER,
        RULE,
    ]
    details = []

    for result in results:
        target = result.page.target_ms
        lines += [_row(title, labels, result, target, counts) for title, labels in _rows(result)]
        path = [label for label in result.labels() if _is_path(label)]
        if path and result.page.key != "withdraw":
            details += [
                _row(label.removeprefix("path: "), [label], result, target, counts)
                for label in sorted(path, key=_walk_order)
            ]
    lines += [
        "",
        "**capacity**: requests per second with the users sending without pause. **cost × "
        "floor**: the minimal view's capacity divided by the page's (how many minimal views one "
        "page costs), each measured in the same minute. **p50/p95/p99**: latency with the users "
        "pausing between requests. **alone**: latency with one user and no pause, the page's "
        "own time without a queue. **queries**: per request, as the role that uses the page.",
        "",
        "### The guided paths step by step",
        "",
        HEADER.replace("| page |", "| request |"),
        RULE,
        *details,
        "",
        "A walk's capacity and cost are those of the whole walk (all its requests, in their",
        "fixed mix, per request): every row of a walk shows the same figure.",
        "",
        "### Where the two cores went (saturated phases)",
        "",
        "| page | gunicorn | PostgreSQL (bench db) | load generator | everything else |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {result.page.title} | {cpu['server']:.0%} | {cpu['database']:.0%} "
        f"| {cpu['generator']:.0%} | {cpu['other']:.0%} |"
        for result in results
        if (cpu := result.saturated.cpu)
    ]
    lines += [
        "",
        "*Everything else* is what other processes on the machine used meanwhile.",
        "",
        *stack_table(floors),
        "### Each middleware's share (in-process)",
        "",
        profile,
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
            "### Worker set-ups tried (minimal view and referral page)",
            "",
            "Saturated (no pause), then the referral page paced. The run takes the set-up with "
            "the lowest paced p95, and of those within 10 % of it the one that serves most "
            "(`bench.sweep.sweep_choice`).",
            "",
            "| set-up | minimal req/s | minimal p95 ms | referral req/s | referral p95 ms "
            "| referral paced p95 ms | worker VmHWM MiB |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for (worker_class, workers, threads), figures in sweep_rows:
            name = f"{workers} sync" if worker_class == "sync" else f"{workers} gthread × {threads}"
            minimal, referral = figures["minimal"], figures["referral"]
            lines.append(
                f"| {name} | {minimal[0]:.0f} | {_ms(minimal[1])} | {referral[0]:.0f} "
                f"| {_ms(referral[1])} | {_ms(figures['paced'])} "
                f"| {figures['memory'] / 1024:.0f} |"
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
