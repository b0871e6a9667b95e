"""The administrator adds a local group and its service in one go (issue 15, ask 1):
the form's sections, the key made from the name, and the public page crediting
"Tillagd av administratör" rather than a seed document."""

import re

from playwright.sync_api import expect

from anhorigstod import roles
from guidance import models as m


def test_an_administrator_adds_a_local_group_with_its_service(page, sign_in):
    sign_in(roles.ADMINISTRATOR)
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()

    page.goto("/admin/guidance/organisation/add/")
    expect(page.get_by_role("heading", name="Om organisationen")).to_be_visible()
    source = page.locator("details", has=page.get_by_role("heading", name="Källa"))
    expect(source).not_to_have_attribute("open", re.compile(".*"))

    page.locator("#id_name").fill("Anhöriggruppen Farsta")
    page.locator("#id_category").select_option("civil_society")
    page.locator("#id_description").fill("En lokal grupp för anhöriga i Farsta.")
    page.locator("#id_website").fill("https://example.se/farsta")
    page.get_by_text(re.compile("Lägg till ytterligare", re.IGNORECASE)).click()
    page.locator("#id_services-0-name").fill("Samtalsgrupp för anhöriga")
    page.locator("#id_services-0-description").fill("Träffar varannan vecka.")
    page.locator("#id_services-0-who_it_helps").fill("Anhöriga i Farsta.")
    page.locator("#id_services-0-phone").fill("08-508 25 000")
    page.locator("input[name='_continue']").click()

    expect(page.locator(".messagelist")).to_contain_text("Anhöriggruppen Farsta")
    # The key made from the name, shown read-only in the folded source section.
    page.get_by_role("heading", name="Källa").first.click()
    key = page.locator(".field-key .readonly").first
    expect(key).to_have_text("anhoriggruppen-farsta")
    expect(page.locator("#id_source_section")).to_have_value(
        re.compile(r"^Tillagd av user-administratör \d{4}-\d{2}-\d{2}$")
    )

    service = m.Service.objects.get(name="Samtalsgrupp för anhöriga")
    page.goto(f"/admin/guidance/service/{service.pk}/change/")
    for section in ("Om tjänsten", "Vem den hjälper", "Kontakt", "Status och kontroll"):
        expect(page.get_by_role("heading", name=section)).to_be_visible()
    expect(page.locator("#id_key")).to_have_count(0)

    page.goto("/directory/anhoriggruppen-farsta/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anhöriggruppen Farsta")
    expect(page.locator(".source").first).to_contain_text(
        "Källa: Tillagd av administratör, Tillagd av"
    )
    expect(page.get_by_text("Samtalsgrupp för anhöriga")).to_be_visible()
    expect(page.get_by_role("link", name="08-508 25 000")).to_have_attribute(
        "href", "tel:0850825000"
    )
