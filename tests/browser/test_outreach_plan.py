"""Outreach after a shooting: a consultant in Rinkeby-Kista registers it, both
concerned districts' plans appear from their routines, tasks are done or marked
not applicable, the rest are overdue, and the incident is closed with a note."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from anhorigstod import roles
from guidance.models import District
from referrals.models import IncidentRegistrar, StaffProfile
from referrals.outreach.models import Incident, OutreachTask


def test_a_consultant_follows_a_shooting_through_both_plans(page, sign_in):
    consultant = sign_in(roles.CONSULTANT)
    StaffProfile.objects.create(user=consultant, district=District.objects.get(key="rinkeby-kista"))
    # Named by Spånga-Tensta too, so both plans are the consultant's to follow.
    IncidentRegistrar.objects.create(
        user=consultant, district=District.objects.get(key="spanga-tensta")
    )
    when = timezone.localtime() - timedelta(days=3)

    page.goto("/")
    page.get_by_role("link", name="Allvarliga händelser").first.click()
    page.get_by_role("link", name="Registrera en händelse").click()
    page.get_by_label("Skjutning").check()
    page.get_by_label("Datum").fill(when.strftime("%Y-%m-%d"))
    page.get_by_label("Tid, ungefär").fill(when.strftime("%H:%M"))
    page.get_by_label("Stadsdelsförvaltning där det hände").select_option("rinkeby-kista")
    page.get_by_label("Spånga-Tensta").check()
    page.get_by_label("Vad som är känt, med några ord").fill("Skjutning vid torget.")
    page.get_by_role("button", name="Registrera händelsen").click()

    expect(page.get_by_role("heading", name=re.compile(r"Händelse AH-"))).to_be_visible()
    incident = Incident.objects.get()
    for district in ("Rinkeby-Kista", "Spånga-Tensta"):
        expect(page.get_by_role("heading", name=f"Plan för {district}")).to_be_visible()
    expect(page.get_by_role("link", name="Uppsökande arbete efter skjutning")).to_be_visible()
    expect(page.get_by_role("link", name="Rutin vid allvarliga händelser")).to_be_visible()

    first, second = OutreachTask.objects.filter(plan__district__key="rinkeby-kista").order_by(
        "order"
    )[:2]
    task = page.locator(f"#uppgift-{first.pk}")
    expect(task.get_by_text("Försenad")).to_be_visible()
    task.get_by_role("button", name="Markera som klar").click()
    expect(page.locator(f"#uppgift-{first.pk}")).to_have_attribute("data-status", "done")

    # The rarer changes are on the task's own page, one link from its card; the link
    # names its task, for a screen reader's list of links.
    change = page.locator(f"#uppgift-{second.pk}").get_by_role(
        "link", name="Byt ansvarig, eller markera att uppgiften inte gäller"
    )
    expect(change).to_have_accessible_name(
        f"Byt ansvarig, eller markera att uppgiften inte gäller – {second.action}"
    )
    change.click()
    expect(page.get_by_role("heading", name=second.action)).to_be_visible()
    page.get_by_role("button", name="Markera att uppgiften inte gäller").click()
    expect(page.get_by_text("Skriv varför uppgiften inte gäller.").first).to_be_visible()
    page.get_by_label("Varför gäller uppgiften inte?").fill("Ingen enhet har kontakt med familjen.")
    page.get_by_role("button", name="Markera att uppgiften inte gäller").click()
    expect(page.locator(f"#uppgift-{second.pk}")).to_have_attribute("data-status", "not_applicable")
    rk = page.locator('tr[data-district="rinkeby-kista"]')
    expect(rk.locator("td").nth(0)).to_have_text("1")
    expect(rk.locator("td").nth(1)).to_have_text("1")

    page.get_by_label("Anteckning vid avslut").fill("Alla anhöriga har erbjudits stöd.")
    page.get_by_role("button", name="Avsluta händelsen").click()
    expect(page.get_by_text("Händelsen är avslutad.").first).to_be_visible()
    incident.refresh_from_db()
    assert incident.status == Incident.Status.CLOSED

    # The list a consultant opens every day holds what is still going on; the closed
    # incident is one link away, on a page of its own.
    page.goto("/outreach/")
    expect(page.locator('[data-table="open-incidents"]')).not_to_contain_text(incident.reference)
    page.get_by_role("link", name="Avslutade händelser").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avslutade händelser")
    expect(page.locator('[data-list="closed-incidents"]')).to_contain_text(incident.reference)
