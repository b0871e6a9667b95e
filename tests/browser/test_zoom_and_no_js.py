"""Usable at 400 % zoom and without JavaScript.

A 320 CSS px wide window is what a 1280 px wide screen shows at 400 % zoom
(WCAG 1.4.10 Reflow): the pages must fit without scrolling sideways, and the
main menu and the forms must stay within reach. Without JavaScript the guided
path must still take a caseworker all the way to a registered contact.
"""

from playwright.sync_api import expect

from anhorigstod import roles
from referrals.intake import journey
from referrals.models import Contact

from .test_accessibility import build_data, sign_in_as
from .test_guided_path_journeys import (
    first_contact,
    needs_and_referral,
    no_children_no_threats,
    nothing_shared,
    relative,
    save,
)

ZOOMED = {"width": 320, "height": 640}

OVERFLOW = """() => {
  const root = document.scrollingElement;
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth};
}"""

# Form controls that lie (partly) outside the window's width, so cannot be seen at once.
OFF_SCREEN_CONTROLS = """() => {
  const width = document.documentElement.clientWidth;
  const controls = document.querySelectorAll(
    "main input:not([type=hidden]), main select, main textarea, main button"
  );
  return [...controls]
    .filter((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && (box.left < -1 || box.right > width + 1);
    })
    .map((element) => element.outerHTML.slice(0, 120));
}"""

GUIDANCE = [
    "/",
    "/target-groups/shootings-and-lethal-violence/",
    "/entry-routes/noticed-through-person/",
    "/topics/secrecy-and-consent/",
    "/legal-references/",
    "/directory/?target_group=criminal-lifestyle",
    "/directory/fryshuset/",
    "/search/?q=samtycke",
    "/accessibility/",
]


def caseworker_urls(data) -> list[str]:
    draft = data["complete_draft"].pk
    reference = data["contact"].reference
    return [
        "/contacts/",
        *(f"/contacts/drafts/{draft}/{step.slug}/" for step in journey.STEPS),
        f"/contacts/drafts/{data['blocked_draft'].pk}/consent/",
        f"/contacts/drafts/{draft}/check/",
        f"/contacts/{reference}/",
        f"/contacts/{reference}/handout/",
    ]


def consultant_urls(data) -> list[str]:
    return [
        "/referrals/",
        f"/referrals/{data['referral'].reference}/",
        "/referrals/follow-up/",
        "/statistics/",
    ]


def administrator_urls(data) -> list[str]:
    return ["/statistics/", "/admin/", "/admin/guidance/service/", "/admin/guidance/service/add/"]


def reflow_problems(page, url: str) -> list[str]:
    page.goto(url)
    problems = []
    size = page.evaluate(OVERFLOW)
    if size["scrollWidth"] > size["clientWidth"] + 1:
        problems.append(
            f"{url}: rullar i sidled ({size['scrollWidth']} px innehåll i {size['clientWidth']} px)"
        )
    problems += [f"{url}: utanför fönstret: {html}" for html in page.evaluate(OFF_SCREEN_CONTROLS)]
    # Every form's submit button can be scrolled to and seen.
    # A button in a closed disclosure (<details>) is shown when it is opened.
    for button in page.locator("main form button[type=submit]:not(details:not([open]) *)").all():
        button.scroll_into_view_if_needed()
        if not button.is_visible():
            problems.append(f"{url}: knappen {button.inner_text()!r} syns inte")
    return problems


def menu_problems(page) -> list[str]:
    """The main menu wraps at 320 px: every link in it can be scrolled to, seen and used."""
    page.goto("/")
    menu = page.get_by_role("navigation", name="Huvudmeny")
    links = menu.get_by_role("link").all()
    problems = [] if links else ["huvudmenyn saknas"]
    for link in links:
        link.scroll_into_view_if_needed()
        if not link.is_visible():
            problems.append(f"menylänken {link.inner_text()!r} syns inte")
    links[-1].click()  # the last link, at the bottom of the wrapped menu, works
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return problems


def test_key_pages_reflow_at_400_percent_zoom(browser, live_server, guidance, make_user):
    data = build_data(make_user)
    pages = {
        roles.CASEWORKER: [*GUIDANCE, *caseworker_urls(data)],
        roles.CONSULTANT: consultant_urls(data),
        roles.ADMINISTRATOR: administrator_urls(data),
    }
    problems = []
    for role, urls in pages.items():
        context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport=ZOOMED)
        page = context.new_page()
        page.set_default_timeout(10_000)
        try:
            if role == roles.CASEWORKER:
                problems += [f"[anonym] {problem}" for problem in reflow_problems(page, "/login/")]
            sign_in_as(page, data["users"][role])
            problems += [f"[{role}] {problem}" for problem in menu_problems(page)]
            for url in urls:
                problems += [f"[{role}] {problem}" for problem in reflow_problems(page, url)]
        finally:
            context.close()
    assert not problems, "Vid 400 % förstoring (320 px):\n" + "\n".join(problems)


def test_the_guided_path_without_javascript(browser, live_server, guidance, make_user):
    user = make_user(roles.CASEWORKER, username="hanna", first_name="Hanna")
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in_as(page, user)
        page.get_by_role("link", name="Mina kontakter").first.click()
        page.get_by_role("button", name="Ny kontakt med en anhörig").click()
        first_contact(
            page,
            "Den anhöriga tar själv kontakt",
            "Anhöriga till personer med en kriminell livsstil",
        )
        relative(page)
        expect(page.get_by_role("heading", level=1)).to_have_text("Samtycke till kontakt")
        save(page)
        nothing_shared(page)
        no_children_no_threats(page)
        needs_and_referral(page, "Jourhavande medmänniska")
        expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera dina svar")
        page.get_by_role("button", name="Registrera och skicka hänvisningar").click()
        expect(page.get_by_text("Kontakten är registrerad.")).to_be_visible()
        page.get_by_role("link", name="Informationsblad till den anhöriga").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Stöd för dig som är anhörig")
        # Scripts really were off: app.js never defined its function.
        assert page.evaluate("() => typeof watchSessionIdle") == "undefined"
    finally:
        context.close()
    contact = Contact.objects.get(created_by=user)
    assert contact.referrals.count() == 2
