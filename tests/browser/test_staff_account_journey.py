"""The user administrator makes a caseworker in one screen, with role and
workplace, and the caseworker signs in (issue 15, ask 8)."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from anhorigstod import roles
from referrals.models import StaffProfile

TEMPORARY = "Tillfälligt-lösenord-2026"
OWN = "Mitt-eget-långa-lösenord-77"


def test_a_caseworker_is_made_in_one_screen_and_signs_in(page, sign_in):
    sign_in(roles.USER_ADMINISTRATOR)
    page.goto("/admin/auth/user/add/")

    expect(page.get_by_text("Kontot skapas med roll och arbetsplats på en gång")).to_be_visible()
    expect(page.get_by_text("Anhörigkonsulent: den enhet vars hänvisningar")).to_be_visible()
    page.get_by_label("Användarnamn").fill("sara")
    page.get_by_label("Förnamn").fill("Sara")
    page.get_by_label("Efternamn").fill("Lind")
    page.get_by_label("E-postadress").fill("sara.lind@example.se")
    page.locator("#id_password1").fill(TEMPORARY)
    page.locator("#id_password2").fill(TEMPORARY)
    page.locator("#id_district").select_option(label="Farsta")

    # Without a role nothing is saved, and nothing typed is lost.
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(page.get_by_label("Förnamn")).to_have_value("Sara")
    assert not get_user_model().objects.filter(username="sara").exists()

    page.locator("#id_password1").fill(TEMPORARY)
    page.locator("#id_password2").fill(TEMPORARY)
    page.get_by_role("radio", name=re.compile("Handläggare")).check()
    page.get_by_role("button", name="Spara", exact=True).click()

    expect(page).to_have_url(re.compile(r"/admin/auth/user/$"))
    expect(page.locator("#result_list").get_by_role("link", name="sara")).to_be_visible()
    sara = get_user_model().objects.get(username="sara")
    assert list(sara.groups.values_list("name", flat=True)) == [roles.CASEWORKER]
    assert StaffProfile.objects.get(user=sara).district.name == "Farsta"

    page.get_by_role("button", name="Logga ut").click()
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill("sara")
    page.get_by_label("Lösenord").fill(TEMPORARY)
    page.get_by_role("button", name="Logga in").click()

    # A password someone else set is changed at the first sign-in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Byt lösenord")
    page.locator("#id_old_password").fill(TEMPORARY)
    page.locator("#id_new_password1").fill(OWN)
    page.locator("#id_new_password2").fill(OWN)
    page.get_by_role("button", name="Byt lösenord").click()

    page.goto("/referrals/")
    expect(page).to_have_url(re.compile(r"/referrals/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
