"""axe-core over every page type, signed in as each role: no WCAG 2.1 AA violations.

One browser context per role visits all of that role's pages and collects the
violations page by page; the test fails once, at the end, with a list naming
each page and rule. axe is injected with ``page.evaluate`` (a DevTools
evaluation, which the page's nonce-based Content-Security-Policy does not
govern), so the CSP stays on and is tested as served: neither
``add_script_tag`` nor ``bypass_csp`` is needed.
"""

import uuid
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from anhorigstod import roles
from guidance.models import District, InternalProvider
from referrals.follow_up import services as follow_up_services
from referrals.intake import journey, navigation
from referrals.intake import services as intake_services
from referrals.intake.examples import example_answers
from referrals.models import Draft, StaffProfile

from .conftest import PASSWORD

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe's "best practice" rules for the structure a screen reader user navigates by:
# headings in order, one main landmark, every landmark named apart, all content
# inside a landmark. Run on top of the WCAG tags.
STRUCTURE_RULES = [
    "heading-order",
    "landmark-one-main",
    "landmark-unique",
    "page-has-heading-one",
    "region",
]
DUPLICATE_IDS = """() => {
  const counts = {};
  for (const element of document.querySelectorAll("[id]")) {
    counts[element.id] = (counts[element.id] || 0) + 1;
  }
  return Object.keys(counts).filter((id) => counts[id] > 1);
}"""
AXE = Axe()

ANONYMOUS = "anonym"

# A 16-year-old sister as the relative: the child's steps apply, and the handout is
# the one written for a child.
CHILD_RELATIVE = {
    "relative": {"relation": "sibling", "age_group": "13-17", "relative_is_child": "yes"},
    "guardians": {
        "guardians_known": "yes",
        "guardians_informed": "some",
        "guardians_not_informed_reason": "related_person",
        "guardians_note": "Bor hos mamma.",
    },
    "child-view": {"child_view": "Jag vill prata med någon om min bror."},
    "referral": {
        "internal": ["outpatient-children@farsta"],
        "external": ["bris-stodlinje"],
    },
}
# The steps that ask something else for a child than for an adult.
CHILD_STEPS = ("guardians", "child-view", "consent")
# The handout written for a child, in Swedish and in English, by its heading.
CHILD_HANDOUTS = (
    ("sv", "Till dig som är barn eller ung"),
    ("en", "For you, a child or young person"),
)

# Every guidance page type, for every role: the templates are shared, but the
# header and navigation differ by role.
GUIDANCE_PAGES = [
    ("startsida", "/"),
    ("målgrupper", "/target-groups/"),
    ("målgrupp", "/target-groups/children-as-relatives/"),
    ("ingångar", "/entry-routes/"),
    ("ingång", "/entry-routes/noticed-through-person/"),
    ("stödformer", "/support-forms/"),
    ("stödform", "/support-forms/advice-and-support/"),
    ("intern verksamhet", "/providers/relative-support-consultant/"),
    ("ämnen", "/topics/"),
    ("ämne", "/topics/secrecy-and-consent/"),
    ("stadsdelar", "/districts/"),
    ("stadsdel", "/districts/farsta/"),
    ("goda exempel", "/good-practice/"),
    ("gott exempel", "/good-practice/hasselby-vallingby-anhorigstodjare/"),
    ("metoder", "/methods/"),
    ("metod", "/methods/ors/"),
    ("lagrum", "/legal-references/"),
    ("katalog", "/directory/"),
    (
        "katalog med filter",
        "/directory/?target_group=shootings-and-lethal-violence&district=farsta&children=on",
    ),
    ("organisation", "/directory/fryshuset/"),
    ("sökresultat", "/search/?q=anh%C3%B6rigkonsulent"),
    ("utskrift katalog", "/directory/?print=1"),
    ("utskrift ämne", "/topics/secrecy-and-consent/?print=1"),
    ("tvåfaktor", "/two-factor/setup/"),
    ("mitt konto", "/account/"),
    ("tillgänglighetsredogörelse", "/accessibility/"),
]


def axe_violations(page, name: str, role: str, excluded: list[str] = ()) -> list[str]:
    """Run axe on the current page; one readable line per violated rule."""
    rules = {rule: {"enabled": True} for rule in STRUCTURE_RULES}
    rules.update({rule: {"enabled": False} for rule in excluded})
    # An entry in "rules" overrides the tag selection of "runOnly", both ways.
    options = {
        "runOnly": {"type": "tag", "values": WCAG_21_AA},
        "resultTypes": ["violations"],
        "rules": rules,
    }
    results = AXE.run(page, options=options)
    lines = [
        f"[{role}] {name} ({page.url}): duplicate-id – id={id_!r} förekommer flera gånger"
        for id_ in page.evaluate(DUPLICATE_IDS)
    ]
    for violation in results.response["violations"]:
        targets = ", ".join(" ".join(map(str, node["target"])) for node in violation["nodes"][:3])
        lines.append(
            f"[{role}] {name} ({page.url}): {violation['id']} – {violation['help']} "
            f"({len(violation['nodes'])}×: {targets})"
        )
    return lines


