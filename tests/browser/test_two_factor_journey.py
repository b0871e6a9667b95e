"""Two-factor sign-in as a consultant meets it in the browser: the role requires it,
the app is connected, recovery codes are shown once, a lost phone is bridged by a
recovery code, and the account page lists what happened until it is confirmed."""

import re

from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from anhorigstod import roles
from anhorigstod.models import GroupSecurityPolicy, SecurityNotice
from tests.browser.conftest import PASSWORD


def _code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _sign_in(page, username):
    page.goto("/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def test_a_consultant_connects_an_app_and_signs_in_with_a_recovery_code(page, make_user):
    GroupSecurityPolicy.objects.create(
        group=Group.objects.get(name=roles.CONSULTANT), require_two_factor=True
    )
    user = make_user(roles.CONSULTANT, username="kim")

    _sign_in(page, "kim")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktivera tvåfaktorsinloggning")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Engångskod").fill("12")
    page.get_by_role("button", name="Aktivera").click()
    expect(page.get_by_text("Skriv de sex siffrorna från appen.")).to_be_visible()
    page.get_by_label("Engångskod").fill(_code(device))
    page.get_by_role("button", name="Aktivera").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reservkoder")
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    shown = page.locator(".recovery-codes code").all_inner_texts()
    assert sorted(shown) == sorted(codes) and len(codes) == 10
    page.get_by_role("link", name="Jag har sparat koderna").click()
    page.get_by_role("button", name="Logga ut").click()

    # The phone is lost: a password alone opens nothing, a recovery code does.
    _sign_in(page, "kim")
    expect(page).to_have_url(re.compile(r"/two-factor/verify/"))
    page.goto("/referrals/")
    expect(page).to_have_url(re.compile(r"/two-factor/verify/"))
    page.get_by_label("Engångskod eller reservkod").fill(codes[0].upper())
    page.get_by_role("button", name="Fortsätt").click()
    expect(page.get_by_text("Du loggade in med en reservkod. Du har 9 kvar.")).to_be_visible()

    page.get_by_role("link", name="Mitt konto").click()
    expect(
        page.get_by_text("En reservkod användes för att logga in på ditt konto.")
    ).to_be_visible()
    expect(page.get_by_text("En autentiseringsapp kopplades till ditt konto.")).to_be_visible()
    page.get_by_role("button", name="Det var jag, eller jag vet om det").click()
    expect(page.get_by_text("bekräftad").first).to_be_visible()
    assert not SecurityNotice.objects.filter(user=user, acknowledged_at__isnull=True).exists()
