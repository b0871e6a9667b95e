"""In Chromium: the referral step says why each support is suggested, keeps
BRA-samtal as guidance for staff, and a call can end with information only.
Search finds the words relatives use and says why an item matched."""

import re

from playwright.sync_api import expect

from anhorigstod import roles
from referrals.models import Contact
from tests.browser.test_guided_path_journeys import (
    choose,
    first_contact,
    nothing_shared,
    relative,
    save,
    start,
)


def test_a_call_that_only_gives_information_after_must_have_suggestions(page, sign_in):
    sign_in(roles.CASEWORKER)
    start(page)
    first_contact(
        page, "Den anhöriga tar själv kontakt", "Anhöriga till personer med en kriminell livsstil"
    )
    relative(page)
    save(page)  # consent: the route needs none
    nothing_shared(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Barn")
    choose(page, "children_in_household", "yes")
    choose(page, "child_at_risk", "no")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hot och skydd")
    choose(page, "threatened", "no")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Behov")
    page.get_by_label("Råd och stöd (samtal)").check()
    save(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Hänvisning")
    first_external = page.locator("input[name='external']").first
    expect(first_external).to_have_attribute("value", "bris-stodlinje")
    expect(
        page.get_by_text(re.compile(r"Föreslås för att: barn och unga kan själva ringa Bris"))
    ).to_be_visible()
    expect(page.locator("input[value='bufff-stod']")).to_have_count(0)
    expect(page.locator("input[value='allmanna-barnhuset-bra-samtal']")).to_have_count(0)
    methods = page.get_by_role("region", name="Metoder för dig som personal (inte mottagare)")
    expect(methods.get_by_role("link", name=re.compile("BRA-samtal"))).to_be_visible()

    page.get_by_label("Ingen hänvisning – bara råd och information").check()
    save(page)
    expect(
        page.get_by_text("Skriv kort vilka råd och vilken information du gav.", exact=True)
    ).to_be_visible()
    page.get_by_label("Vilka råd och vilken information fick den anhöriga?").fill(
        "Berättade om Bris stödlinje för barnen."
    )
    save(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera dina svar")
    page.get_by_role("button", name=re.compile("Registrera")).click()
    expect(page.get_by_text("Ingen hänvisning – bara råd och information.")).to_be_visible()
    expect(page.get_by_text("Berättade om Bris stödlinje för barnen.")).to_be_visible()
    page.get_by_role("link", name="Informationsblad till den anhöriga").click()
    expect(
        page.get_by_text(re.compile("fått råd och information. Ingen hänvisning"))
    ).to_be_visible()
    contact = Contact.objects.get()
    assert contact.referrals.count() == 0


def test_search_finds_the_words_relatives_use(page, sign_in):
    sign_in(roles.CASEWORKER)
    page.goto("/search/?q=s%C3%B6mnproblem")
    results = page.locator("ol.search-results")
    expect(results.get_by_role("link", name="Krisstöd", exact=True)).to_be_visible()
    expect(results.get_by_text("Träff på: krisstöd (sökt: sömnproblem)").first).to_be_visible()