def sign_in_as(page, user) -> None:
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def _draft(owner, **steps) -> Draft:
    return Draft.objects.create(
        owner=owner,
        start_token=uuid.uuid4(),
        path_version=journey.PATH_VERSION,
        answers=example_answers(**steps),
    )


def build_data(make_user) -> dict:
    """A caseworker with drafts and contacts, a consultant with a referral in progress."""
    caseworker = make_user(roles.CASEWORKER, username="hanna", first_name="Hanna")
    consultant = make_user(roles.CONSULTANT, username="kim", first_name="Kim")
    administrator = make_user(roles.ADMINISTRATOR, username="ada", first_name="Ada")
    StaffProfile.objects.create(
        user=consultant,
        district=District.objects.get(key="farsta"),
        provider=InternalProvider.objects.get(key="relative-support-consultant"),
    )

    # A contact with an external referral too, for the handout and my contacts.
    contact = intake_services.submit_draft(
        draft=_draft(caseworker, referral={"external": ["jourhavande-medmanniska-telefon"]}),
        user=caseworker,
    )
    referral = contact.referrals.get(provider__key="relative-support-consultant")
    referral = follow_up_services.move_referral(
        referral=referral, action="accept", user=consultant, expected_version=referral.version
    )
    today = date.today()
    for days_ago, ors in ((14, "12"), (1, "26.5")):
        follow_up_services.log_session(
            referral=referral,
            user=consultant,
            expected_version=referral.version,
            held_on=today - timedelta(days=days_ago),
            form="phone",
            minutes=45,
            ors_score=Decimal(ors),
            concerns="Oro för sonen" if days_ago == 1 else "",
        )
        referral.refresh_from_db()
    # A second referral, still waiting, for the inbox and follow-up.
    intake_services.submit_draft(draft=_draft(caseworker), user=caseworker)

    return {
        "users": {
            roles.CASEWORKER: caseworker,
            roles.CONSULTANT: consultant,
            roles.ADMINISTRATOR: administrator,
        },
        # After a shooting, so that the crisis step and the routine in "Gör nu" show.
        "complete_draft": _draft(
            caseworker,
            **{"first-contact": {"event_kind": "shooting", "event_date": "2026-11-18"}},
            crisis={"crisis_support_now": "yes", "flo_contact": "unknown"},
        ),
        "blocked_draft": _draft(
            caseworker,
            **{
                "first-contact": {
                    "entry_route": "noticed-through-person",
                    "is_known_to_service": "yes",
                },
                "consent": {"consent_given": "no"},
            },
        ),
        "contact": contact,
        "referral": referral,
        "child_draft": _draft(caseworker, **CHILD_RELATIVE),
        "child_contact": intake_services.submit_draft(
            draft=_draft(caseworker, **CHILD_RELATIVE), user=caseworker
        ),
    }


def caseworker_pages(data) -> list[tuple[str, str]]:
    draft = data["complete_draft"]
    reference = data["contact"].reference
    pages = [("mina kontakter", "/contacts/")]
    # Every step the draft's situation calls for (a shooting: the crisis step too).
    pages += [
        (f"steg {step.slug}", f"/contacts/drafts/{draft.pk}/{step.slug}/")
        for step in navigation.steps_for(journey.Answers(draft.answers))
    ]
    pages += [
        ("kontrollera dina svar", f"/contacts/drafts/{draft.pk}/check/"),
        ("kontakt", f"/contacts/{reference}/"),
        ("kontakt, utskrift", f"/contacts/{reference}/?print=1"),
        ("informationsblad", f"/contacts/{reference}/handout/"),
    ]
    return pages + child_pages(data)


def child_pages(data) -> list[tuple[str, str]]:
    """A child as the relative: the guardians, the child's own view, consent asked of
    the right person, and what shows them again. (The child's handout: ``CHILD_HANDOUTS``.)"""
    draft = data["child_draft"]
    reference = data["child_contact"].reference
    steps = {step.slug for step in navigation.steps_for(journey.Answers(draft.answers))}
    assert steps.issuperset(CHILD_STEPS), steps  # the draft really is a child's
    pages = [(f"barn, steg {slug}", f"/contacts/drafts/{draft.pk}/{slug}/") for slug in CHILD_STEPS]
    pages += [
        ("barn, kontrollera dina svar", f"/contacts/drafts/{draft.pk}/check/"),
        ("barn, kontakt", f"/contacts/{reference}/"),
    ]
    return pages


