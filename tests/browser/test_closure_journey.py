"""A service closes (issue 15, ask 3), in Chromium: the administrator is kept from
deleting it and closes it with a reason and a date, told how many open referrals go
to it; the caseworker then sees the closure on the contact page, and the reprinted
handout gives the district's reception instead of the service's number."""

from playwright.sync_api import expect

from anhorigstod import roles
from guidance.models import District, Service
from referrals.models import Referral
from tests.browser.conftest import PASSWORD
from tests.factories import ContactFactory

SERVICE_PHONE = "08-765 432 10"


def _sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_administrator_closes_a_service_and_the_caseworker_sees_it(page, make_user):
    service = Service.objects.select_related("organisation").get(
        key="jourhavande-medmanniska-telefon"
    )
    Service.objects.filter(pk=service.pk).update(phone=SERVICE_PHONE)
    District.objects.filter(key="farsta").update(
        reception_name="Mottagningen för vuxna", reception_phone="08-111 111 11"
    )
    contact = ContactFactory()  # the caseworker "caseworker", in Farsta
    Referral.objects.create(contact=contact, reference=f"{contact.reference}-9", service=service)
    make_user(roles.ADMINISTRATOR, username="ada")

    # The administrator cannot delete the service and is pointed to closing it.
    _sign_in(page, "ada")
    page.goto(f"/admin/guidance/service/{service.pk}/delete/")
    expect(page.locator(".errornote")).to_contain_text("kan inte tas bort")
    expect(page.locator("#deleted-objects")).to_contain_text(
        "har 1 hänvisning och kan inte tas bort."
    )
    page.get_by_role("link", name="Stäng tjänsten i stället").click()

    # Closing with a reason and a date, told of the open referral in counts only.
    page.locator("#id_status").select_option(label="Nedlagd")
    page.get_by_label("Skäl till stängningen").fill("Föreningen har lagt ner telefonjouren")
    page.get_by_label("Stängd från").fill("2026-05-04")
    page.get_by_role("button", name="Spara", exact=True).click()
    warning = page.locator(".messagelist .warning")
    expect(warning).to_contain_text("1 öppen hänvisning går till tjänsten (Farsta 1).")
    expect(warning).not_to_contain_text(contact.reference)
    service.refresh_from_db()
    assert service.status == Service.Status.CLOSED
    page.get_by_role("button", name="Logga ut").click()

    # The caseworker's contact page and the reprinted handout.
    _sign_in(page, "caseworker")
    page.goto(contact.get_absolute_url())
    expect(page.locator(f"[id='{contact.reference}-9']")).to_contain_text(
        "Tjänsten är nedlagd sedan 4 maj 2026."
    )
    page.goto(f"/contacts/{contact.reference}/handout/")
    handout = page.locator("article.handout")
    expect(handout).to_contain_text(
        "Tjänsten är nedlagd sedan 4 maj 2026. Kontakta Mottagningen för vuxna på "
        "08-111 111 11 i stället."
    )
    expect(handout).not_to_contain_text(SERVICE_PHONE)
