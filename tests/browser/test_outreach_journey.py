"""Issue 16's whole journey in Chromium: a consultant registers a shooting in
Rinkeby-Kista with relatives in Rinkeby-Kista and Spånga-Tensta; each district's
plan comes from its routine; a task is done and the rest are overdue; a caseworker
in Spånga-Tensta starts a contact from the incident and refers the mother; the
incident page and the committee's statistics count her."""

import re
import uuid
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from anhorigstod import roles
from guidance.models import District, LocalRoutine
from referrals.models import Contact, RelativeReached, StaffProfile
from referrals.outreach import services
from referrals.outreach.models import Incident, OutreachTask
from tests.browser.conftest import PASSWORD
from tests.browser.test_guided_path_journeys import choose, nothing_shared, save
from tests.browser.test_named_situations import SHOOTINGS, heading, submit


def _staff(make_user, role: str, district: str):
    user = make_user(role, username=f"{role}-{district}".lower())
    StaffProfile.objects.create(user=user, district=District.objects.get(key=district))
    return user


def _signed_in(browser, live_server, user):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    return page


def register_the_shooting(page, when) -> Incident:
    page.goto("/")
    page.get_by_role("link", name="Allvarliga händelser").first.click()
    page.get_by_role("link", name="Registrera en händelse").click()
    page.get_by_label("Skjutning").check()
    page.get_by_label("Datum").fill(when.strftime("%Y-%m-%d"))
    page.get_by_label("Tid, ungefär").fill(when.strftime("%H:%M"))
    page.get_by_label("Stadsdelsförvaltning där det hände").select_option("rinkeby-kista")
    page.get_by_label("Rinkeby-Kista").check()
    page.get_by_label("Spånga-Tensta").check()
    page.get_by_label("Vad som är känt, med några ord").fill("Skjutning vid torget, en död.")
    page.get_by_role("button", name="Registrera händelsen").click()
    expect(page.get_by_role("heading", name=re.compile(r"Händelse AH-"))).to_be_visible()
    return Incident.objects.get()


def each_plan_comes_from_its_routine(incident: Incident) -> None:
    for key in ("rinkeby-kista", "spanga-tensta"):
        plan = incident.plans.get(district__key=key)
        routine = LocalRoutine.objects.get(district__key=key, applies_when="serious_violence")
        assert plan.routine == routine and not plan.without_own_routine
        assert list(plan.tasks.order_by("order").values_list("action", flat=True)) == list(
            routine.steps.order_by("order").values_list("action", flat=True)
        )


def the_mother_from_the_incident(page) -> None:
    """The path opens with the district, the shooting and the target group filled in."""
    heading(page, "Situationen")
    expect(page.get_by_text(re.compile(r"startades från händelse AH-"))).to_be_visible()
    expect(page.get_by_label("Stadsdelsförvaltning")).to_have_value("spanga-tensta")
    expect(page.get_by_label(SHOOTINGS)).to_be_checked()
    expect(page.locator("input[name='event_kind'][value='shooting']")).to_be_checked()
    page.get_by_label("Datum för kontakten").fill(timezone.localdate().isoformat())
    page.get_by_label("Information kommer in på annat sätt").check()
    choose(page, "is_known_to_service", "no")
    save(page)
    heading(page, "Krisstöd efter händelsen")
    choose(page, "crisis_support_now", "yes")
    choose(page, "flo_contact", "unknown")
    save(page)
    heading(page, "Den anhöriga")
    page.get_by_label("Namn eller pseudonym").fill("Mamma S")
    page.get_by_label("Relation till den närstående").select_option(label="Förälder")
    page.get_by_label("Den anhörigas åldersgrupp").select_option(label="45–64 år")
    choose(page, "relative_is_child", "no")
    save(page)
    heading(page, "Säker kontaktväg")
    page.get_by_label("Hembesök").check()
    save(page)
    heading(page, "Samtycke till kontakt")
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
    page.get_by_label("Krisstöd nu").check()
    save(page)
    heading(page, "Hänvisning")
    page.locator("input[value='vardcentral-forsta-linjen']").check()
    save(page)


