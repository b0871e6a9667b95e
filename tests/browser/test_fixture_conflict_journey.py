"""The administrator resolves a fixture conflict on the item's own page."""

import json

from django.contrib import admin
from django.test import RequestFactory
from playwright.sync_api import expect

from anhorigstod import roles
from guidance import models as m
from guidance.loading import FIXTURE_DIR, load_guidance

SERVICE = "brottsofferjouren-stod"


def make_conflict(tmp_path, user):
    """The administrator changed the phone and the name; the fixture then changed both."""
    service = m.Service.objects.get(key=SERVICE)
    service.phone = "08-000 00 00"
    service.name = "Vårt eget namn"
    request = RequestFactory().post("/admin/")
    request.user = user
    admin.site._registry[m.Service].save_model(request, service, form=None, change=True)
    entries = json.loads((FIXTURE_DIR / "85_services.json").read_text(encoding="utf-8"))
    entry = next(e for e in entries if e["fields"]["key"] == SERVICE)
    entry["fields"].update(phone="08-222 22 22", name="Fixturens nya namn")
    path = tmp_path / "85_services.json"
    path.write_text(json.dumps([entry], ensure_ascii=False), encoding="utf-8")
    assert len(load_guidance([path]).conflicts) == 2
    return service


def test_the_administrator_takes_the_fixtures_phone_and_keeps_their_name(page, sign_in, tmp_path):
    user = sign_in(roles.ADMINISTRATOR)
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    service = make_conflict(tmp_path, user)

    page.goto(f"/admin/guidance/service/{service.pk}/change/")
    box = page.get_by_role("region", name="Fixturen har en annan version")
    expect(box).to_be_visible()
    phone_row = box.locator("#skillnad-phone")
    expect(phone_row).to_contain_text("08-000 00 00")
    expect(phone_row).to_contain_text("08-222 22 22")
    expect(box.locator("#skillnad-name")).to_contain_text("Fixturens nya namn")

    phone_row.get_by_role("button", name="Använd fixturens version").click()

    expect(page.get_by_text("Fixturens version används för 1 fält.")).to_be_visible()
    expect(page.locator("#id_phone")).to_have_value("08-222 22 22")
    box = page.get_by_role("region", name="Fixturen har en annan version")
    expect(box.locator("#skillnad-phone")).to_have_count(0)
    expect(box.locator("#skillnad-name")).to_contain_text("Vårt eget namn")
    expect(page.locator("#id_name")).to_have_value("Vårt eget namn")

    page.goto("/admin/guidance/fixtureconflict/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("skillnad")
    expect(page.locator("#result_list")).to_contain_text("Namn")
