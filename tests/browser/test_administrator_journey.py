"""The administrator's whole journey through issue 15 in Chromium ("Done when"):
add a local group with its service in one go, run a verification round on three
due entries (one unchanged, one updated, one closed), see the closure on a
caseworker's contact page and handout, resolve a fixture conflict, and export and
re-import the directory. Each part has its own, closer test beside this one; this
one checks that the parts meet on one database, one step after the other."""

import csv
import io
import re

from playwright.sync_api import expect

from anhorigstod import roles
from guidance import models as m
from referrals.models import Referral
from tests.browser.test_closure_journey import _sign_in
from tests.browser.test_fixture_conflict_journey import make_conflict
from tests.browser.test_verification_round_journey import _answer, _three_due
from tests.factories import ContactFactory

GROUP = "Anhöriggruppen Farsta"
GROUP_KEY = "anhoriggruppen-farsta"
GROUP_PHONE = "08-508 25 000"
UPDATED_PHONE = "08-702 00 00"
IMPORTED_PHONE = "08-555 123 45"
RECEPTION = "Mottagningen för vuxna"
RECEPTION_PHONE = "08-111 111 11"
CLOSED_NOTICE = re.compile(r"Tjänsten är nedlagd sedan \d{1,2} \w+ \d{4}\.")


def referred_contact(service: m.Service):
    """A Farsta caseworker's contact ("caseworker") whose referral went to ``service``."""
    m.District.objects.filter(key="farsta").update(
        reception_name=RECEPTION, reception_phone=RECEPTION_PHONE
    )
    contact = ContactFactory()
    Referral.objects.create(contact=contact, reference=f"{contact.reference}-9", service=service)
    return contact


def due_count(page) -> int:
    page.goto("/admin/")
    summary = page.locator("#verification-summary")
    expect(summary).to_contain_text(re.compile(r"\d+ stödtjänst(er)? behöver kontrolleras"))
    return int(re.search(r"(\d+) stödtjänst", summary.inner_text()).group(1))


def add_local_group(page) -> None:
    """Ask 1: the organisation and its service from the organisation page, in one go."""
    page.goto("/admin/guidance/organisation/add/")
    expect(page.get_by_role("heading", name="Om organisationen")).to_be_visible()
    page.locator("#id_name").fill(GROUP)
    page.locator("#id_category").select_option("civil_society")
    page.locator("#id_description").fill("En lokal grupp för anhöriga i Farsta.")
    page.get_by_text(re.compile("Lägg till ytterligare", re.IGNORECASE)).click()
    page.locator("#id_services-0-name").fill("Samtalsgrupp för anhöriga")
    page.locator("#id_services-0-description").fill("Träffar varannan vecka.")
    page.locator("#id_services-0-who_it_helps").fill("Anhöriga i Farsta.")
    page.locator("#id_services-0-phone").fill(GROUP_PHONE)
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist")).to_contain_text(GROUP)
    page.get_by_role("heading", name="Källa").first.click()
    expect(page.locator(".field-key .readonly").first).to_have_text(GROUP_KEY)

    service = m.Service.objects.get(name="Samtalsgrupp för anhöriga")
    page.goto(f"/admin/guidance/service/{service.pk}/change/")
    for section in ("Om tjänsten", "Vem den hjälper", "Kontakt", "Status och kontroll"):
        expect(page.get_by_role("heading", name=section)).to_be_visible()
    expect(page.locator("#id_key")).to_have_count(0)

    page.goto(f"/directory/{GROUP_KEY}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(GROUP)
    expect(page.locator(".source").first).to_contain_text("Källa: Tillagd av administratör")
    expect(page.get_by_role("link", name=GROUP_PHONE)).to_have_attribute("href", "tel:0850825000")


def run_verification_round(page, unchanged, updated, closed) -> None:
    """Ask 2: one round, three outcomes; the updated entry's phone changed on its form."""
    before = due_count(page)
    assert before >= 3
    page.locator("#verification-summary").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Behöver kontrolleras")
    rows = page.locator("#verification-round tbody tr")
    expect(rows).to_have_count(before)
    _answer(page, unchanged, "Oförändrad", "Telefon", "Talade med jouren.")
    _answer(page, updated, "Uppdaterad", "Webbplats", "Nytt nummer på webben.")
    _answer(page, closed, "Nedlagd eller stängd", "Telefon", "Mottagningen har stängt.")
    page.get_by_role("button", name="Spara kontrollerna").click()
    expect(page.get_by_text("3 kontroller sparade.")).to_be_visible()
    expect(rows).to_have_count(before - 3)
    expect(rows.first).to_contain_text(GROUP)  # never checked: its first check is due

    page.locator(".messagelist").get_by_role("link", name=str(updated)).click()
    page.locator("#id_phone").fill(UPDATED_PHONE)
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".messagelist .success")).to_contain_text(str(updated))
    page.goto(f"/admin/guidance/service/{updated.pk}/change/")
    expect(page.locator("#id_phone")).to_have_value(UPDATED_PHONE)

    assert due_count(page) == before - 3


