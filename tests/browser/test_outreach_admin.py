"""The administrator keeps outreach's routines and registrars (issue 16, ask 7) in
Chromium: edits a step's days in Spånga-Tensta's routine and finds the change in
its history, lets a manager register incidents for Skärholmen, and finds the city
default cannot be deleted."""

import re

from playwright.sync_api import expect

from anhorigstod import roles
from guidance.models import District, LocalRoutine
from referrals.models import StaffProfile
from referrals.outreach.models import IncidentRegistrar

WITHOUT_OWN = "Saknar egen rutin – stadens standardrutin används"


def test_the_administrator_keeps_routines_and_registrars(page, sign_in, make_user):
    manager = make_user(roles.MANAGER, username="chef-farsta", first_name="Sam", last_name="Chef")
    StaffProfile.objects.create(user=manager, district=District.objects.get(key="farsta"))
    sign_in(roles.ADMINISTRATOR)
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()

    # Every district with its routine, or the note that the default is used.
    page.goto("/admin/guidance/localroutine/")
    overview = page.locator("#routines-per-district")
    expect(overview.get_by_role("row", name=re.compile("Farsta"))).to_contain_text(WITHOUT_OWN)
    overview.get_by_role("link", name="Rutin vid allvarliga händelser").click()

    # Spånga-Tensta's first step gets a number of days.
    expect(page.locator("#city-default-note")).to_have_count(0)
    # The column's help (a tooltip in a tabular inline) says what an empty field means.
    days_help = page.locator("#steps-group th.column-within_days img.help-tooltip")
    expect(days_help).to_have_attribute(
        "title", re.compile("Lämna tomt: uppgiften ska vara klar 2 dagar efter händelsen.")
    )
    page.locator("#id_steps-0-within_days").fill("3")
    page.locator("input[name='_continue']").click()
    expect(page.locator(".messagelist")).to_contain_text("Rutin vid allvarliga händelser")
    routine = LocalRoutine.objects.get(district__key="spanga-tensta")
    assert routine.steps.order_by("order").first().within_days == 3

    page.get_by_role("link", name="Historik").click()
    changes = page.locator("#step-history")
    expect(changes.get_by_role("heading", name="Ändringar av rutinens steg")).to_be_visible()
    first_row = changes.locator("tbody tr").first
    expect(first_row).to_contain_text("Ändrat")
    expect(first_row.locator("td").last).to_have_text("3")

    # A manager of Farsta may also register incidents for Skärholmen.
    page.goto("/admin/referrals/incidentregistrar/add/")
    page.get_by_label("Stadsdelsförvaltning").select_option(label="Skärholmen")
    page.get_by_label("Person").select_option(label="Sam Chef (chef-farsta)")
    page.get_by_label("Funktion").fill("Avdelningschef individ och familj")
    page.locator("input[name='_save']").click()
    expect(page.locator("#result_list")).to_contain_text("Sam Chef (chef-farsta)")
    registrar = IncidentRegistrar.objects.get()
    assert (registrar.district.key, registrar.user) == ("skarholmen", manager)
    skarholmen = District.objects.get(key="skarholmen")
    page.goto(f"/admin/guidance/district/{skarholmen.pk}/change/")
    expect(page.locator("#incident_registrars-group")).to_contain_text("Sam Chef (chef-farsta)")

    # The city default says what it is and cannot be deleted.
    default = LocalRoutine.objects.get(district=None, applies_when="serious_violence")
    page.goto(f"/admin/guidance/localroutine/{default.pk}/change/")
    expect(page.locator("#city-default-note")).to_contain_text("Stadens standardrutin")
    expect(page.get_by_role("link", name="Radera")).to_have_count(0)
    page.goto(f"/admin/guidance/localroutine/{default.pk}/delete/")
    expect(page.locator(".messagelist")).to_contain_text("Stadens standardrutin kan inte tas bort")
    assert LocalRoutine.objects.filter(pk=default.pk).exists()