def consultant_pages(data) -> list[tuple[str, str]]:
    return [
        ("inkorg", "/referrals/"),
        ("inkorg med filter", "/referrals/?status=sent&overdue=on"),
        ("hänvisning med samtal och ORS", f"/referrals/{data['referral'].reference}/"),
        ("uppföljning", "/referrals/follow-up/"),
        ("statistik", "/statistics/"),
        ("statistik, utskrift", "/statistics/?print=1"),
    ]


def administrator_pages(data) -> list[tuple[str, str]]:
    return [("statistik", "/statistics/")]


# The Django admin, with the rules we cannot fix from our templates switched
# off for the one page where they fail, and nowhere else.
ADMIN_PAGES = [
    ("admin startsida", "/admin/", []),
    ("admin lista stödtjänster", "/admin/guidance/service/", []),
    ("admin lista lagrum", "/admin/guidance/legalreference/", []),
    (
        "admin formulär stödtjänst",
        "/admin/guidance/service/add/",
        # Django's own SelectFilter2.js (the two-list picker for target groups and
        # languages) puts aria-label on a plain <span> search icon, which ARIA does
        # not allow. The script is Django's, not ours; the picker's inputs have
        # proper labels, so the icon's name is only lost, nothing is hidden.
        ["aria-prohibited-attr"],
    ),
]

ROLE_PAGES = {
    roles.CASEWORKER: caseworker_pages,
    roles.CONSULTANT: consultant_pages,
    roles.ADMINISTRATOR: administrator_pages,
}


def visit(page, name: str, role: str, url: str, excluded=()) -> list[str]:
    response = page.goto(url)
    if response.status != 200 or urlsplit(page.url).path != urlsplit(url).path:
        return [f"[{role}] {name} ({url}): svarade {response.status} på {page.url}"]
    return axe_violations(page, name, role, excluded)


@pytest.mark.parametrize(
    "role",
    [roles.CASEWORKER, roles.CONSULTANT, roles.ADMINISTRATOR],
    ids=["anonym-och-handlaggare", "konsulent", "administrator"],
)
def test_every_page_type_has_no_wcag_21_aa_violations(page, make_user, role):
    data = build_data(make_user)
    found = []
    if role == roles.CASEWORKER:
        # The public pages, before signing in: a test function of its own would
        # cost another live server setup and guidance load.
        found += visit(page, "inloggning", ANONYMOUS, "/login/")
        page.get_by_role("button", name="Logga in").click()
        expect(page.locator(".invalid-feedback").first).to_be_visible()
        found += axe_violations(page, "inloggning med fel", ANONYMOUS)
        found += visit(page, "tillgänglighetsredogörelse", ANONYMOUS, "/accessibility/")

    sign_in_as(page, data["users"][role])
    for name, url in GUIDANCE_PAGES + ROLE_PAGES[role](data):
        found += visit(page, name, role, url)

    if role == roles.CASEWORKER:
        # A checkpoint that stops the path: consent refused.
        page.goto(f"/contacts/drafts/{data['blocked_draft'].pk}/consent/")
        expect(page.get_by_role("alert").filter(has_text="Stopp")).to_be_visible()
        found += axe_violations(page, "stoppat steg (samtycke)", role)
        # A new draft's first step, then the same step with validation errors.
        page.goto("/contacts/")
        page.get_by_role("button", name="Ny kontakt med en anhörig").click()
        found += axe_violations(page, "nytt utkast, första steget", role)
        page.get_by_label("Datum för kontakten").fill("")
        page.get_by_role("button", name="Spara och fortsätt").click()
        expect(page.get_by_text("Något behöver rättas")).to_be_visible()
        found += axe_violations(page, "steg med valideringsfel", role)
        # The handout written for a child (checked by its heading), in two languages.
        handout = f"/contacts/{data['child_contact'].reference}/handout/"
        for language, title in CHILD_HANDOUTS:
            page.goto(f"{handout}?language={language}")
            expect(page.get_by_role("heading", level=1)).to_have_text(title)
            found += axe_violations(page, f"barn, informationsblad ({language})", role)
    if role == roles.CONSULTANT:
        # The session form with validation errors on the referral page.
        page.goto(f"/referrals/{data['referral'].reference}/")
        page.get_by_role("button", name="Spara samtalet").click()
        expect(page.get_by_text("Välj form för samtalet.")).to_be_visible()
        found += axe_violations(page, "samtal med valideringsfel", role)
    if role == roles.ADMINISTRATOR:
        for name, url, excluded in ADMIN_PAGES:
            found += visit(page, name, role, url, excluded)
    assert not found, "Tillgänglighetsfel (axe-core, WCAG 2.1 AA):\n" + "\n".join(found)
