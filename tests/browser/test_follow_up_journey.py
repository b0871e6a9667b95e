"""The loop closes: a caseworker refers, the consultant follows up, the statistics count it."""

import re
from datetime import date

from playwright.sync_api import expect

from anhorigstod import roles
from guidance.models import District, InternalProvider
from referrals.follow_up import services as follow_up_services
from referrals.intake import services as intake_services
from referrals.intake.examples import example_answers
from referrals.models import Draft, Referral, StaffProfile

from .test_guided_path_journeys import (
    first_contact,
    needs_and_referral,
    no_children_no_threats,
    nothing_shared,
    relative,
    save,
    start,
)


def _closed_referrals(count: int, caseworker, consultant) -> None:
    """Earlier referrals closed with the same outcome, so the new one tips the count to 5."""
    import uuid

    for _ in range(count):
        draft = Draft.objects.create(
            owner=caseworker,
            start_token=uuid.uuid4(),
            path_version="t",
            answers=example_answers(),
        )
        referral = intake_services.submit_draft(draft=draft, user=caseworker).referrals.get()
        for action, fields in (("accept", {}), ("close", {"outcome": "needs_met"})):
            referral = follow_up_services.move_referral(
                referral=referral,
                action=action,
                user=consultant,
                expected_version=referral.version,
                **fields,
            )


def log_session(page, day: str, ors: str) -> None:
    form = page.locator("form", has=page.get_by_role("heading", name="Registrera ett samtal"))
    form.get_by_label("Datum").fill(day)
    form.get_by_label("Telefon").check()
    form.get_by_label("Längd i minuter").fill("45")
    form.get_by_label("ORS-skattning (0–40)").fill(ors)
    form.get_by_role("button", name="Spara samtalet").click()
    expect(page.get_by_text("Samtalet är registrerat.")).to_be_visible()


def test_refer_accept_two_sessions_close_and_count(page, sign_in, make_user):
    caseworker = sign_in(roles.CASEWORKER)
    consultant = make_user(roles.CONSULTANT, username="kim", first_name="Kim")
    StaffProfile.objects.create(
        user=consultant,
        district=District.objects.get(key="farsta"),
        provider=InternalProvider.objects.get(key="relative-support-consultant"),
    )
    _closed_referrals(4, caseworker, consultant)

    # The caseworker refers a relative to Farsta's anhörigkonsulent.
    start(page)
    first_contact(
        page, "Den anhöriga tar själv kontakt", "Anhöriga till personer med en kriminell livsstil"
    )
    relative(page)
    save(page)
    nothing_shared(page)
    no_children_no_threats(page)
    needs_and_referral(page, "Jourhavande medmänniska")
    page.get_by_role("button", name="Registrera och skicka hänvisningar").click()
    reference = Referral.objects.filter(provider__isnull=False).latest("created_at").reference
    page.get_by_role("button", name="Logga ut").click()

    # The consultant finds it in the inbox, accepts, logs two sessions and closes.
    page.get_by_label("Användarnamn").fill("kim")
    page.get_by_label("Lösenord").fill("a-long-test-password")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Inkorg").click()
    expect(page.get_by_text("1 väntar på att tas emot.")).to_be_visible()
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.get_by_text("Mottagen", exact=True)).to_be_visible()
    page.get_by_role("button", name="Acceptera").click()
    expect(page.get_by_text("Accepterad", exact=True)).to_be_visible()
    log_session(page, "2026-11-10", "12")
    log_session(page, "2026-11-24", "26,5")
    expect(page.locator("svg polyline")).to_have_count(1)
    expect(page.locator("figcaption")).to_contain_text(
        re.compile(r"2026-11-10: 12;\s+2026-11-24: 26,5")
    )
    page.get_by_label("Utfall").select_option(label="Den anhöriga fick det stöd som behövdes")
    page.get_by_role("button", name="Avsluta").click()
    expect(page.get_by_text("Avslutad", exact=True)).to_be_visible()

    # Computed now rather than overnight, the statistics count the fifth closed
    # referral, which lifts the suppression.
    page.get_by_role("link", name="Statistik").click()
    page.get_by_role("button", name="Beräkna siffrorna nu").click()
    expect(page.get_by_role("status").first).to_contain_text("Statistiken är beräknad på nytt")
    outcomes = page.locator("table", has_text="Den anhöriga fick det stöd som behövdes")
    row = outcomes.get_by_role("row", name=re.compile("Den anhöriga fick det stöd som behövdes"))
    expect(row.first).to_contain_text("5")
    page.get_by_role("button", name="Logga ut").click()

    # The caseworker is told the referral was accepted and closed.
    page.get_by_label("Användarnamn").fill(caseworker.username)
    page.get_by_label("Lösenord").fill("a-long-test-password")
    page.get_by_role("button", name="Logga in").click()
    page.get_by_role("link", name="Mina kontakter").first.click()
    expect(page.get_by_text(f"{reference} (Anhörigkonsulent (Farsta)): avslutad")).to_be_visible()
    assert Referral.objects.get(reference=reference).sessions.count() == 2
    assert Referral.objects.get(reference=reference).closed_at.date() <= date.today()
