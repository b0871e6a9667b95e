"""The benchmark's virtual users signing in: once each through the login form before
the load, and again when their role has been idle past the session's limit."""

import asyncio
import random
from collections import defaultdict

from bench.server import HOST


class VirtualUser:
    def __init__(self, visitor, browser, think: float, rng: random.Random):
        self.visitor, self.browser, self.think, self.rng = visitor, browser, think, rng


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


# A session ends after SESSION_IDLE_SECONDS (15 minutes) without a request. A role
# whose pages come late in the run has sat idle that long while the other role's
# pages were measured, and would be measured on the redirect to the login page; its
# users sign in again first, as people do.
SIGN_IN_AGAIN_AFTER = 8 * 60


def idle_minutes(role: str, last_used: dict[str, float], began: float, now: float) -> float:
    """How long ``role``'s users have sent nothing: since their last page, or since
    ``began`` (signed in, or used by the sweep) when none of theirs has run yet."""
    return (now - last_used.get(role, began)) / 60


async def sign_in_again(users: list[VirtualUser], port: int) -> None:
    from bench.seed import BENCH_PASSWORD

    gate = asyncio.Semaphore(4)

    async def one(user: VirtualUser) -> None:
        user.browser.use(port)
        async with gate:
            await user.browser.login(user.visitor.username, BENCH_PASSWORD)

    await asyncio.gather(*(one(user) for user in users))
