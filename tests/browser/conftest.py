"""Real headless Chromium (Debian's `chromium`), driven by Playwright against pytest-django's live server.

Django's ORM refuses to run inside Playwright's event loop, so tests set up their data first, then
drive the browser inside `chromium_page(...)`, then check the database after the block.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.conftest import PASSWORD, ensure_reference_data

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    return path


@contextmanager
def chromium_page(base_url: str, *, user=None, width: int = 1280, height: int = 900):
    """A page in real Chromium; on leaving, fails if any page broke the Content Security Policy or
    threw a script error (a script or style the policy blocked is a feature that silently broke)."""
    problems: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        try:
            context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height}, locale="th-TH")
            page = context.new_page()
            page.on("console", lambda message: "Content Security Policy" in message.text and problems.append(message.text))
            page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
            if user is not None:
                log_in(page, user.username)
            yield page
        finally:
            browser.close()
    assert not problems, "\n".join(problems)


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/staff/")


@pytest.fixture(autouse=True)
def _browser_marker(request):
    request.node.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """Live-server tests empty every table after each test, the migration's reference data too: load it again."""
    ensure_reference_data()
