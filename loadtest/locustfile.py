"""Load test: caseworkers walk the guided path, consultants work their inbox.

Started by ``loadtest/run.py`` (``make loadtest``, ``make loadtest-short``)
against gunicorn and PostgreSQL. Every simulated user signs in once through
the login form, CSRF token and all, so the load is on the portal rather than on
the password hasher. Caseworkers record the drafts they submitted and how many
referrals each should give; run.py counts them in the database afterwards.

Users come from ``manage.py create_loadtest_users``; the password from
LOADTEST_PASSWORD. LOADTEST_RESULTS names the file the submitted drafts are
written to when locust quits.
"""

import datetime
import itertools
import json
import os
import random
import re
import sys
import uuid
from pathlib import Path

import django
import gevent
from locust import HttpUser, between, events, task
from locust.exception import StopUser
from locust.stats import StatsEntry

# The steps' own example answers are what the caseworkers post: Django is set up (with
# run.py's environment) only to read them, never to touch the database.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anhorigstod.settings")
django.setup()
from referrals.intake import examples  # noqa: E402

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")
RESULTS = os.environ.get("LOADTEST_RESULTS", "")
DOUBLE_CLICK_SHARE = 0.1  # submits posted twice, as a double click would

# draft id -> referrals it should have given; drafts whose submit was sent at all
submitted: dict[str, int] = {}
attempted: set[str] = set()
_caseworkers = itertools.count()
_consultants = itertools.count()


def _stats(entry) -> dict:
    return {
        "name": f"{entry.method or ''} {entry.name}".strip(),
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "median_ms": entry.median_response_time,
        "p95_ms": entry.get_response_time_percentile(0.95),
        "requests_per_s": round(entry.total_rps, 1),
    }


def _merged(stats, *, exclude: str) -> StatsEntry:
    """All requests but the sign-in ones: the load once users are at work."""
    merged = StatsEntry(stats, "All but sign-in", "", use_response_times_cache=False)
    for (name, _method), entry in stats.entries.items():
        if not name.startswith(exclude):
            merged.extend(entry)
    return merged


@events.quitting.add_listener
def _write_results(environment, **kwargs):
    """Written when every user has stopped, so late requests are counted too."""
    if not RESULTS:
        return
    stats = environment.stats
    with open(RESULTS, "w") as file:
        json.dump(
            {
                "submitted": submitted,
                "attempted": sorted(attempted),
                "requests": [_stats(entry) for _key, entry in sorted(stats.entries.items())],
                "total": _stats(stats.total),
                "total_after_sign_in": _stats(_merged(stats, exclude="/login/")),
                "errors": [
                    {"name": error.name, "error": str(error.error), "count": error.occurrences}
                    for error in stats.errors.values()
                ],
            },
            file,
            indent=1,
        )


def _find(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise ValueError(f"not on the page: {pattern}")
    return match.group(1)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)

    def sign_in(self, username: str) -> None:
        self.client.get("/login/", name="/login/")
        with self.client.post(
            "/login/",
            data={"username": username, "password": PASSWORD},
            headers=self.csrf(),
            name="/login/ (post)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"{username} could not sign in: {response.status_code}")
                raise StopUser()

    def csrf(self) -> dict:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}

    def post(self, url: str, data: dict, name: str, expect: int = 302):
        """A form post that must answer ``expect``; anything else is a failure."""
        with self.client.post(
            url,
            data=data,
            headers=self.csrf(),
            name=name,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} instead of {expect}")
                return None
            return response

    @staticmethod
    def pause():
        """A moment to read the page and fill the form in."""
        gevent.sleep(random.uniform(0.2, 0.8))  # noqa: S311 - not cryptography


