"""The pages the benchmark drives and the query-growth test counts, defined once.

Each page is a *walk*: a generator that yields the requests one visit makes and
receives each reply, so the same definition runs over real HTTP in
``bench/run.py`` (asyncio, many users) and through Django's test client in
``tests/test_query_growth.py``. A walk reads only what a browser would: status,
``Location`` and the HTML (the guided path reads the draft's revision from it).
"""

import re
import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.utils import timezone

from anhorigstod import roles
from bench.pages_outreach import OUTREACH_PAGES
from bench.walking import (
    FLOOR_RATIO_TARGET,
    TARGET_MS,
    Page,
    Reply,
    Request,
    Visitor,
    Walk,
    WalkFailed,
    _get,
)
from referrals.intake import examples, journey

__all__ = [
    "FLOOR_RATIO_TARGET",
    "OUTREACH_PAGES",
    "PAGES",
    "TARGET_MS",
    "Page",
    "Reply",
    "Request",
    "Visitor",
    "Walk",
    "WalkFailed",
]


TARGET_GROUPS = [
    "vbe",
    "criminal-lifestyle",
    "shootings-and-lethal-violence",
    "children-as-relatives",
]
QUERIES = ["anhöriga", "orosanmälan", "sekretess samtycke", "stöd till barn", "skyddad adress"]


def _directory_filters(visitor: Visitor) -> str:
    return visitor.pick(
        [
            f"/directory/?target_group=criminal-lifestyle&district={visitor.district}",
            "/directory/?category=civil_society&children=on",
            f"/directory/?language=ar&district={visitor.district}",
            "/directory/?target_group=shootings-and-lethal-violence&category=helpline",
        ]
    )


def _last_twelve_months(visitor: Visitor) -> str:
    today = timezone.localdate()
    since = today - timedelta(days=335)  # the current month and the eleven before it
    period = f"month_from={since:%Y-%m}&month_to={today:%Y-%m}"
    return f"/statistics/?{period}&district={visitor.district}"


def step_answers(district: str) -> dict[str, dict[str, str | list[str]]]:
    """Form data for each step, as a caseworker fills it in today in ``district``: the
    path's example answers (``referrals.intake.examples``) as a browser posts them."""
    answers = examples.example_answers(
        **{
            "first-contact": {
                "contact_date": f"{timezone.localdate():%Y-%m-%d}",
                "district": district,
            },
            "referral": {"internal": [f"relative-support-consultant@{district}"]},
        }
    )
    return {slug: examples.form_data(values) for slug, values in answers.items()}


_REVISION = re.compile(r'name="revision" value="(\d+)"')


def _path(prefix: str, answers: dict[str, dict[str, str | list[str]]]) -> Walk:
    """Start a draft, open and save each step of ``answers`` (in the path's order), check
    the answers, submit. Returns the contact's page the submit led to."""
    reply = yield Request(
        f"{prefix}: start", "POST", "/contacts/start/", {"start_token": str(uuid.uuid4())}, 302
    )
    url = reply.location
    for step, data in answers.items():
        page = yield Request(f"{prefix}: {step} (GET)", "GET", url)
        revision = _REVISION.search(page.text)
        if revision is None:
            raise WalkFailed(f"{step}: no revision on the page ({page.status})")
        saved = yield Request(
            f"{prefix}: {step} (POST)", "POST", url, {**data, "revision": revision.group(1)}, 302
        )
        url = saved.location
    if not url.endswith("/check/"):
        raise WalkFailed(f"the last step led to {url}, not the check page")
    yield Request(f"{prefix}: check answers (GET)", "GET", url)
    submitted = yield Request(f"{prefix}: submit (POST)", "POST", url, {}, 302)
    if "/contacts/AS-" not in submitted.location:
        raise WalkFailed(f"submit led to {submitted.location}")
    return submitted.location


def guided_path(visitor: Visitor) -> Walk:
    """Start a draft, open and save every step, check the answers, submit."""
    yield from _path("path", step_answers(visitor.district))


