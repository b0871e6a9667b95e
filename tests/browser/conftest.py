"""Browser journeys in Debian's Chromium, driven by Playwright.

Playwright cannot download its own browser here, so it launches the system
Chromium (CHROMIUM_PATH overrides /usr/bin/chromium).
"""

import os

import pytest
from playwright.sync_api import sync_playwright

from guidance.loading import load_guidance

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PASSWORD = "a-long-test-password"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture
def guidance(transactional_db):
    """Live-server tests run outside a transaction: load the guidance for each."""
    load_guidance()


@pytest.fixture
def page(browser, live_server, guidance):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def sign_in(page, make_user):
    def sign_in_as(role: str):
        user = make_user(role)
        page.goto("/login/")
        page.get_by_label("Användarnamn").fill(user.username)
        page.get_by_label("Lösenord").fill(PASSWORD)
        page.get_by_role("button", name="Logga in").click()
        return user

    return sign_in_as