class Caseworker(PortalUser):
    weight = 4

    def on_start(self):
        self.number = next(_caseworkers)
        self.sign_in(f"loadtest-caseworker-{self.number:03d}")
        self.district = None

    def answers(self, district: str, other_destination: bool) -> dict:
        """Each step's form data: the path's example answers, today, in ``district``."""
        answers = examples.example_answers(
            **{
                "first-contact": {
                    "contact_date": datetime.date.today().isoformat(),
                    "district": district,
                },
                "relative": {"pseudonym": f"Lasttest {uuid.uuid4().hex[:6]}"},
                "referral": {
                    "internal": [f"relative-support-consultant@{district}"],
                    "other_name": "Lasttestets mottagare" if other_destination else "",
                    "other_contact": "08-000 00 00" if other_destination else "",
                },
            }
        )
        return {slug: examples.form_data(values) for slug, values in answers.items()}

    @task
    def register_a_contact(self):
        page = self.client.get("/contacts/", name="/contacts/")
        start = self.post(
            "/contacts/start/",
            {"start_token": _find(r'name="start_token" value="([^"]+)"', page.text)},
            name="/contacts/start/",
        )
        if start is None:
            return
        draft_id = _find(r"/contacts/drafts/([0-9a-f-]{36})/", start.headers["Location"])
        draft_url = f"/contacts/drafts/{draft_id}"

        first = self.client.get(f"{draft_url}/first-contact/", name="/contacts/drafts/[id]/[step]/")
        if self.district is None:
            districts = re.findall(r'<option value="([a-z][a-z-]*)"', first.text)
            self.district = districts[self.number % len(districts)]
        other_destination = self.number % 2 == 1
        for slug, values in self.answers(self.district, other_destination).items():
            if slug != "first-contact":
                page = self.client.get(f"{draft_url}/{slug}/", name="/contacts/drafts/[id]/[step]/")
            else:
                page = first
            self.pause()
            revision = _find(r'name="revision" value="(\d+)"', page.text)
            if not self.post(
                f"{draft_url}/{slug}/",
                {**values, "revision": revision},
                name="/contacts/drafts/[id]/[step]/ (post)",
            ):
                return

        self.client.get(f"{draft_url}/check/", name="/contacts/drafts/[id]/check/")
        self.pause()
        attempted.add(draft_id)
        submit = self.post(f"{draft_url}/check/", {}, name="/contacts/drafts/[id]/check/ (submit)")
        if submit is None:
            return
        submitted[draft_id] = 2 if other_destination else 1
        contact_url = submit.headers["Location"]
        if random.random() < DOUBLE_CLICK_SHARE:  # noqa: S311
            again = self.post(
                f"{draft_url}/check/", {}, name="/contacts/drafts/[id]/check/ (double click)"
            )
            if again is not None and again.headers["Location"] != contact_url:
                again.failure("a second submit gave another contact")
        self.client.get(contact_url, name="/contacts/[reference]/")


class Consultant(PortalUser):
    weight = 1

    def on_start(self):
        self.sign_in(f"loadtest-consultant-{next(_consultants):03d}")

    def _references(self, page) -> list[str]:
        return re.findall(r'href="/referrals/(AS-\d{4}-\d+-\d+)/"', page.text)

    @task(3)
    def look_at_the_inbox(self):
        self.client.get("/referrals/", name="/referrals/")

    @task(1)
    def filter_the_inbox(self):
        self.client.get("/referrals/?status=sent", name="/referrals/?status=sent")

    @task(2)
    def receive_and_accept(self):
        inbox = self.client.get("/referrals/?status=sent", name="/referrals/?status=sent")
        references = self._references(inbox)
        if not references:
            return
        reference = random.choice(references)  # noqa: S311
        page = self.client.get(f"/referrals/{reference}/", name="/referrals/[reference]/")
        accept_url = f"/referrals/{reference}/move/accept/"
        if accept_url not in page.text:
            return
        self.pause()
        version = _find(r'name="version" value="(\d+)"', page.text)
        self.post(accept_url, {"version": version}, name="/referrals/[reference]/move/accept/")
