"""The idle warning appears before the session ends, and keeps it alive on request."""

import re

from playwright.sync_api import expect

from anhorigstod import roles


def test_idle_warning_keeps_the_session_alive_then_times_out(page, sign_in, settings):
    settings.SESSION_IDLE_SECONDS = 6
    settings.SESSION_COOKIE_AGE = 6
    settings.SESSION_IDLE_WARNING_SECONDS = 4
    sign_in(roles.CASEWORKER)
    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=5_000)
    expect(warning).to_contain_text("Du loggas snart ut")
    expect(page.get_by_role("button", name="Fortsätt vara inloggad")).to_be_focused()
    page.get_by_role("button", name="Fortsätt vara inloggad").click()
    expect(warning).to_be_hidden()
    # Left alone, the page signs out when the idle limit ends.
    expect(page).to_have_url(re.compile(r"/login/\?timeout=1"), timeout=10_000)
    expect(page.get_by_text("Du har loggats ut eftersom sessionen tog slut")).to_be_visible()
