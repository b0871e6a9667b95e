"""On the phone with a relative: the law as it stands, a number that says how
old it is, the district's own routine and contact, in Chromium."""

import re

from playwright.sync_api import expect

from anhorigstod import roles
from tests.browser.test_guided_path_journeys import (
    first_contact,
    needs_and_referral,
    no_children_no_threats,
    nothing_shared,
    relative,
    save,
    start,
    submit_and_print_handout,
)


def test_law_in_force_first_and_repealed_rules_say_so(page, sign_in):
    sign_in(roles.CASEWORKER)
    page.goto("/legal-references/")
    cards = page.locator("section.legal-reference")
    # The rules in force come first; a repealed rule is never "Kontrollerad".
    repealed = cards.filter(has_text="Upphävd 2025-06-30, ersatt av")
    expect(repealed).to_have_count(3)
    expect(repealed.locator(".text-bg-success")).to_have_count(0)
    count = cards.count()
    for position in range(count - 3):
        expect(cards.nth(position)).not_to_contain_text("Upphävd")
    for position in range(count - 3, count):
        expect(cards.nth(position)).to_contain_text("Upphävd 2025-06-30, ersatt av")

    # A support form cites the paragraph in its current form, marked unchecked.
    page.goto("/support-forms/assessed-intervention/")
    citation = page.locator("a.legal-reference-link").first
    expect(citation).to_contain_text("socialtjänstlagen (2025:400), tidigare 4 kap. 1 § SoL")
    expect(page.locator(".legal-unchecked").first).to_be_visible()
    citation.click()
    expect(page).to_have_url(re.compile(r"/legal-references/#sol-2025-400-bistand$"))


def test_children_page_gives_the_figures_with_their_source(page, sign_in):
    sign_in(roles.CASEWORKER)
    page.goto("/target-groups/children-as-relatives/")
    body = page.locator("main")
    expect(body).to_contain_text("17 procent")
    expect(body).to_contain_text(re.compile("mer än dubbelt så många", re.I))
    expect(body).not_to_contain_text("[lagrum:")
    expect(body).not_to_contain_text("Källorna säger inte")


def test_directory_entry_warns_that_its_check_is_old(page, sign_in):
    sign_in(roles.CASEWORKER)
    page.goto("/directory/?q=Jourhavande+medmänniska")
    card = page.locator("section.service").filter(has_text="08-702 16 80").first
    expect(card.get_by_role("link", name="08-702 16 80")).to_have_attribute("href", "tel:087021680")
    warning = card.locator(".service-check-due")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("senast 14 december 2021")


def test_district_pages_show_their_routine_or_say_there_is_none(page, sign_in):
    sign_in(roles.CASEWORKER)
    page.goto("/districts/rinkeby-kista/")
    routines = page.locator("section[aria-labelledby='rutiner']")
    expect(routines).to_contain_text("Uppsökande arbete efter skjutning")
    expect(routines).to_contain_text("hembesök")
    expect(page.locator(".district-contact")).to_contain_text("08-508 000 00")

    page.goto("/districts/sodermalm/")
    routines = page.locator("section[aria-labelledby='rutiner']")
    expect(routines).to_contain_text("Ingen lokal rutin registrerad")
    expect(routines).to_contain_text("Stadens standardrutin")


def test_handout_gives_the_relatives_district_and_its_number(page, sign_in):
    sign_in(roles.CASEWORKER)
    start(page)
    first_contact(
        page, "Den anhöriga tar själv kontakt", "Anhöriga till personer med en kriminell livsstil"
    )
    relative(page)
    save(page)  # consent: the route needs none
    nothing_shared(page)
    no_children_no_threats(page)
    needs_and_referral(page, "Jourhavande medmänniska")
    page.emulate_media(media="screen")
    submit_and_print_handout(page, "Jourhavande medmänniska")
    contact = page.locator("p.district-contact")
    expect(contact).to_contain_text("Farsta stadsdelsförvaltning")
    expect(contact).to_contain_text("08-508 000 00")