def caseworker_sees_closure(page, contact, closed) -> None:
    """Ask 3: the contact page and the reprinted handout give the district instead."""
    page.get_by_role("button", name="Logga ut").click()
    _sign_in(page, "caseworker")
    page.goto(contact.get_absolute_url())
    expect(page.locator(f"[id='{contact.reference}-9']")).to_contain_text(CLOSED_NOTICE)
    page.goto(f"/contacts/{contact.reference}/handout/")
    handout = page.locator("article.handout")
    expect(handout).to_contain_text(CLOSED_NOTICE)
    expect(handout).to_contain_text(f"Kontakta {RECEPTION} på {RECEPTION_PHONE} i stället.")
    if closed.phone:
        expect(handout).not_to_contain_text(closed.phone)
    page.goto(contact.get_absolute_url())
    page.get_by_role("button", name="Logga ut").click()


def resolve_fixture_conflict(page, tmp_path, user) -> None:
    """Ask 4: the admin's phone and the fixture's differ; the fixture's is taken."""
    service = make_conflict(tmp_path, user)
    page.goto(f"/admin/guidance/service/{service.pk}/change/")
    box = page.get_by_role("region", name="Fixturen har en annan version")
    phone_row = box.locator("#skillnad-phone")
    expect(phone_row).to_contain_text("08-000 00 00")
    expect(phone_row).to_contain_text("08-222 22 22")
    phone_row.get_by_role("button", name="Använd fixturens version").click()
    expect(page.get_by_text("Fixturens version används för 1 fält.")).to_be_visible()
    expect(page.locator("#id_phone")).to_have_value("08-222 22 22")
    expect(box.locator("#skillnad-phone")).to_have_count(0)


def changed_export(page) -> tuple[bytes, str]:
    """The exported directory with the local group's phone changed, and the old phone."""
    page.goto("/admin/guidance/service/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exportera CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    row = next(row for row in rows if row["organisation_key"] == GROUP_KEY)
    old_phone, row["phone"] = row["phone"], IMPORTED_PHONE
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=list(rows[0]), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + output.getvalue()).encode(), old_phone


def export_and_reimport(page) -> None:
    """Ask 7: export, change one phone, preview, confirm, see it in the directory."""
    content, old_phone = changed_export(page)
    page.get_by_role("link", name="Läs in ändringar (CSV)").click()
    page.get_by_label("CSV-fil").set_input_files(
        files=[{"name": "katalog.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("0 nya, 1 ändrade")).to_be_visible()
    preview = page.get_by_role("table", name="Rader som ändras eller har fel")
    expect(preview).to_contain_text(f"telefon: {old_phone} → {IMPORTED_PHONE}")
    page.get_by_role("button", name="Genomför").click()
    expect(page.get_by_text("Importen är genomförd: 0 nya, 1 ändrade")).to_be_visible()
    page.goto(f"/directory/{GROUP_KEY}/")
    expect(page.get_by_role("link", name=IMPORTED_PHONE)).to_be_visible()
    expect(page.get_by_role("link", name=GROUP_PHONE)).to_have_count(0)


def test_the_administrators_journey_through_the_directory(page, sign_in, tmp_path):
    unchanged, updated, closed = _three_due()
    contact = referred_contact(closed)
    admin_user = sign_in(roles.ADMINISTRATOR)
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()

    add_local_group(page)
    run_verification_round(page, unchanged, updated, closed)
    caseworker_sees_closure(page, contact, closed)

    _sign_in(page, admin_user.username)
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    resolve_fixture_conflict(page, tmp_path, admin_user)
    export_and_reimport(page)