def child_answers(district: str) -> dict[str, dict[str, str | list[str]]]:
    """A 15-year-old sister who calls herself: the relative step says under 18, which
    opens the guardians' step and the child's own view (in the path's order)."""
    answers = step_answers(district)
    answers["relative"] = {
        **answers["relative"],
        **examples.form_data(CHILD_STEPS["relative"]),
    }
    extra = {slug: examples.form_data(values) for slug, values in CHILD_STEPS.items()}
    ordered: dict[str, dict[str, str | list[str]]] = {}
    for slug in journey.STEP_BY_SLUG:
        if slug in answers or slug in extra:
            ordered[slug] = answers.get(slug, extra.get(slug, {}))
    return ordered


CHILD_STEPS: dict[str, dict] = {
    "relative": {"relative_is_child": "yes", "age_group": "13-17", "relation": "sibling"},
    "guardians": {"guardians_known": "yes", "guardians_informed": "all", "guardians_note": ""},
    "child-view": {"child_view": "Jag vill prata med någon om min bror."},
}


def child_path(visitor: Visitor) -> Walk:
    """The guided path for a relative under 18: the guardians' and the child's steps."""
    yield from _path("child path", child_answers(visitor.district))


def information_answers(district: str) -> dict[str, dict[str, str | list[str]]]:
    answers = step_answers(district)
    answers["referral"] = examples.form_data(
        {
            "internal": [],
            "information_only": True,
            "information_given": "Gav numret till Bris och tider för öppen mottagning.",
        }
    )
    return answers


def information_path(visitor: Visitor) -> Walk:
    """The guided path that ends with information only: no referral is made."""
    yield from _path("information path", information_answers(visitor.district))


_VERSION = re.compile(r'name="version" value="(\d+)"')


def withdraw_referral(visitor: Visitor) -> Walk:
    """A referral sent to the wrong place, taken back before anyone accepts it: the
    walk sends it first (the guided path), so every walk has one of its own to withdraw."""
    contact = yield from _path("withdraw setup", step_answers(visitor.district))
    reference = contact.rstrip("/").rsplit("/", 1)[-1]
    url = f"/contacts/referrals/{reference}-1/withdraw/"
    page = yield Request("withdraw: reason (GET)", "GET", url)
    version = _VERSION.search(page.text)
    if version is None:
        raise WalkFailed(f"no version on the withdrawal page ({page.status})")
    reason = "Skickad till fel stadsdel."
    data = {"withdrawal_reason": reason, "version": version.group(1)}
    done = yield Request("withdraw: withdraw (POST)", "POST", url, data, 302)
    if "/contacts/AS-" not in done.location:
        raise WalkFailed(f"the withdrawal led to {done.location}")


def worklist(visitor: Visitor) -> Walk:
    """The caseworker's worklist searched by a label they typed, then by a reference."""
    label = visitor.pick(visitor.labels) if visitor.labels else "AB"
    reference = visitor.pick(visitor.contacts) if visitor.contacts else "AS-"
    yield Request("worklist: by label", "GET", f"/contacts/?{urlencode({'q': label})}")
    yield Request("worklist: by reference", "GET", f"/contacts/?{urlencode({'q': reference})}")


def handout_languages(visitor: Visitor) -> Walk:
    """The handout of one of the caseworker's contacts, printed in each language."""
    contact = visitor.pick(visitor.contacts)
    for code in HANDOUT_LANGUAGES:
        yield Request(f"handout: {code}", "GET", f"/contacts/{contact}/handout/?language={code}")


HANDOUT_LANGUAGES = ["sv", "sv-x-easy", "en"]


def _reach_referral(visitor: Visitor) -> str:
    return f"/referrals/{visitor.pick(visitor.reach_references)}/"


def _referral(visitor: Visitor) -> str:
    return f"/referrals/{visitor.pick(visitor.references)}/"


