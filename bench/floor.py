"""The bare view next to the minimal one: what the stack costs every request.

At the start of the run and at its end, short phases of the bare view (Django
without the project's middleware, ``bench.wsgi``) and of the minimal view (the
full stack and a template), saturated then paced, on the same server and users.
The report (``bench.report.stack_table``) turns them into the stack's cost per
request: 1/minimal − 1/bare seconds of server time at capacity.
"""

import time
from dataclasses import dataclass

from bench import log
from bench.load import PhaseResult, point, run_phase
from bench.pages import CW
from bench.walking import Page, _get

BARE = Page(
    "bare", "Bare Django view (no middleware)", CW, "floor", _get("bare", lambda v: "/bench/bare/")
)


@dataclass
class FloorResult:
    """One measurement of the bare and the minimal view (``when``: "start" or "end")."""

    when: str
    bare_saturated: PhaseResult
    bare_paced: PhaseResult
    minimal_saturated: PhaseResult
    minimal_paced: PhaseResult
    pace_ms: float = float("nan")  # ``machine_pace()`` just before the phases

    def rps(self) -> tuple[float, float]:
        """Requests per second, saturated: (bare, minimal)."""
        return self.bare_saturated.rps("bare"), self.minimal_saturated.rps("minimal")


PACE_LOOPS = 1_000_000


def machine_pace(tries: int = 3) -> float:
    """CPU milliseconds of a fixed piece of plain Python (the best of ``tries``).

    Shared machines change pace by the hour: the same code and data have served the
    minimal view at 92 and at 218 requests/s in one run. This figure, measured with no
    load running, tells a slower machine from slower code."""
    best = float("inf")
    for _ in range(tries):
        started, total = time.process_time(), 0
        for number in range(PACE_LOOPS):
            total += number * number
        best = min(best, time.process_time() - started)
    return best * 1000


async def measure_floor(when: str, minimal, users, server, args) -> FloorResult:
    """Both views, saturated then paced, in short phases (a quarter of a page's)."""
    seconds = max(5.0, args.duration / 4)
    pace = machine_pace()
    phases = {}
    for page in (BARE, minimal):
        group = users[page.role]
        for think, name in ((0.0, "saturated"), (args.think, "paced")):
            point(group, server.port, think)
            phases[f"{page.key}_{name}"] = await run_phase(
                page,
                group,
                seconds=seconds if not think else 2 * seconds,
                warmup=args.warmup + think,  # paced users arrive over one pause
                think=think,
                stagger=think,
            )
    result = FloorResult(when, **phases, pace_ms=pace)
    bare, minimal_rps = result.rps()
    log(f"floor at the {when}: bare {bare:.0f}/s, minimal {minimal_rps:.0f}/s, pace {pace:.0f} ms")
    return result
