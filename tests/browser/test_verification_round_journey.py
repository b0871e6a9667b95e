"""As the administrator: the start page says three entries are due, a round
records one unchanged, one updated and one closed, and the count drops."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from anhorigstod import roles
from guidance import models as m

KEYS = ("jourhavande-medmanniska-telefon", "bris-stodlinje", "aleris-trauma-och-stress")


def _three_due() -> list[m.Service]:
    today = timezone.localdate()
    m.Service.objects.update(last_verified_at=today)
    services = [m.Service.objects.get(key=key) for key in KEYS]
    for age, service in zip((900, 800, 700), services, strict=True):
        m.Service.objects.filter(pk=service.pk).update(last_verified_at=today - timedelta(days=age))
    return services


def _answer(page, service, outcome: str, method: str, note: str = "") -> None:
    page.get_by_label(f"Resultat – {service}", exact=True).select_option(label=outcome)
    page.get_by_label(f"Hur – {service}", exact=True).select_option(label=method)
    if note:
        page.get_by_label(f"Anteckning – {service}", exact=True).fill(note)


def test_a_verification_round_on_three_due_entries(page, sign_in):
    unchanged, updated, closed = _three_due()
    sign_in(roles.ADMINISTRATOR)

    page.goto("/admin/")
    summary = page.locator("#verification-summary")
    expect(summary).to_contain_text("3 stödtjänster behöver kontrolleras")
    summary.get_by_role("link", name="3 stödtjänster behöver kontrolleras").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Behöver kontrolleras")
    table = page.locator("#verification-round")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").first).to_contain_text(str(unchanged))  # oldest first
    expect(table.get_by_role("link", name="08-702 16 80")).to_have_attribute(
        "href", "tel:087021680"
    )

    _answer(page, unchanged, "Oförändrad", "Telefon", "Talade med volontären i jouren.")
    _answer(page, updated, "Uppdaterad", "Webbplats", "Nya öppettider på webben.")
    _answer(page, closed, "Nedlagd eller stängd", "Telefon")
    page.get_by_role("button", name="Spara kontrollerna").click()
    # the closed entry needs a reason; what was chosen is still there
    expect(page.get_by_text("Skriv varför tjänsten är nedlagd eller stängd.")).to_be_visible()
    expect(page.get_by_label(f"Anteckning – {updated}", exact=True)).to_have_value(
        "Nya öppettider på webben."
    )
    page.get_by_label(f"Anteckning – {closed}", exact=True).fill("Mottagningen har stängt.")
    page.get_by_role("button", name="Spara kontrollerna").click()

    expect(page.get_by_text("3 kontroller sparade.")).to_be_visible()
    expect(page.get_by_text("Inga stödtjänster här behöver kontrolleras.")).to_be_visible()
    page.get_by_role("link", name=str(updated)).click()
    expect(page).to_have_url(
        f"{page.url.split('/admin/')[0]}"
        f"{reverse('admin:guidance_service_change', args=[updated.pk])}"
    )

    page.goto("/admin/")
    expect(page.locator("#verification-summary")).to_contain_text(
        "0 stödtjänster behöver kontrolleras"
    )
    closed.refresh_from_db()
    assert closed.status == m.Service.Status.CLOSED
    assert closed.closure_reason == "Mottagningen har stängt."
    assert m.ServiceCheck.objects.filter(checked_by__username="user-administratör").count() == 3
