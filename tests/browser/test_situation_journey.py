"""The situation first, in Chromium: a mother calls after her son was shot in
Rinkeby-Kista, and a call with no event."""

import datetime

from django.utils import timezone
from playwright.sync_api import expect

from anhorigstod import roles
from tests.browser.test_guided_path_journeys import choose, save, start

SHOOTINGS = "Anhöriga till personer som drabbats av skjutningar och dödligt våld"


def situation(page, district: str, event: str, event_date: str = "") -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Situationen")
    page.get_by_label("Stadsdelsförvaltning").select_option(label=district)
    page.get_by_label("Den anhöriga tar själv kontakt").check()
    page.get_by_label(SHOOTINGS).check()
    choose(page, "event_kind", event)
    page.get_by_label("Datum för händelsen").fill(event_date)
    choose(page, "is_known_to_service", "no")
    save(page)


def test_a_mother_after_her_son_was_shot_in_rinkeby_kista(page, sign_in):
    sign_in(roles.CASEWORKER)
    start(page)
    expect(page.locator(".do-now")).to_contain_text("Listan fylls i")

    # A date in the future is refused in Swedish, and nothing typed is lost.
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    situation(page, "Rinkeby-Kista", "shooting", tomorrow.isoformat())
    expect(page.get_by_text("Datumet kan inte ligga i framtiden.").first).to_be_visible()
    expect(page.get_by_label(SHOOTINGS)).to_be_checked()
    three_days_ago = timezone.localdate() - datetime.timedelta(days=3)
    page.get_by_label("Datum för händelsen").fill(three_days_ago.isoformat())
    save(page)

    # The shooting-specific questions come next, with the district's routine.
    expect(page.get_by_role("heading", level=1)).to_have_text("Krisstöd efter händelsen")
    progress = page.get_by_role("navigation", name="Stegen")
    expect(progress).to_contain_text("Krisstöd efter händelsen")
    do_now = page.locator(".do-now")
    expect(do_now.get_by_role("heading", name="Gör nu")).to_be_visible()
    expect(do_now).to_contain_text("Uppsökande arbete efter skjutning")
    expect(do_now).to_contain_text("erbjuder ett hembesök för att beklaga sorgen")
    expect(do_now).to_contain_text("Biträdande enhetschef för SIG vuxna")
    expect(do_now).to_contain_text("FLO")
    expect(do_now.get_by_role("link", name="Läs mer: Polisens FLO")).to_be_visible()
    expect(page.get_by_text("Behöver den anhöriga krisstöd nu?")).to_be_visible()
    choose(page, "crisis_support_now", "yes")
    choose(page, "flo_contact", "unknown")
    save(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Den anhöriga")
    expect(page.locator(".do-now")).to_contain_text("erbjuder ett hembesök")

    # The routine's link leads to the district's page and the routine on it.
    page.locator(".do-now").get_by_role("link", name="Läs mer: Uppsökande arbete").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Rinkeby-Kista")


def test_a_shooting_in_sodermalm_follows_the_city_default(page, sign_in):
    sign_in(roles.CASEWORKER)
    start(page)
    situation(page, "Södermalm", "lethal_violence", timezone.localdate().isoformat())
    expect(page.get_by_role("heading", level=1)).to_have_text("Krisstöd efter händelsen")
    do_now = page.locator(".do-now")
    expect(do_now).to_contain_text("Södermalms stadsdelsförvaltning har ingen egen rutin")
    expect(do_now).to_contain_text("Stadens standardrutin efter skjutning eller dödligt våld")


def test_a_call_with_no_event_does_not_ask_the_shooting_questions(page, sign_in):
    sign_in(roles.CASEWORKER)
    start(page)
    situation(page, "Rinkeby-Kista", "none")
    expect(page.get_by_role("heading", level=1)).to_have_text("Den anhöriga")
    expect(page.get_by_role("navigation", name="Stegen")).not_to_contain_text("Krisstöd")
    do_now = page.locator(".do-now")
    expect(do_now.get_by_role("heading", name="Gör nu")).to_be_visible()
    expect(do_now).to_contain_text("Lyssna in")
    expect(do_now).not_to_contain_text("FLO")
    expect(do_now).not_to_contain_text("hembesök")
