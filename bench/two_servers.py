"""``make bench-two-servers``: the app tier keeps no state of its own.

Two gunicorn servers run on the same PostgreSQL. One caseworker logs in on the
first, then walks the whole guided path with every request going to the other
server than the one before (a step's page from one, its save to the other),
submits, and submits again on the other server (a double click that a load
balancer sent elsewhere). The check passes when the session, the draft and
the static files work on both, and the database holds exactly one contact for
the draft. Sessions and drafts live in the database and static files are
served by whitenoise from every server, so nothing else is needed.
"""

import asyncio
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from bench import log
from bench.database import prepare_database, setup_django
from bench.server import HOST, SERVER_LOG, Server

_DRAFT = re.compile(r"/contacts/drafts/([0-9a-f-]{36})/")
_STYLESHEET = re.compile(r'href="(/static/css/app\.[0-9a-f]+\.css)"')


@dataclass
class Outcome:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def expect(self, condition: bool, text: str) -> None:
        self.ok = self.ok and bool(condition)
        self.lines.append(f"- {'ok' if condition else 'FAILED'}: {text}")

    def markdown(self) -> str:
        verdict = "**Passed**" if self.ok else "**FAILED**"
        return "\n".join(
            [
                f"{verdict}: two gunicorn servers (one sync worker each) on the same "
                "database; every request of the guided path went to the other server "
                "than the one before.",
                "",
                *self.lines,
            ]
        )


async def check(env: dict[str, str], log_path: Path) -> Outcome:
    from bench.client import Browser
    from bench.pages import Visitor, guided_path
    from bench.seed import BENCH_PASSWORD, PREFIX
    from referrals.models import Contact, Draft, StaffProfile

    def caseworker() -> Visitor:
        profile = (
            StaffProfile.objects.filter(
                user__username__startswith=f"{PREFIX}handlaggare", district__isnull=False
            )
            .select_related("user", "district")
            .order_by("user__username")
            .first()
        )
        return Visitor(profile.user.username, "caseworker", profile.district.key)

    def contacts_for(draft_id: str) -> tuple[int, str | None]:
        draft = Draft.objects.select_related("contact").get(pk=draft_id)
        count = Contact.objects.filter(source_draft=draft_id).count()
        return count, draft.contact.reference if draft.contact else None

    outcome = Outcome()
    visitor = caseworker()
    first = Server(env, "sync", 1).start(log_path)
    second = Server(env, "sync", 1).start(log_path)
    servers = {first.port: "A", second.port: "B"}
    browser = Browser(HOST, first.port)
    try:
        await browser.login(visitor.username, BENCH_PASSWORD)
        browser.use(second.port)
        mine = await browser.get("/contacts/")
        outcome.expect(
            mine.status == 200, f"logged in on A, *Mina kontakter* opens on B ({mine.status})"
        )

        walk = guided_path(visitor)
        request, port, trail, last = next(walk), second.port, [], None
        try:
            while True:
                port = first.port if port == second.port else second.port
                browser.use(port)
                response = await browser.request(request.method, request.path, request.data)
                trail.append(f"{request.label.removeprefix('path: ')} on {servers[port]}")
                if response.status != request.expect:
                    outcome.expect(False, f"{request.label} on {servers[port]}: {response.status}")
                    break
                last = (request, response)
                request = walk.send(response.reply())
        except StopIteration:
            pass
        outcome.lines.append(f"- the walk: {', '.join(trail)}")
        check_request, submitted = last
        draft = _DRAFT.search(check_request.path)
        outcome.expect(draft is not None, "the draft's address was followed across the servers")
        contact_url = submitted.location
        other = first.port if port == second.port else second.port
        browser.use(other)
        again = await browser.post(check_request.path, {})
        outcome.expect(
            again.status == 302 and again.location == contact_url,
            f"submitting again on {servers[other]} leads to the same contact ({contact_url})",
        )
        count, reference = contacts_for(draft.group(1))
        outcome.expect(
            count == 1 and reference and reference in contact_url,
            f"the database holds exactly one contact for the draft ({count}, {reference})",
        )

        page = await browser.get(contact_url)
        stylesheet = _STYLESHEET.search(page.body.decode())
        outcome.expect(stylesheet is not None, "the contact page names a hashed stylesheet")
        if stylesheet:
            bodies = []
            for port in (first.port, second.port):
                browser.use(port)
                asset = await browser.get(stylesheet.group(1))
                bodies.append((asset.status, asset.body))
            outcome.expect(
                all(status == 200 for status, _b in bodies) and bodies[0][1] == bodies[1][1],
                f"both servers serve {stylesheet.group(1)} (whitenoise), byte for byte the same",
            )
    finally:
        await browser.close()
        first.stop()
        second.stop()
    return outcome


def main() -> int:
    db_name = os.environ.get("BENCH_DB", "anhorig_bench")
    env = setup_django(db_name)
    from bench.seed import Sizes  # a model import: after Django's set-up

    # Only staff is needed here; a database seeded by ``make bench`` is used as it is.
    prepare_database(
        db_name,
        Sizes(
            staff=15, directory=0, contacts=0, referrals=0, sessions=0, audit_events=0, incidents=0
        ),
    )
    outcome = asyncio.run(check(env, SERVER_LOG))
    print(outcome.markdown())
    log("two-server check " + ("passed" if outcome.ok else "FAILED"))
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
