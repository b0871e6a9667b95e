"""The receiver can act: a threatened grandmother is urgent in the consultant's inbox
with the threat on the referral page; an anonymous relative's handout gives the
number to ring and the call-back code."""

import re
import uuid

from playwright.sync_api import expect

from anhorigstod import roles
from guidance.models import District, InternalProvider
from referrals.intake import services as intake_services
from referrals.intake.examples import example_answers
from referrals.models import Contact, Draft, Referral, StaffProfile

from .conftest import PASSWORD
from .test_guided_path_journeys import choose, first_contact, nothing_shared, save, start


def grandmother(page, *, phone: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Den anhöriga")
    page.get_by_label("Namn eller pseudonym").fill("Mormor M")
    page.get_by_label("Relation till den närstående").select_option(label="Mor- eller farförälder")
    page.get_by_label("Den anhörigas åldersgrupp").select_option(label="65 år eller äldre")
    choose(page, "relative_is_child", "no")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Säker kontaktväg")
    page.get_by_label("Telefon", exact=True).check()
    page.get_by_label("När går det bra att ta kontakt?").fill("Förmiddagar")
    page.get_by_label("Vad måste undvikas?").fill("Brev hem")
    page.get_by_label("Nummer till den anhöriga (frivilligt)").fill(phone)
    save(page)


def anonymous_sister(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Den anhöriga")
    page.get_by_label("Relation till den närstående").select_option(label="Syskon")
    page.get_by_label("Den anhörigas åldersgrupp").select_option(label="26–44 år")
    choose(page, "relative_is_child", "no")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Säker kontaktväg")
    page.get_by_label("Via annan person").check()
    save(page)


def no_children(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Barn")
    for field in ("children_in_household", "child_at_risk"):
        choose(page, field, "no")
    save(page)


def needs_and_consultant(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Behov")
    page.get_by_label("Råd och stöd (samtal)").check()
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hänvisning")
    page.get_by_label(re.compile(r"^\s*Anhörigkonsulent")).check()
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera dina svar")
    page.get_by_role("button", name="Registrera och skicka hänvisningar").click()
    expect(page.get_by_text("Kontakten är registrerad.")).to_be_visible()


def sign_in_as(page, username: str) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_a_threatened_grandmother_is_urgent_for_the_consultant(page, sign_in, make_user):
    caseworker = sign_in(roles.CASEWORKER)
    consultant = make_user(roles.CONSULTANT, username="kim", first_name="Kim")
    StaffProfile.objects.create(
        user=consultant,
        district=District.objects.get(key="farsta"),
        provider=InternalProvider.objects.get(key="relative-support-consultant"),
    )
    # An older, calm referral already waits in the inbox.
    draft = Draft.objects.create(
        owner=caseworker, start_token=uuid.uuid4(), path_version="t", answers=example_answers()
    )
    calm = intake_services.submit_draft(draft=draft, user=caseworker).referrals.get().reference

    start(page)
    first_contact(
        page, "Den anhöriga tar själv kontakt", "Anhöriga till personer med en kriminell livsstil"
    )
    grandmother(page, phone="070-123 45 67")
    save(page)  # this route needs no consent
    nothing_shared(page)
    no_children(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hot och skydd")
    choose(page, "threatened", "yes")
    save(page)
    page.get_by_label("Polisanmälan", exact=True).select_option(label="Polisanmälan är gjord")
    page.get_by_label("Polisen har ombetts göra en riskanalys").check()
    save(page)
    needs_and_consultant(page)
    urgent = Referral.objects.exclude(reference=calm).get(provider__isnull=False).reference

    sign_in_as(page, "kim")
    page.get_by_role("link", name="Inkorg").click()
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text(urgent)
    expect(rows.first).to_contain_text("Brådskande: hot mot den anhöriga")
    expect(rows.nth(1)).to_contain_text(calm)
    expect(rows.nth(1)).not_to_contain_text("Brådskande")

    page.get_by_role("link", name=urgent, exact=True).click()
    expect(page.locator("#bradskande")).to_contain_text("Brådskande: hot mot den anhöriga")
    threat = page.locator("section", has=page.get_by_role("heading", name="Hot och skydd"))
    expect(threat).to_contain_text(re.compile(r"Den anhöriga är hotad\s+Ja"))
    expect(threat).to_contain_text(re.compile(r"Polisanmälan\s+gjord"))
    expect(threat).to_contain_text(re.compile(r"Polisens riskanalys\s+begärd"))
    reach = page.locator("section", has=page.get_by_role("heading", name="Så når du den anhöriga"))
    expect(reach).to_contain_text(re.compile(r"Telefon,\s+Förmiddagar"))
    expect(reach).to_contain_text("Brev hem")
    # No consent to contact was recorded on this route: the number stays with the
    # caseworker.
    expect(reach).not_to_contain_text("070-123 45 67")
    expect(reach).to_contain_text("visas bara när det finns ett samtycke till kontakt")


def test_an_anonymous_relative_gets_a_code_and_a_number(page, sign_in):
    sign_in(roles.CASEWORKER)
    start(page)
    first_contact(
        page, "Den anhöriga tar själv kontakt", "Anhöriga till personer med en kriminell livsstil"
    )
    anonymous_sister(page)
    save(page)  # this route needs no consent
    nothing_shared(page)
    no_children(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hot och skydd")
    choose(page, "threatened", "no")
    save(page)
    needs_and_consultant(page)
    reference = re.search(r"AS-\d{4}-\d{6}", page.url).group(0)
    code = Contact.objects.get(reference=reference).callback_code
    assert len(code) == 6
    expect(page.get_by_text(code, exact=True)).to_be_visible()  # on the contact page

    page.get_by_role("link", name="Informationsblad till den anhöriga").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stöd för dig som är anhörig")
    expect(page.locator("article")).to_contain_text(
        "Vi kan inte nå dig. Ring Stockholms stads kontaktcenter på 08-508 000 00, fråga efter "
        f"socialtjänsten i Farsta stadsdelsförvaltning och uppge koden {code}."
    )
    expect(page.locator("article")).not_to_contain_text("hör av oss till dig")
