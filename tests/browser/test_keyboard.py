"""The whole guided path with the keyboard only, with a visible focus ring at every stop.

No clicks, no ``fill`` and no ``check``: Tab and Shift+Tab move, Space ticks a
box or a radio, the arrow keys move within a radio group, Enter follows a link
or presses a button, and text is typed (also into a closed select, which picks
the matching option). Each page is entered through the skip link, as a keyboard
user would, or opens at the main content when a form posted after using the skip
link carries its ``#main`` over the redirect.
"""

from playwright.sync_api import expect

from anhorigstod import roles
from referrals.models import Contact

from .conftest import PASSWORD

FOCUSED = """([selector, text]) => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    matches:
      element.matches(selector) && (!text || element.textContent.includes(text)),
    description: element.outerHTML.slice(0, 160),
    // A date field's focus is on its inner year, month or day part or calendar button.
    focusVisible:
      element.matches(":focus-visible") ||
      (element.matches("input[type=date]") && element.matches(":focus-within")),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth),
  };
}"""


def assert_focus_visible(focused: dict) -> None:
    assert focused["focusVisible"], f"no :focus-visible on {focused['description']}"
    assert focused["outlineStyle"] != "none" and focused["outlineWidth"] >= 2, (
        f"no visible outline ({focused['outlineStyle']} {focused['outlineWidth']}px) "
        f"on {focused['description']}"
    )


def focused(page, selector: str = "*", text: str = "") -> dict:
    return page.evaluate(FOCUSED, [selector, text])