def test_outreach_after_a_shooting_from_registration_to_statistics(
    page, sign_in, browser, live_server, make_user
):
    consultant = sign_in(roles.CONSULTANT)
    StaffProfile.objects.create(user=consultant, district=District.objects.get(key="rinkeby-kista"))
    caseworker = _staff(make_user, roles.CASEWORKER, "spanga-tensta")

    # The consultant registers the shooting three days after it happened.
    incident = register_the_shooting(page, timezone.localtime() - timedelta(days=3))
    each_plan_comes_from_its_routine(incident)
    expect(page.get_by_role("heading", name="Plan för Rinkeby-Kista")).to_be_visible()
    expect(page.get_by_role("link", name="Uppsökande arbete efter skjutning")).to_be_visible()

    # One task done; the others are past their two days and say so in words.
    first, second = OutreachTask.objects.filter(plan__district__key="rinkeby-kista").order_by(
        "order"
    )[:2]
    page.locator(f"#uppgift-{first.pk}").get_by_role("button", name="Markera som klar").click()
    expect(page.locator(f"#uppgift-{first.pk}")).to_have_attribute("data-status", "done")
    expect(page.locator(f"#uppgift-{second.pk}").get_by_text("Försenad")).to_be_visible()
    # Both districts' progress in counts: Rinkeby-Kista has one done, Spånga-Tensta none.
    for key, done in (("rinkeby-kista", "1"), ("spanga-tensta", "0")):
        expect(page.locator(f'tr[data-district="{key}"]').locator("td").nth(0)).to_have_text(done)

    # The caseworker in Spånga-Tensta finds it, sees her district's plan and starts a
    # contact with the mother from it.
    other = _signed_in(browser, live_server, caseworker)
    other.goto("/")
    other.get_by_role("link", name="Allvarliga händelser").first.click()
    other.get_by_role("link", name=re.compile(incident.reference)).first.click()
    expect(other.get_by_role("heading", name="Plan för Spånga-Tensta")).to_be_visible()
    expect(other.get_by_role("link", name="Rutin vid allvarliga händelser")).to_be_visible()
    start = other.locator("form", has=other.get_by_role("button", name="Starta kontakt"))
    start.get_by_label("Förvaltning där den anhöriga bor").select_option(label="Spånga-Tensta")
    start.get_by_role("button", name="Starta kontakt").click()
    the_mother_from_the_incident(other)
    reference = submit(other)
    contact = Contact.objects.get(reference=reference)
    assert (contact.district.key, contact.event_kind) == ("spanga-tensta", "shooting")
    assert contact.event_date == timezone.localtime(incident.occurred_at).date()
    reached = RelativeReached.objects.get(contact=contact)
    assert reached.outcome == RelativeReached.Outcome.ACCEPTED
    assert reached.plan.district.key == "spanga-tensta"

    # The incident page counts her; only her caseworker gets the link to the contact.
    other.goto(incident.get_absolute_url())
    counts = other.locator('[data-reach-counts] tr[data-district="spanga-tensta"] td')
    expect(counts.nth(0)).to_have_text("1")  # offered
    expect(counts.nth(1)).to_have_text("1")  # accepted
    expect(other.get_by_role("link", name=reference)).to_be_visible()
    other.context.close()
    page.reload()
    counts = page.locator('[data-reach-counts] tr[data-district="spanga-tensta"] td')
    expect(counts.nth(1)).to_have_text("1")
    expect(page.get_by_role("link", name=reference)).to_have_count(0)
    expect(page.get_by_text("Kontakt registrerad")).to_be_visible()

    # Five more shootings in Rinkeby-Kista this quarter: the committee sees six, and
    # the one relative reached only as "<5".
    for days in range(5):
        services.register_incident(
            user=consultant,
            start_token=uuid.uuid4(),
            kind="shooting",
            occurred_at=incident.occurred_at + timedelta(hours=days + 1),
            district=incident.district,
            affected_districts=[incident.district],
        )
    page.goto("/statistics/")
    page.get_by_role(
        "link", name="Statistik om uppsökande arbete efter allvarliga händelser"
    ).click()
    page.get_by_label("År").select_option(str(timezone.localdate().year))
    page.get_by_role("button", name="Visa statistik").click()
    quarter = (timezone.localtime(incident.occurred_at).month - 1) // 3
    rinkeby = page.locator("#tabell-incidents table tr[data-line='rinkeby-kista'] td")
    expect(rinkeby.nth(quarter)).to_have_text("6")
    spanga = page.locator("#tabell-relatives table tr[data-line='spanga-tensta'] td")
    expect(spanga.first).to_have_text("<5")
