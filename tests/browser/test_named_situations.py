"""The named situations of issue 14, each walked in Chromium as one call: a shooting
in Rinkeby-Kista with a 12-year-old at home, and an anonymous relative whose brother
is in prison. (A SIG client's 16-year-old sister: test_named_child_situation.py.)"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from anhorigstod import roles
from referrals.models import Contact, Referral
from tests.browser.test_guided_path_journeys import choose, nothing_shared, save

SHOOTINGS = "Anhöriga till personer som drabbats av skjutningar och dödligt våld"
CRIMINAL_LIFE = "Anhöriga till personer med en kriminell livsstil"
SUBMIT = "Registrera och skicka hänvisningar"


def heading(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def external_values(page) -> list[str]:
    return page.locator("input[name='external']").evaluate_all("els => els.map(e => e.value)")


def internal_values(page) -> list[str]:
    return page.locator("input[name='internal']").evaluate_all("els => els.map(e => e.value)")


def why(page, value: str):
    """The "Föreslås för att" line of the suggestion whose checkbox has ``value``."""
    return page.locator(".form-check", has=page.locator(f"input[value='{value}']")).locator(
        ".suggestion-why"
    )


def submit(page) -> str:
    heading(page, "Kontrollera dina svar")
    page.get_by_role("button", name=SUBMIT).click()
    expect(page.get_by_text("Kontakten är registrerad.")).to_be_visible()
    return re.search(r"AS-\d{4}-\d{6}", page.url).group(0)


# --- A shooting in Rinkeby-Kista with a 12-year-old at home -------------------------


def shooting_in_rinkeby_kista(page, event_date: datetime.date) -> None:
    heading(page, "Situationen")
    page.get_by_label("Stadsdelsförvaltning").select_option(label="Rinkeby-Kista")
    page.get_by_label("Den anhöriga tar själv kontakt").check()
    page.get_by_label(SHOOTINGS).check()
    choose(page, "event_kind", "shooting")
    page.get_by_label("Datum för händelsen").fill(event_date.isoformat())
    choose(page, "is_known_to_service", "no")
    save(page)


def crisis_now_with_the_routine(page) -> None:
    heading(page, "Krisstöd efter händelsen")
    progress = page.get_by_role("navigation", name="Stegen")
    expect(progress).to_contain_text("Krisstöd efter händelsen")
    do_now = page.locator(".do-now")
    expect(do_now.get_by_role("heading", name="Gör nu")).to_be_visible()
    expect(do_now).to_contain_text("Uppsökande arbete efter skjutning")
    expect(do_now).to_contain_text(
        "Kontaktar de anhöriga och erbjuder ett hembesök för att beklaga sorgen"
    )
    expect(do_now).to_contain_text("FLO")
    expect(do_now.get_by_role("link", name="Läs mer: Polisens FLO")).to_be_visible()
    expect(page.get_by_text("Behöver den anhöriga krisstöd nu?")).to_be_visible()
    expect(page.get_by_text("Har den anhöriga kontakt med polisens FLO?")).to_be_visible()
    choose(page, "crisis_support_now", "yes")
    choose(page, "flo_contact", "no")
    save(page)


def the_mother(page) -> None:
    heading(page, "Den anhöriga")
    page.get_by_label("Namn eller pseudonym").fill("Mamma R")
    page.get_by_label("Relation till den närstående").select_option(label="Förälder")
    page.get_by_label("Den anhörigas åldersgrupp").select_option(label="45–64 år")
    choose(page, "relative_is_child", "no")
    save(page)
    heading(page, "Säker kontaktväg")
    page.get_by_label("Telefon", exact=True).check()
    page.get_by_label("Nummer till den anhöriga (frivilligt)").fill("070-111 22 33")
    save(page)


def test_a_shooting_in_rinkeby_kista_with_a_twelve_year_old_at_home(page, sign_in):
    sign_in(roles.CASEWORKER)
    page.goto("/")
    page.get_by_role("button", name="Ny kontakt med en anhörig").click()
    two_days_ago = timezone.localdate() - datetime.timedelta(days=2)
    shooting_in_rinkeby_kista(page, two_days_ago)
    crisis_now_with_the_routine(page)
    the_mother(page)
    # The relative called in herself: no consent is needed, nothing is shared.
    heading(page, "Samtycke till kontakt")
    save(page)
    nothing_shared(page)

    # The child's questions: a 12-year-old lives with her. The routine stays in view.
    heading(page, "Barn")
    expect(page.locator(".do-now")).to_contain_text("erbjuder ett hembesök")
    choose(page, "children_in_household", "yes")
    choose(page, "child_at_risk", "no")
    save(page)
    heading(page, "Hot och skydd")
    choose(page, "threatened", "no")
    save(page)
    heading(page, "Behov")
    page.get_by_label("Krisstöd nu").check()
    page.get_by_label("Övrigt om behoven").fill("Dottern, 12 år, sover inte sedan skjutningen.")
    save(page)

    # The must-haves, in the material's order, each saying why; FATEG and Bufff not.
    heading(page, "Hänvisning")
    assert external_values(page)[:3] == [
        "vardcentral-forsta-linjen",
        "polisen-flo",
        "bris-stodlinje",
    ]
    assert internal_values(page)[0] == "outpatient-children@rinkeby-kista"
    expect(why(page, "vardcentral-forsta-linjen")).to_contain_text(
        "Föreslås för att: vid kris och trauma tas kontakt i första hand med vårdcentralen"
    )
    expect(why(page, "polisen-flo")).to_contain_text("FLO-utredare")
    expect(why(page, "bris-stodlinje")).to_contain_text("barn och unga kan själva ringa Bris")
    expect(why(page, "outpatient-children@rinkeby-kista")).to_contain_text(
        "barnet behöver eget stöd"
    )
    for value in ("fateg-stod", "bufff-stod", "allmanna-barnhuset-bra-samtal"):
        expect(page.locator(f"input[value='{value}']")).to_have_count(0)
    page.locator("input[value='outpatient-children@rinkeby-kista']").check()
    page.locator("input[value='vardcentral-forsta-linjen']").check()
    page.locator("input[value='bris-stodlinje']").check()
    save(page)

    # The check page repeats what was answered.
    heading(page, "Kontrollera dina svar")
    situation = page.locator("section[aria-labelledby='svar-first-contact']")
    expect(situation).to_contain_text("Rinkeby-Kista")
    expect(situation).to_contain_text("Skjutning")
    expect(situation).to_contain_text(two_days_ago.isoformat())
    crisis = page.locator("section[aria-labelledby='svar-crisis']")
    expect(crisis).to_contain_text(re.compile(r"krisstöd nu\?\s*Ja"))
    children = page.locator("section[aria-labelledby='svar-children']")
    expect(children).to_contain_text(re.compile(r"hushåll\?\s*Ja"))
    expect(page.locator("section[aria-labelledby='svar-needs']")).to_contain_text(
        "Dottern, 12 år, sover inte"
    )
    reference = submit(page)

    # The contact shows the same, with "Gör nu" and the three referrals.
    expect(page.get_by_text("Rinkeby-Kista").first).to_be_visible()
    expect(page.locator(".do-now")).to_contain_text("erbjuder ett hembesök")
    expect(page.get_by_text("Dottern, 12 år, sover inte sedan skjutningen.")).to_be_visible()
    contact = Contact.objects.get(reference=reference)
    assert contact.district.key == "rinkeby-kista"
    assert contact.event_kind == "shooting" and contact.event_date == two_days_ago
    assert contact.children_in_household is True
    referred = set(
        Referral.objects.filter(contact=contact).values_list("service__key", "provider__key")
    )
    assert referred == {
        ("vardcentral-forsta-linjen", None),
        ("bris-stodlinje", None),
        (None, "outpatient-children"),
    }


# --- An anonymous relative whose brother is in prison -------------------------------

BUFFF_WHY = "en familjemedlem sitter i fängelse: Bufff stöttar barn och familjer"


def the_anonymous_sister(page) -> None:
    heading(page, "Den anhöriga")
    expect(page.get_by_label("Namn eller pseudonym")).to_have_value("")  # left empty
    page.get_by_label("Relation till den närstående").select_option(label="Syskon")
    page.get_by_label("Den anhörigas åldersgrupp").select_option(label="26–44 år")
    choose(page, "relative_is_child", "no")
    save(page)
    heading(page, "Säker kontaktväg")
    page.get_by_label("Via annan person").check()
    save(page)


def test_an_anonymous_prisoners_sister(page, sign_in):
    sign_in(roles.CASEWORKER)
    page.goto("/")
    page.get_by_role("button", name="Ny kontakt med en anhörig").click()
    heading(page, "Situationen")
    page.get_by_label("Stadsdelsförvaltning").select_option(label="Farsta")
    page.get_by_label("Den anhöriga tar själv kontakt").check()
    page.get_by_label(CRIMINAL_LIFE).check()
    choose(page, "event_kind", "none")
    choose(page, "is_known_to_service", "no")
    save(page)
    the_anonymous_sister(page)
    heading(page, "Samtycke till kontakt")
    save(page)  # she called in herself: no consent needed
    nothing_shared(page)
    heading(page, "Barn")
    choose(page, "children_in_household", "no")
    choose(page, "child_at_risk", "no")
    save(page)
    heading(page, "Hot och skydd")
    choose(page, "threatened", "no")
    save(page)

    heading(page, "Behov")
    page.get_by_label("Råd och stöd (samtal)").check()
    page.get_by_label("En familjemedlem sitter i fängelse").check()
    save(page)

    # Bufff is offered, saying why; FATEG is not (her brother's violence is not told).
    heading(page, "Hänvisning")
    expect(page.locator("input[value='bufff-stod']")).to_have_count(1)
    expect(why(page, "bufff-stod")).to_contain_text(f"Föreslås för att: {BUFFF_WHY}")
    expect(page.locator("input[value='fateg-stod']")).to_have_count(0)
    page.locator("input[value='bufff-stod']").check()
    page.get_by_label(re.compile(r"^\s*Anhörigkonsulent")).check()
    save(page)
    reference = submit(page)

    # The code on screen is the one stored, and the handout tells her what to do.
    code = Contact.objects.get(reference=reference).callback_code
    assert re.fullmatch(r"[34679ACDEFGHJKMNPQRTUVWXY]{6}", code)
    expect(page.get_by_text(code, exact=True)).to_be_visible()
    page.get_by_role("link", name="Informationsblad till den anhöriga").click()
    heading(page, "Stöd för dig som är anhörig")
    handout = page.locator("article.handout")
    expect(handout).to_contain_text("Stöd till barn och familjer med en familjemedlem i fängelse")
    expect(handout).to_contain_text(
        "Vi kan inte nå dig. Ring Stockholms stads kontaktcenter på 08-508 000 00, fråga efter "
        f"socialtjänsten i Farsta stadsdelsförvaltning och uppge koden {code}."
    )
    expect(handout).not_to_contain_text("hör av oss")
    page.emulate_media(media="print")
    expect(handout.get_by_text(code)).to_be_visible()
    assert Contact.objects.get(reference=reference).pseudonym == ""