def tab_to(page, selector: str, text: str = "", *, backwards: bool = False, limit: int = 60):
    """Press Tab (or Shift+Tab) until the focus is on ``selector``; every stop shows focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        state = focused(page, selector, text)
        assert_focus_visible(state)
        if state["matches"]:
            return
    raise AssertionError(f"{key} never reached {selector} {text!r}")


def press(page, key: str) -> None:
    page.keyboard.press(key)
    assert_focus_visible(focused(page))


def skip_to_content(page) -> None:
    """The first Tab on a page reaches the skip link; Enter moves focus to the main content.

    A form posted from a page reached through the skip link carries its ``#main``
    over the redirect, so the next page opens with the focus on the main content.
    """
    if page.url.endswith("#main"):
        assert focused(page, "main#main")["matches"]
        return
    page.keyboard.press("Tab")
    state = focused(page, "a.skip-link")
    assert state["matches"], f"first Tab stop is {state['description']}"
    assert_focus_visible(state)
    expect(page.get_by_role("link", name="Hoppa till innehållet")).to_be_visible()
    page.keyboard.press("Enter")
    assert focused(page, "main#main")["matches"]


def save_step(page, heading: str) -> None:
    tab_to(page, "button[type=submit]", "Spara och fortsätt")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(heading)


def choose_second_in_radio_group(page, name: str) -> None:
    """Tab into an unanswered yes/no group (focus on "Ja"), then ArrowDown to "Nej"."""
    tab_to(page, f"input[type=radio][name={name}]")
    press(page, "ArrowDown")
    assert focused(page, f"input[name={name}][value=no]:checked")["matches"]


def select_by_typing(page, name: str, text: str, expected: str) -> None:
    tab_to(page, f"select[name={name}]")
    page.keyboard.type(text)
    assert page.locator(f"select[name={name}]").input_value() == expected


def test_the_guided_path_with_the_keyboard_only(page, make_user):
    user = make_user(roles.CASEWORKER, username="hanna", first_name="Hanna")

    # The login form puts the focus in the user name field itself (autofocus).
    page.goto("/login/")
    assert focused(page, "input[name=username]")["matches"]
    page.keyboard.type(user.username)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vem har du framför dig?")

    # The skip link is the first stop; from the main content, back to the main menu.
    skip_to_content(page)
    tab_to(page, "nav a", "Mina kontakter", backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina kontakter")
    skip_to_content(page)
    tab_to(page, "button", "Ny kontakt med en anhörig")
    page.keyboard.press("Enter")

    # The situation: forget the target group, then put it right from the error summary.
    expect(page.get_by_role("heading", level=1)).to_have_text("Situationen")
    skip_to_content(page)
    select_by_typing(page, "district", "Farsta", "farsta")
    tab_to(page, "input[name=entry_route]")
    press(page, "Space")  # the first route: the relative gets in touch
    assert focused(page, "input[value=relative-contacted]:checked")["matches"]
    tab_to(page, "input[type=radio][name=event_kind]")
    for _ in range(3):  # from "Skjutning" down to "Ingen sådan händelse"
        press(page, "ArrowDown")
    assert focused(page, "input[name=event_kind][value=none]:checked")["matches"]
    choose_second_in_radio_group(page, "is_known_to_service")
    tab_to(page, "button[type=submit]", "Spara och fortsätt")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Något behöver rättas")).to_be_visible()
    skip_to_content(page)
    tab_to(page, ".error-summary a", "Välj minst en målgrupp")
    page.keyboard.press("Enter")
    tab_to(page, "input[name=target_groups][value=criminal-lifestyle]")
    press(page, "Space")
    # Back up with Shift+Tab to check the kept answers before saving.
    tab_to(page, "select[name=district]", backwards=True)
    assert page.locator("select[name=district]").input_value() == "farsta"
    save_step(page, "Situationen")

    expect(page.get_by_role("heading", level=1)).to_have_text("Den anhöriga")
    skip_to_content(page)
    select_by_typing(page, "relation", "Förälder", "parent")
    select_by_typing(page, "age_group", "45", "45-64")
    choose_second_in_radio_group(page, "relative_is_child")
    save_step(page, "Den anhöriga")

    expect(page.get_by_role("heading", level=1)).to_have_text("Säker kontaktväg")
    skip_to_content(page)
    tab_to(page, "input[name=contact_channel]")
    press(page, "Space")  # Telefon, the first channel
    tab_to(page, "textarea[name=contact_avoid]")
    page.keyboard.type("Inga brev hem")
    save_step(page, "Säker kontaktväg")

    expect(page.get_by_role("heading", level=1)).to_have_text("Samtycke till kontakt")
    skip_to_content(page)
    save_step(page, "Samtycke till kontakt")  # this route needs no consent

    expect(page.get_by_role("heading", level=1)).to_have_text("Sekretess")
    skip_to_content(page)
    tab_to(page, "input[name=decision]")
    press(page, "Space")  # nothing about the person is shared
    assert focused(page, "input[value=nothing]:checked")["matches"]
    save_step(page, "Sekretess")

    expect(page.get_by_role("heading", level=1)).to_have_text("Barn")
    skip_to_content(page)
    for name in ("children_in_household", "child_at_risk"):
        choose_second_in_radio_group(page, name)
    save_step(page, "Barn")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hot och skydd")
    skip_to_content(page)
    choose_second_in_radio_group(page, "threatened")
    save_step(page, "Hot och skydd")

    expect(page.get_by_role("heading", level=1)).to_have_text("Behov")
    skip_to_content(page)
    tab_to(page, "input[name=needs][value=advice]")
    press(page, "Space")
    save_step(page, "Behov")

    expect(page.get_by_role("heading", level=1)).to_have_text("Hänvisning")
    skip_to_content(page)
    tab_to(page, "input[name=internal][value='relative-support-consultant@farsta']")
    press(page, "Space")
    tab_to(page, "input[name=external][value=jourhavande-medmanniska-telefon]")
    press(page, "Space")
    save_step(page, "Hänvisning")

    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera dina svar")
    skip_to_content(page)
    tab_to(page, "button[type=submit]", "Registrera och skicka hänvisningar")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Kontakten är registrerad.")).to_be_visible()

    skip_to_content(page)
    tab_to(page, "a", "Informationsblad till den anhöriga")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stöd för dig som är anhörig")
    expect(page.get_by_text("08-702 16 80")).to_be_visible()

    contact = Contact.objects.get(created_by=user)
    assert contact.referrals.count() == 2
    assert contact.contact_avoid == "Inga brev hem"
