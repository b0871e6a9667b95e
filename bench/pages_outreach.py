"""The outreach pages the benchmark drives and the query-growth test counts: the
serious incidents' list and page, registering one, marking a task of its plan done,
giving a task another owner on its own page, recording a relative reached, the
outreach statistics and their CSV, and the start page of someone with overdue tasks.

The walks know the addresses (the URL contract of ``referrals.outreach.urls``) but
not the forms' fields: they fill in the form they find on the page as a person
would (``bench.forms``), so a renamed field does not break them. Writing walks make
what they change themselves: marking a task done registers the incident first, so
every walk has an open task of its own.
"""

import re

from anhorigstod import roles
from bench import forms
from bench.walking import Page, Request, Visitor, Walk, WalkFailed, _get

LIST = "/outreach/"
REGISTER = "/outreach/register/"
STATISTICS = "/statistics/outreach/"
STATISTICS_CSV = "/statistics/outreach/export.csv"
# Where the incident page sends a relative reached and a task marked done.
REACHED_ACTION = r"^/outreach/[^/]+/reached/$"
DONE_ACTION = r"^/outreach/[^/]+/tasks/\d+/done/$"
REASSIGN_ACTION = r"^/outreach/[^/]+/tasks/\d+/reassign/$"
# A card's link to the task's own page, where the rarer changes are.
_TASK_PAGE = re.compile(r'href="(/outreach/AH-[^/"]+/tasks/\d+/)"')
_INCIDENT_PAGE = re.compile(r"^/outreach/AH-[^/]+/$")
# What the walks write as known: the seed never does, so a run can find and remove
# the incidents earlier runs registered (``bench.database``).
FACTS = "Belastningstest: skjutning vid torget på kvällen, en ung man avliden."


def incident_path(visitor: Visitor) -> str:
    """One of the visitor's open incidents (the one with most tasks first)."""
    if not visitor.incidents:
        raise WalkFailed(f"{visitor.username} follows no open incident")
    return f"{LIST}{visitor.pick(visitor.incidents)}/"


def _form(html: str, page: str, action: str) -> forms.Form:
    form = forms.find(html, page, action)
    if form is None:
        raise WalkFailed(f"no form posting to {action} on {page}")
    return form


def _register(prefix: str, visitor: Visitor) -> Walk:
    """Open the registration form and submit it as the visitor would: their own
    district where it happened and where the relatives live, the first kind, about two
    hours ago, a few words, a fresh start token. Returns the incident page's path."""
    page = yield Request(f"{prefix} (GET)", "GET", REGISTER)
    form = _form(page.text, REGISTER, r"^/outreach/register/$")
    data = forms.submitted(form, prefer=visitor.district, text=FACTS)
    for name, value in data.items():  # what is known, in a few words
        if value == "" and any(f.name == name and f.tag == "textarea" for f in form.fields):
            data[name] = FACTS
    saved = yield Request(f"{prefix} (POST)", "POST", form.action, data, 302)
    if not _INCIDENT_PAGE.match(saved.location):
        raise WalkFailed(f"registering led to {saved.location or 'no redirect'}")
    return saved.location


def register_incident(visitor: Visitor) -> Walk:
    """The registration form, then the registration (a new incident every time)."""
    yield from _register("register incident", visitor)


def task_done(visitor: Visitor) -> Walk:
    """Register an incident (its plan's tasks are open), open its page and mark the
    first task offered done, with the version the page gives."""
    incident = yield from _register("task done setup: register incident", visitor)
    page = yield Request("task done: incident page (GET)", "GET", incident)
    form = _form(page.text, incident, DONE_ACTION)
    data = forms.submitted(form, prefer=visitor.district)
    done = yield Request("task done (POST)", "POST", form.action, data, 302)
    if not done.location.startswith(incident):
        raise WalkFailed(f"marking the task done led to {done.location}")


def task_reassigned(visitor: Visitor) -> Walk:
    """Register an incident, open its page, follow the first task's link to its own
    page and save another unit as responsible, with the version the page gives."""
    incident = yield from _register("reassign setup: register incident", visitor)
    page = yield Request("reassign setup: incident page (GET)", "GET", incident)
    link = _TASK_PAGE.search(page.text)
    if link is None:
        raise WalkFailed(f"no link to a task's page on {incident}")
    task_page = yield Request("task page (GET)", "GET", link.group(1))
    form = _form(task_page.text, link.group(1), REASSIGN_ACTION)
    unit = {item.name: "SIG" for item in form.fields if item.name.endswith("-owner_unit")}
    data = forms.submitted(form, fill=unit)
    saved = yield Request("reassign (POST)", "POST", form.action, data, 302)
    if not saved.location.startswith(incident):
        raise WalkFailed(f"saving the owner led to {saved.location}")


def relative_reached(visitor: Visitor) -> Walk:
    """Open one of the visitor's incidents and record a relative reached for their
    district's plan, with the outcome and time the form offers first."""
    path = incident_path(visitor)
    page = yield Request("relative reached: incident page (GET)", "GET", path)
    form = _form(page.text, path, REACHED_ACTION)
    data = forms.submitted(form, prefer=visitor.district)
    yield Request("relative reached (POST)", "POST", form.action, data, 302)


CW, CONSULTANT = roles.CASEWORKER, roles.CONSULTANT
OUTREACH_PAGES: list[Page] = [
    Page(
        "incident_list",
        "Serious incidents: list",
        CONSULTANT,
        "read",
        _get("incident_list", lambda v: LIST),
    ),
    Page(
        "incident",
        "Serious incident page: many tasks, every district's progress",
        CONSULTANT,
        "read",
        _get("incident", incident_path),
    ),
    Page(
        "incident_register",
        "Registering a serious incident: its plan from the routine",
        CONSULTANT,
        "step",
        register_incident,
        requests=2,
    ),
    Page(
        "task_done",
        "Marking a task of the plan done",
        CONSULTANT,
        "step",
        task_done,
        requests=4,  # the registration that makes the task first
    ),
    Page(
        "task_reassigned",
        "Another owner for a task, on its own page",
        CONSULTANT,
        "step",
        task_reassigned,
        requests=5,  # the registration that makes the task first
    ),
    Page(
        "relative_reached",
        "Recording a relative reached",
        CONSULTANT,
        "step",
        relative_reached,
        requests=2,
    ),
    Page(
        "outreach_statistics",
        "Outreach statistics, whole city",
        CONSULTANT,
        "statistics",
        _get("outreach_statistics", lambda v: STATISTICS),
    ),
    Page(
        "outreach_statistics_csv",
        "Outreach statistics as CSV",
        CONSULTANT,
        "statistics",
        _get("outreach_statistics_csv", lambda v: STATISTICS_CSV),
    ),
    Page(
        "start_overdue",
        "Start page with overdue tasks",
        CW,
        "read",
        _get("start_overdue", lambda v: "/"),
    ),
]
