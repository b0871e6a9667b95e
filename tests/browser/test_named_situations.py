"""The named situations of issue 14, each walked in Chromium as one call: a shooting
in Rinkeby-Kista with a 12-year-old at home, a SIG client's 16-year-old sister, and
an anonymous relative whose brother is in prison."""

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


# --- A SIG client's 16-year-old sister ----------------------------------------------

CHILD_CONSENT_MISSING = "Den anhöriga är ett barn och blev känd genom en person"


def noticed_through_the_sig_client(page) -> None:
    heading(page, "Situationen")
    page.get_by_label("Stadsdelsförvaltning").select_option(label="Farsta")
    page.get_by_label("Socialtjänsten uppmärksammar behovet").check()
    page.get_by_label(CRIMINAL_LIFE).check()
    choose(page, "event_kind", "none")
    choose(page, "is_known_to_service", "yes")
    page.get_by_label("Den närståendes handläggare").select_option(label="Sam SIG")
    save(page)


def the_sister(page) -> None:
    heading(page, "Den anhöriga")
    page.get_by_label("Namn eller pseudonym").fill("Syster S")
    page.get_by_label("Relation till den närstående").select_option(label="Syskon")
    page.get_by_label("Den anhörigas åldersgrupp").select_option(label="13–17 år")
    choose(page, "relative_is_child", "yes")
    save(page)
    heading(page, "Säker kontaktväg")
    page.get_by_label("Sms").check()
    page.get_by_label("Vad måste undvikas?").fill("Inget som brodern kan se")
    page.get_by_label("Nummer till den anhöriga (frivilligt)").fill("070-222 33 44")
    save(page)


def her_guardians_and_her_own_words(page) -> None:
    heading(page, "Vårdnadshavare")
    expect(page.get_by_role("navigation", name="Stegen")).to_contain_text("Barnets egen berättelse")
    choose(page, "guardians_known", "yes")
    page.get_by_label("Ja, vårdnadshavarna vet om kontakten").check()
    page.get_by_label("Kort anteckning om vårdnadshavarna").fill("Bor med mamma och pappa.")
    save(page)
    heading(page, "Barnets egen berättelse")
    page.get_by_label("Barnets egen berättelse/åsikt").fill(
        "Jag vill inte att min bror får veta att jag pratar med er."
    )
    save(page)


def consent_from(page, who: str, *, mature: bool = False) -> None:
    choose(page, "consent_given", "yes")
    choose(page, "given_by", who)
    if mature:
        page.get_by_label(re.compile("Jag bedömer att barnet har den ålder")).check()
    page.get_by_label("Vad omfattar samtycket?").fill("Att socialtjänsten kontaktar henne")
    page.get_by_label("Datum för samtycket").fill(timezone.localdate().isoformat())
    page.get_by_label("Muntligt").check()
    save(page)


def test_a_sig_clients_sixteen_year_old_sister(page, sign_in, make_user):
    make_user(roles.CASEWORKER, username="sam", first_name="Sam", last_name="SIG")
    sign_in(roles.CASEWORKER)
    page.goto("/")
    page.get_by_role("button", name="Ny kontakt med en anhörig").click()
    noticed_through_the_sig_client(page)
    the_sister(page)
    her_guardians_and_her_own_words(page)

    # Consent: the child's or the guardians', never her brother's; without it, stop.
    heading(page, "Samtycke till kontakt")
    expect(page.get_by_role("note")).to_contain_text("Den närstående ska inte tillfrågas.")
    expect(page.get_by_text("Har den närstående samtyckt")).to_have_count(0)
    choose(page, "consent_given", "no")
    save(page)
    expect(page.get_by_role("alert").filter(has_text="Stopp")).to_contain_text(
        CHILD_CONSENT_MISSING
    )
    page.goto(page.url.replace("/consent/", "/confidentiality/"))
    heading(page, "Samtycke till kontakt")
    # The child alone consents only when judged old and mature enough.
    consent_from(page, "child")
    expect(page.locator(".error-summary")).to_contain_text("Bedöm om barnet kan samtycka själv")
    page.get_by_label(re.compile("Jag bedömer att barnet har den ålder")).check()
    save(page)

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
    save(page)
    heading(page, "Hänvisning")
    assert "bris-stodlinje" in external_values(page)
    page.locator("input[value='bris-stodlinje']").check()
    page.locator("input[value='outpatient-children@farsta']").check()
    save(page)
    heading(page, "Kontrollera dina svar")
    check_url = page.url

    # In a second tab the consent is taken back; the first tab's send is refused by
    # the server, in Swedish, and nothing is registered.
    other = page.context.new_page()
    other.goto(check_url.replace("/check/", "/consent/"))
    choose(other, "consent_given", "no")
    save(other)
    expect(other.get_by_role("alert").filter(has_text="Stopp")).to_be_visible()
    other.close()
    page.get_by_role("button", name=SUBMIT).click()
    heading(page, "Samtycke till kontakt")
    expect(page.get_by_text(CHILD_CONSENT_MISSING).first).to_be_visible()
    assert Contact.objects.count() == 0
    assert Referral.objects.count() == 0

    # The guardians consent: the path opens again with every later answer kept.
    consent_from(page, "guardians")
    page.goto(check_url)
    heading(page, "Kontrollera dina svar")
    expect(page.get_by_text("Jag vill inte att min bror får veta")).to_be_visible()
    expect(page.locator("section[aria-labelledby='svar-guardians']")).to_contain_text(
        "Bor med mamma och pappa."
    )
    reference = submit(page)
    expect(page.get_by_text("Jag vill inte att min bror får veta")).to_be_visible()

    page.get_by_role("link", name="Informationsblad till den anhöriga").click()
    heading(page, "Till dig som är barn eller ung")
    expect(page.get_by_text("Ring Bris på 116 111.")).to_be_visible()
    expect(page.get_by_text("Du kan vara anonym. Du behöver inte säga vem du är.")).to_be_visible()
    expect(page.get_by_text("Stöd för dig som är anhörig")).to_have_count(0)
    expect(page.locator("article.handout")).to_contain_text("Öppenvården för barn och unga")

    contact = Contact.objects.get(reference=reference)
    assert contact.relative_is_child and contact.relation == "sibling"
    assert contact.child_view.startswith("Jag vill inte att min bror")
    assert contact.guardians_informed == "all"
    consent = contact.consents.get()
    assert consent.given_by == "Barnets vårdnadshavare"
    assert contact.referrals.count() == 2


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
