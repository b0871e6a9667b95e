"""A named situation of issue 14 walked in Chromium as one call: a SIG client's
16-year-old sister. The guardians and her own words are asked, consent comes from her
or her guardians (never her brother) and the server refuses to send without it, and
the handout is the one written for a child."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from anhorigstod import roles
from referrals.models import Contact, Referral
from tests.browser.test_guided_path_journeys import choose, nothing_shared, save
from tests.browser.test_named_situations import (
    CRIMINAL_LIFE,
    SUBMIT,
    external_values,
    heading,
    submit,
)

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
