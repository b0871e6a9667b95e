"""Every render of a contact or a referral page is recorded in the audit trail.

The pages show personal data (the safe-contact details among them) whatever
brought them up: a plain GET, a form shown again with its errors (after the
redirect of Post/Redirect/Get), the latest state after a concurrent change, a
print. The walk below makes each such request and checks that each render left
exactly one view event, and a redirect none.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEvent
from referrals.follow_up import lifecycle
from tests.factories import CONSENTED_CONTACT_STEPS

pytestmark = pytest.mark.django_db

VIEW_ACTIONS = (
    AuditEvent.Action.REFERRAL_VIEWED,
    AuditEvent.Action.CONTACT_VIEWED,
    AuditEvent.Action.CONTACT_PRINTED,
    AuditEvent.Action.HANDOUT_PRINTED,
)
PAGE_TEMPLATES = {
    "referrals/referral_detail.html": "referral",
    "referrals/contact_detail.html": "contact",
    "referrals/handout.html": "contact",
    "referrals/handout_child.html": "contact",
}
CONSENT = CONSENTED_CONTACT_STEPS
SAFE_CONTACT = "Ring aldrig efter kl 17"
CONTACT_VIEWED = AuditEvent.Action.CONTACT_VIEWED
EXTERNAL_OUTCOME = "referrals:contact_external_outcome"


@dataclass(frozen=True)
class Case:
    """One request: who makes it, to which URL, and what it must leave in the trail."""

    id: str
    role: str  # "consultant" (the referral page) or "caseworker" (the contact page)
    url: str  # a URL name; its one argument is the referral's or the contact's reference
    method: str = "get"
    data: dict = field(default_factory=dict)
    query: str = ""
    status: str = "received"
    external: bool = False
    answer: int = 200
    action: str = AuditEvent.Action.REFERRAL_VIEWED
    via: str | None = "page"  # None: no render, a redirect
    followed_via: str = "page"  # why the page the redirect leads to is shown
    move: str = ""
    shows_safe_contact: bool = True  # the handout names the destinations only


CASES = [
    Case("open-sent", "consultant", "referrals:referral_detail", status="sent"),
    Case("open-received", "consultant", "referrals:referral_detail"),
    # Each move with invalid input (no version at all): the page comes back with errors.
    *(
        Case(
            f"move-{action}-bad-input",
            "consultant",
            "referrals:referral_move",
            method="post",
            move=action,
            answer=302,
            via=None,
            followed_via="validation_error",
        )
        for action in lifecycle.TRANSITIONS
    ),
    # The assessment's own example: declining with nothing but the version.
    Case(
        "move-decline-only-version",
        "consultant",
        "referrals:referral_move",
        method="post",
        move="decline",
        data={"version": 0},
        answer=302,
        via=None,
        followed_via="validation_error",
    ),
    Case(
        "move-stale-version",
        "consultant",
        "referrals:referral_move",
        method="post",
        move="accept",
        data={"version": 7},
        answer=302,
        via=None,
        followed_via="concurrent_change",
    ),
    Case(
        "move-not-open-now",
        "consultant",
        "referrals:referral_move",
        method="post",
        move="accept",
        status="closed",
        data={"version": 0},
        answer=302,
        via=None,
    ),
    Case(
        "session-bad-input",
        "consultant",
        "referrals:referral_session",
        method="post",
        status="in_progress",
        data={"version": 0, "held_on": "2026-11-20", "form": "phone", "ors_score": "41"},
        answer=302,
        via=None,
        followed_via="validation_error",
    ),
    Case(
        "session-stale-version",
        "consultant",
        "referrals:referral_session",
        method="post",
        status="in_progress",
        data={"version": 7, "held_on": "2026-11-20", "form": "phone", "ors_score": "20"},
        answer=302,
        via=None,
        followed_via="concurrent_change",
    ),
    Case(
        "referral-withdraw-bad-input",
        "consultant",
        "referrals:referral_withdraw_consent",
        method="post",
        data={"withdrawn_on": "i morgon"},
        answer=302,
        via=None,
        followed_via="validation_error",
    ),
    Case("contact", "caseworker", "referrals:contact_detail", action=CONTACT_VIEWED),
    Case(
        "contact-print",
        "caseworker",
        "referrals:contact_detail",
        query="?print=1",
        action=AuditEvent.Action.CONTACT_PRINTED,
        via="print",
    ),
    Case(
        "handout",
        "caseworker",
        "referrals:contact_handout",
        action=AuditEvent.Action.HANDOUT_PRINTED,
        via="handout",
        shows_safe_contact=False,
    ),
    Case(
        "contact-withdraw-bad-input",
        "caseworker",
        "referrals:contact_withdraw_consent",
        method="post",
        data={"withdrawn_on": "i morgon"},
        answer=302,
        action=CONTACT_VIEWED,
        via=None,
    ),
    Case(
        "external-outcome-bad-input",
        "caseworker",
        "referrals:contact_external_outcome",
        method="post",
        external=True,
        data={"outcome": "vet inte"},
        answer=302,
        action=CONTACT_VIEWED,
        via=None,
    ),
]


def _view_events():
    return AuditEvent.objects.filter(action__in=VIEW_ACTIONS).order_by("pk")


def _renders(response) -> list[str]:
    """The contact and referral pages the response rendered (includes not counted)."""
    return [t.name for t in response.templates if t.name in PAGE_TEMPLATES]


@pytest.fixture
def subject(make_referral, make_draft, caseworker):
    """The referral (or, for an external one, its contact's referral) a case works on."""
    from referrals.intake.services import submit_draft

    def make(case: Case):
        safe = {"safe-contact": {"contact_times": SAFE_CONTACT}}
        if case.external:
            contact = submit_draft(
                draft=make_draft(
                    referral={"internal": [], "external": ["fryshuset-passus-anhorig"]}, **safe
                ),
                user=caseworker,
            )
            return contact.referrals.get()
        return make_referral(status=case.status, **CONSENT, **safe)

    return make


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_each_render_of_a_contact_or_referral_records_one_view(
    client, subject, consultant, caseworker, case
):
    referral = subject(case)
    contact = referral.contact
    user = consultant if case.role == "consultant" else caseworker
    client.force_login(user)
    if case.move:
        url = reverse(case.url, args=[referral.reference, case.move])
    elif case.url.startswith("referrals:contact_") and case.url != EXTERNAL_OUTCOME:
        url = reverse(case.url, args=[contact.reference])
    else:
        url = reverse(case.url, args=[referral.reference])
    before = list(_view_events().values_list("pk", flat=True))

    response = getattr(client, case.method)(url + case.query, case.data)

    assert response.status_code == case.answer
    new = list(_view_events().exclude(pk__in=before))
    renders = _renders(response)
    assert len(new) == len(renders)
    if case.via is None:
        assert renders == [] and new == []
        # The page the redirect leads to is a render like any other.
        followed = client.get(response.url)
        assert len(_renders(followed)) == 1
        new = list(_view_events().exclude(pk__in=before))
        via = case.followed_via
    else:
        via = case.via
        assert len(renders) == 1
        assert (SAFE_CONTACT in response.content.decode()) == case.shows_safe_contact
    assert len(new) == 1
    event = new[0]
    assert event.action == case.action
    assert event.actor == user
    assert event.contact_reference == contact.reference
    if case.role == "consultant":
        assert event.referral_reference == referral.reference
    assert event.details["via"] == via


def test_the_pages_are_rendered_only_by_the_functions_that_record_the_view():
    """A view that rendered a contact or referral template itself could skip the audit
    event; the templates are named in ``referrals/pages.py`` and nowhere else."""
    base = Path(settings.BASE_DIR)
    sources = [
        path
        for path in base.rglob("*.py")
        if not path.is_relative_to(base / ".venv") and not path.is_relative_to(base / "tests")
    ]
    naming = {
        str(path.relative_to(base))
        for path in sources
        for template in PAGE_TEMPLATES
        if template in path.read_text(encoding="utf-8")
    }
    assert naming == {"referrals/pages.py"}
    templates = [
        str(path.relative_to(base))
        for path in (base / "templates").rglob("*.html")
        for template in PAGE_TEMPLATES
        if template in path.read_text(encoding="utf-8")
    ]
    assert templates == []
