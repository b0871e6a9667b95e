"""A 10-year-old reported by school whose father is linked to violent extremism: the
guardians and the child's own view are asked, the father's consent never is, and the
handout written for a child (with Bris) prints, in Swedish and then in English."""

import re

from playwright.sync_api import expect

from anhorigstod import roles
from referrals.models import Contact
from tests.browser.test_guided_path_journeys import (
    choose,
    first_contact,
    nothing_shared,
    save,
    start,
)

RELATED_PERSONS_CONSENT = "Har den närstående samtyckt"


def the_child(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Den anhöriga")
    page.get_by_label("Relation till den närstående").select_option(label="Barn")
    page.get_by_label("Den anhörigas åldersgrupp").select_option(label="Under 13 år")
    choose(page, "relative_is_child", "yes")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Säker kontaktväg")
    page.get_by_label("Möte på kontoret").check()
    page.get_by_label("Vad måste undvikas?").fill("Inga brev hem till pappan")
    save(page)


def the_guardians_and_the_childs_view(page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Vårdnadshavare")
    choose(page, "guardians_known", "yes")
    page.get_by_label("En av vårdnadshavarna vet om kontakten").check()
    save(page)  # a guardian not told needs a reason
    expect(
        page.get_by_text("Ange varför inte alla vårdnadshavare vet om kontakten.").first
    ).to_be_visible()
    page.get_by_label("Vårdnadshavaren är den närstående").check()
    page.get_by_label("Kort anteckning om vårdnadshavarna").fill("Bor hos mamma, som vet.")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Barnets egen berättelse")
    page.get_by_label("Barnets egen berättelse/åsikt").fill(
        "Jag blir rädd när pappa pratar om kriget. Jag vill prata med någon."
    )
    save(page)


def test_a_child_reported_by_school_gets_the_childs_questions_and_handout(page, sign_in):
    sign_in(roles.CASEWORKER)
    start(page)
    first_contact(
        page, "Information kommer in på annat sätt", "Anhöriga till personer med koppling till VBE"
    )
    the_child(page)
    the_guardians_and_the_childs_view(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Samtycke till kontakt")
    expect(page.get_by_text("Den anhöriga är ett barn.")).to_be_visible()
    expect(
        page.locator("legend", has_text="Har barnets vårdnadshavare eller barnet självt samtyckt")
    ).to_be_visible()
    expect(page.get_by_text(RELATED_PERSONS_CONSENT)).to_have_count(0)
    save(page)
    nothing_shared(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Barn")
    expect(page.locator("input[name=relative_is_child]")).to_have_count(0)  # asked already
    choose(page, "children_in_household", "no")
    choose(page, "child_at_risk", "no")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hot och skydd")
    choose(page, "threatened", "no")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Behov")
    page.get_by_label("Råd och stöd (samtal)").check()
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hänvisning")
    page.get_by_label(re.compile(r"^\s*Anhörigkonsulent")).check()
    save(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera dina svar")
    expect(page.get_by_text("Jag blir rädd när pappa pratar om kriget.")).to_be_visible()
    expect(page.get_by_text(RELATED_PERSONS_CONSENT)).to_have_count(0)
    page.get_by_role("button", name="Registrera och skicka hänvisningar").click()
    expect(page.get_by_text("Kontakten är registrerad.")).to_be_visible()
    reference = re.search(r"AS-\d{4}-\d{6}", page.url).group(0)
    expect(page.get_by_text("Vårdnadshavaren är den närstående")).to_be_visible()

    page.get_by_role("link", name="Informationsblad till den anhöriga").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Till dig som är barn eller ung")
    expect(page.get_by_text("Ring Bris på 116 111.")).to_be_visible()
    expect(page.get_by_text("Du kan vara anonym. Du behöver inte säga vem du är.")).to_be_visible()
    expect(page.get_by_text("Stöd för dig som är anhörig")).to_have_count(0)
    page.emulate_media(media="print")
    expect(page.get_by_label("Informationsbladets språk")).to_be_hidden()
    expect(page.get_by_text("Ring Bris på 116 111.")).to_be_visible()
    page.emulate_media(media="screen")

    page.get_by_label("Informationsbladets språk").select_option(label="English")
    page.get_by_role("button", name="Visa på valt språk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("For you, a child or young person")
    expect(page.get_by_text("Call Bris on 116 111.")).to_be_visible()
    expect(page.get_by_text("You can stay anonymous.")).to_be_visible()
    expect(page.locator("article.handout")).to_have_attribute("lang", "en")
    expect(
        page.get_by_text("Tillbaka till den vanliga vyn")
    ).to_be_visible()  # the page stays Swedish

    contact = Contact.objects.get(reference=reference)
    assert contact.relative_is_child
    assert contact.guardians_not_informed_reason == "related_person"
    assert contact.handout_language == "en"
    assert not contact.consents.exists()