CW, CONSULTANT = roles.CASEWORKER, roles.CONSULTANT
MINIMAL = Page(
    "minimal", "Minimal view (floor)", CW, "floor", _get("minimal", lambda v: "/bench/minimal/")
)
PAGES: list[Page] = [
    Page("start", "Start page", CW, "read", _get("start", lambda v: "/")),
    Page(
        "target_group",
        "Target group page",
        CW,
        "read",
        _get("target_group", lambda v: f"/target-groups/{v.pick(TARGET_GROUPS)}/"),
    ),
    Page(
        "search",
        "Search",
        CW,
        "search",
        _get("search", lambda v: f"/search/?{urlencode({'q': v.pick(QUERIES)})}"),
    ),
    Page("directory", "Directory with filters", CW, "read", _get("directory", _directory_filters)),
    Page(
        "guided_path",
        "Guided path: every step and submit",
        CW,
        "step",
        guided_path,
        requests=1 + 2 * len(step_answers("farsta")) + 2,  # start, each step twice, check, submit
    ),
    Page(
        "guided_path_child",
        "Guided path, a relative under 18: every step and submit",
        CW,
        "step",
        child_path,
        requests=1 + 2 * len(child_answers("farsta")) + 2,
    ),
    Page(
        "guided_path_information",
        "Guided path, information only: every step and submit",
        CW,
        "step",
        information_path,
        requests=1 + 2 * len(information_answers("farsta")) + 2,
    ),
    Page(
        "withdraw",
        "Withdrawing a referral not yet accepted",
        CW,
        "step",
        withdraw_referral,
        requests=1 + 2 * len(step_answers("farsta")) + 2 + 2,  # the path that sends it first
    ),
    Page("worklist", "Worklist search", CW, "search", worklist, requests=2),
    Page("handout", "Handout in each language", CW, "read", handout_languages, requests=3),
    Page("inbox", "Consultant's inbox", CONSULTANT, "read", _get("inbox", lambda v: "/referrals/")),
    Page("referral", "Referral page", CONSULTANT, "read", _get("referral", _referral)),
    Page(
        "referral_reach",
        "Referral page: reach details, children, threat",
        CONSULTANT,
        "read",
        _get("referral_reach", _reach_referral),
    ),
    Page(
        "statistics",
        "Statistics, whole city, all time",
        CONSULTANT,
        "statistics",
        _get("statistics", lambda v: "/statistics/"),
    ),
    Page(
        "statistics_year",
        "Statistics, one district, 12 months",
        CONSULTANT,
        "statistics",
        _get("statistics_year", _last_twelve_months),
    ),
    *OUTREACH_PAGES,
]


# --- Query counts, through Django's test client ----------------------------------


def drive_with_test_client(client, walk: Walk, counts: dict[str, list[int]] | None = None):
    """Run one walk through Django's test client, counting each request's queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    request = next(walk)
    while True:
        with CaptureQueriesContext(connection) as queries:
            if request.method == "GET":
                response = client.get(request.path)
            else:
                response = client.post(request.path, request.data or {})
        if response.status_code != request.expect:
            raise AssertionError(
                f"{request.label}: {request.method} {request.path} gave "
                f"{response.status_code}, expected {request.expect}"
            )
        if counts is not None:
            counts[request.label].append(len(queries))
        reply = Reply(
            response.status_code,
            response.content.decode("utf-8", "replace"),
            response.headers.get("Location", ""),
        )
        try:
            request = walk.send(reply)
        except StopIteration:
            return


def query_counts(pages: list[Page], visitors: dict[str, Visitor]) -> dict[str, int]:
    """The queries each request of each page makes, as the page's role (the role's
    visitor in ``visitors``). Each page is walked once to warm up, then counted."""
    from collections import defaultdict

    from django.contrib.auth import get_user_model
    from django.test import Client

    counts: dict[str, list[int]] = defaultdict(list)
    for page in pages:
        visitor = visitors[page.role]
        client = Client()
        client.force_login(get_user_model().objects.get(username=visitor.username))
        drive_with_test_client(client, page.walk(visitor))
        drive_with_test_client(client, page.walk(visitor), counts)
    return {label: max(values) for label, values in counts.items()}
