"""A caseworker finds what the stödmaterial says, in a real browser."""

import re

from playwright.sync_api import expect

from anhorigstod import roles


def test_caseworker_goes_from_target_group_to_directory_entry_search_and_print(page, sign_in):
    sign_in(roles.CASEWORKER)
    expect(page.get_by_role("heading", level=1)).to_have_text("Vem har du framför dig?")

    # Pick a target group and follow it to the directory.
    page.get_by_role("link", name=re.compile("skjutningar och dödligt våld", re.I)).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("skjutningar")
    expect(page.get_by_text("Källa:")).to_be_visible()
    page.get_by_role("link", name="Visa externt stöd för målgruppen i katalogen").click()
    expect(page).to_have_url(re.compile(r"/directory/\?target_group=shootings-and-lethal-violence"))
    page.get_by_role(
        "link", name=re.compile("Riksorganisationen för anhöriga till våldsdödade")
    ).first.click()
    expect(page.get_by_role("link", name=re.compile("rav.se")).first).to_be_visible()

    # Search with an inflected form.
    page.get_by_role("link", name="Sök", exact=True).click()
    page.get_by_label("Sök i vägledningen").fill("anhörigkonsulenter")
    page.get_by_role("button", name="Sök").click()
    expect(page.get_by_role("heading", name=re.compile(r"träffar? för"))).to_be_visible()
    expect(page.locator(".search-results li").first).to_be_visible()

    # The directory's print view: no navigation, contact details spelled out.
    page.goto("/directory/")
    page.get_by_role("link", name="Utskriftsvänlig version").click()
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_have_count(0)
    expect(page.get_by_text("08-702 16 80")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Skriv ut")).to_be_hidden()


def test_failed_logins_get_a_swedish_message_and_no_access(page, make_user):
    make_user(roles.CASEWORKER, username="hanna")
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill("hanna")
    page.get_by_label("Lösenord").fill("fel-losenord")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_text(re.compile("korrekt användarnamn och lösenord"))).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/"))
