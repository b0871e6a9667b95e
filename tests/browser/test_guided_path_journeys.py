"""The guided path in Chromium, once per entry route, to a referral and the handout."""

import re

from playwright.sync_api import expect

from anhorigstod import roles
from referrals.models import Contact, Referral


def choose(page, field: str, value: str) -> None:
    page.locator(f"input[name='{field}'][value='{value}']").check()


def save(page) -> None:
    page.get_by_role("button", name="Spara och fortsätt").click()


def first_contact(page, route: str, target_group: str, known: str = "no") -> None:
    """The situation: Farsta, the route and target group, and no event."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Situationen")
    page.get_by_label("Datum för kontakten").fill("2026-11-20")
    page.get_by_label("Stadsdelsförvaltning").select_option(label="Farsta")
    page.get_by_label(route).check()
    page.get_by_label(target_group).check()
    choose(page, "event_kind", "none")
    choose(page, "is_known_to_service", known)
    save(page)


def relative(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Den anhöriga")
    page.get_by_label("Relation till den närstående").select_option(label="Förälder")
    page.get_by_label("Den anhörigas åldersgrupp").select_option(label="45–64 år")
    choose(page, "relative_is_child", "no")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Säker kontaktväg")
    page.get_by_label("Telefon").check()
    page.get_by_label("Vad måste undvikas?").fill("Inga brev hem")
    save(page)


def nothing_shared(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Sekretess")
    page.get_by_label("Nej, inget om den närstående lämnas ut").check()
    save(page)


def no_children_no_threats(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Barn")
    for field in ("children_in_household", "child_at_risk"):
        choose(page, field, "no")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hot och skydd")
    choose(page, "threatened", "no")
    save(page)


def needs_and_referral(page, external: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Behov")
    page.get_by_label("Råd och stöd (samtal)").check()
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hänvisning")
    page.get_by_label(re.compile(r"^\s*Anhörigkonsulent")).check()
    page.get_by_label(re.compile(external)).first.check()
    save(page)


def submit_and_print_handout(page, external_name: str) -> str:
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera dina svar")
    page.get_by_role("button", name="Registrera och skicka hänvisningar").click()
    expect(page.get_by_text("Kontakten är registrerad.")).to_be_visible()
    reference = re.search(r"AS-\d{4}-\d{6}", page.url).group(0)
    page.get_by_role("link", name="Informationsblad till den anhöriga").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stöd för dig som är anhörig")
    expect(page.get_by_text(external_name).first).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_have_count(0)
    expect(page.get_by_role("button", name="Skriv ut")).to_be_hidden()
    return reference


def start(page) -> None:
    page.get_by_role("link", name="Mina kontakter").first.click()
    page.get_by_role("button", name="Ny kontakt med en anhörig").click()


def test_relative_who_gets_in_touch_is_referred(page, sign_in):
    sign_in(roles.CASEWORKER)
    start(page)
    first_contact(
        page, "Den anhöriga tar själv kontakt", "Anhöriga till personer med en kriminell livsstil"
    )
    relative(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Samtycke till kontakt")
    expect(page.get_by_text("Ingången kräver inget samtycke")).to_be_visible()
    save(page)
    nothing_shared(page)
    no_children_no_threats(page)
    needs_and_referral(page, "Jourhavande medmänniska")
    reference = submit_and_print_handout(page, "Jourhavande medmänniska")
    expect(page.get_by_text("08-702 16 80")).to_be_visible()
    assert Referral.objects.filter(contact__reference=reference).count() == 2


def test_relative_noticed_through_a_known_person_is_blocked_until_consent(page, sign_in):
    sign_in(roles.CASEWORKER)
    start(page)
    first_contact(
        page,
        "Socialtjänsten uppmärksammar behovet",
        "Anhöriga till personer med koppling till VBE",
        known="yes",
    )
    relative(page)
    expect(page.get_by_text("Den personens samtycke krävs")).to_be_visible()
    choose(page, "consent_given", "no")
    save(page)
    expect(page.get_by_role("alert").filter(has_text="Stopp")).to_contain_text(
        "Du får inte kontakta den anhöriga"
    )
    # The next steps cannot be started; typing their address leads back here.
    expect(page.locator(".progress-cannot_start").first).to_be_visible()
    page.goto(page.url.replace("/consent/", "/confidentiality/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Samtycke till kontakt")

    choose(page, "consent_given", "yes")
    page.get_by_label("Vem gav samtycket?").fill("Sonen, som har insats från SIG")
    page.get_by_label("Vad omfattar samtycket?").fill("Att socialtjänsten ringer hans mamma")
    page.get_by_label("Datum för samtycket").fill("2026-11-19")
    page.get_by_label("Skriftligt").check()
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sekretess")
    page.get_by_label("Ja, med stöd av en sekretessbrytande grund").check()
    page.get_by_label("Sekretessbrytande grund", exact=True).select_option(
        label="Den myndiga närståendes samtycke"
    )
    page.get_by_label("Vad får lämnas ut?").fill("Att han är aktuell för SIG")
    page.get_by_label("Datum för den närståendes samtycke").fill("2026-11-19")
    page.locator("input[name='consent_method'][value='written']").check()
    save(page)
    no_children_no_threats(page)
    needs_and_referral(page, "Fryshuset")
    reference = submit_and_print_handout(page, "Fryshuset")
    contact = Contact.objects.get(reference=reference)
    assert contact.consents.count() == 2
    assert not contact.disclosure.nothing_shared


def test_relative_reached_after_a_shooting_with_threats_and_a_child_at_risk(page, sign_in):
    sign_in(roles.CASEWORKER)
    start(page)
    first_contact(
        page,
        "Information kommer in på annat sätt",
        "Anhöriga till personer som drabbats av skjutningar och dödligt våld",
    )
    relative(page)
    save(page)  # no consent needed on this route
    nothing_shared(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Barn")
    choose(page, "children_in_household", "yes")
    choose(page, "child_at_risk", "yes")
    save(page)
    expect(page.get_by_role("alert").filter(has_text="Stopp")).to_contain_text("orosanmälan")
    page.get_by_label("Orosanmälan gjord (datum)").fill("2026-11-20")
    page.get_by_label("Orosanmälan gjord till").fill("Mottagningen barn och unga, Farsta")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hot och skydd")
    choose(page, "threatened", "yes")
    save(page)
    expect(page.get_by_role("alert").filter(has_text="Stopp")).to_contain_text("Polisanmälan")
    page.get_by_label("Polisanmälan", exact=True).select_option(label="Polisanmälan är gjord")
    page.get_by_label("Polisen har ombetts göra en riskanalys").check()
    save(page)
    needs_and_referral(page, "Riksorganisationen för anhöriga till våldsdödade")
    reference = submit_and_print_handout(page, "Riksorganisationen för anhöriga till våldsdödade")
    contact = Contact.objects.get(reference=reference)
    assert contact.child_concern_report.made_to == "Mottagningen barn och unga, Farsta"
    assert contact.threatened and contact.risk_analysis_requested
