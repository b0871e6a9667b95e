"""What a walk is made of, shared by the pages' modules (``bench.pages`` and
``bench.pages_outreach``): the requests a walk yields, the replies it receives, the
visitor who walks it and the page it measures."""

from collections.abc import Callable, Generator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    label: str  # one row of the results: a page, or one step of the guided path
    method: str
    path: str
    data: dict[str, str | list[str]] | None = None
    expect: int = 200


@dataclass(frozen=True)
class Reply:
    status: int
    text: str
    location: str = ""


@dataclass
class Visitor:
    """What one signed-in user brings to a walk: who they are and where they work."""

    username: str
    role: str
    district: str = "farsta"
    references: list[str] = field(default_factory=list)  # referrals in the user's inbox
    # A consultant: referrals whose relative can be reached (phone, e-mail, address with a
    # consent to contact), with children and a threat. A caseworker: own contacts of an
    # adult relative (the handout) and their labels (the worklist's search).
    reach_references: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    # Open serious incidents with a plan of the user's district, the most tasks first.
    incidents: list[str] = field(default_factory=list)
    visits: int = 0  # rotates the variants of a page (target groups, queries, filters)

    def pick(self, options: list):
        return options[self.visits % len(options)]


Walk = Generator[Request, Reply, None]


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    role: str
    kind: str  # "floor", "read", "search", "step", "statistics"
    walk: Callable[[Visitor], Walk]
    requests: int = 1  # in one walk

    @property
    def target_ms(self) -> int | None:
        return TARGET_MS.get(self.kind)


# p95 targets on the 2-core machine with 50 concurrent users.
TARGET_MS = {"read": 100, "search": 100, "step": 200, "statistics": 300}
# Every page should stay within this multiple of the minimal view.
FLOOR_RATIO_TARGET = 3.0


def _get(label: str, path: Callable[[Visitor], str]) -> Callable[[Visitor], Walk]:
    def walk(visitor: Visitor) -> Walk:
        yield Request(label, "GET", path(visitor))

    return walk


class WalkFailed(Exception):
    """A reply the walk cannot go on from (the status was already counted as an error)."""
