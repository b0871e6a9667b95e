"""Putting mistakes right in Chromium: Back after a validation error shows the form
with its errors and the typed answers (never a resubmission page), deleting a draft
asks first, and a referral is withdrawn before it is accepted."""

from playwright.sync_api import expect

from anhorigstod import roles
from referrals.models import Draft, Referral
from tests.browser.test_guided_path_journeys import (
    first_contact,
    needs_and_referral,
    no_children_no_threats,
    nothing_shared,
    relative,
    save,
    start,
)


def _no_resubmission_page(page) -> None:
    """Chromium's "Confirm Form Resubmission" is an error page (ERR_CACHE_MISS)."""
    body = page.content()
    assert "ERR_CACHE_MISS" not in body
    assert "Confirm Form Resubmission" not in body
    assert "Bekräfta att formuläret skickas igen" not in body


def test_back_after_a_validation_error_shows_the_errors_and_the_answers(page, sign_in):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(roles.CASEWORKER)
    page.get_by_role("link", name="Mina kontakter").first.click()
    page.get_by_label("Etikett (valfri)").fill("AB")
    page.get_by_role("button", name="Ny kontakt med en anhörig").click()
    first_contact(
        page, "Den anhöriga tar själv kontakt", "Anhöriga till personer med en kriminell livsstil"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Den anhöriga")

    # An impossible date on the first step: the error comes back by redirect.
    page.get_by_role("link", name="Föregående steg").click()
    page.get_by_label("Datum för kontakten").fill("1850-01-01")
    save(page)
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Datumet kan inte ligga mer än")
    expect(page.get_by_label("Datum för kontakten")).to_have_value("1850-01-01")
    expect(page.get_by_label("Stadsdelsförvaltning")).to_have_value("farsta")
    expect(page.get_by_label("Den anhöriga tar själv kontakt")).to_be_checked()

    # Reload and Back repeat a GET: no resubmission page, no dialog, answers there.
    page.reload()
    _no_resubmission_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Situationen")
    expect(page.get_by_label("Stadsdelsförvaltning")).to_have_value("farsta")
    page.go_back()
    _no_resubmission_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Situationen")
    expect(page.get_by_label("Datum för kontakten")).not_to_have_value("")
    expect(page.get_by_label("Stadsdelsförvaltning")).to_have_value("farsta")
    page.go_forward()
    _no_resubmission_page(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Situationen")
    assert dialogs == []
    assert Draft.objects.get().answers["first-contact"]["contact_date"] == "2026-11-20"


def test_deleting_a_draft_asks_first(page, sign_in):
    sign_in(roles.CASEWORKER)
    page.get_by_role("link", name="Mina kontakter").first.click()
    page.get_by_label("Etikett (valfri)").fill("CD")
    page.get_by_role("button", name="Ny kontakt med en anhörig").click()
    page.get_by_role("link", name="Mina kontakter").first.click()
    expect(page.locator("table[data-list='drafts']")).to_contain_text("CD")

    page.get_by_role("link", name="Radera utkastet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vill du radera utkastet?")
    assert Draft.objects.count() == 1
    page.get_by_role("link", name="Nej, behåll det").click()
    expect(page.locator("table[data-list='drafts']")).to_contain_text("CD")

    page.get_by_role("link", name="Radera utkastet").click()
    page.get_by_role("button", name="Ja, radera utkastet").click()
    expect(page.get_by_text("Utkastet är raderat.")).to_be_visible()
    expect(page.get_by_text("Du har inga påbörjade kontakter.")).to_be_visible()
    assert Draft.objects.count() == 0


def test_a_referral_is_withdrawn_before_it_is_accepted(page, sign_in):
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
    page.get_by_role("button", name="Registrera och skicka hänvisningar").click()
    expect(page.get_by_text("Kontakten är registrerad.")).to_be_visible()
    internal = Referral.objects.get(provider__isnull=False)

    page.get_by_role("link", name=f"Återkalla hänvisningen {internal.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Återkalla hänvisningen")
    # Without a reason: the error, by redirect, and nothing withdrawn.
    page.get_by_role("button", name="Återkalla hänvisningen").click()
    expect(page.locator(".error-summary")).to_contain_text("Skriv varför hänvisningen återkallas.")
    page.reload()
    _no_resubmission_page(page)
    page.get_by_label("Varför återkallas hänvisningen?").fill("Skickad till fel stadsdel")
    page.get_by_role("button", name="Återkalla hänvisningen").click()
    expect(page.get_by_text("Hänvisningen är återkallad")).to_be_visible()
    expect(page.locator(f"li[id='{internal.reference}']")).to_contain_text(
        "Skäl: Skickad till fel stadsdel"
    )
    internal.refresh_from_db()
    assert internal.status == Referral.Status.WITHDRAWN
    assert internal.withdrawal_reason == "Skickad till fel stadsdel"
