"""Browser tests: Playwright driving Debian's chromium (/usr/bin/chromium); no browser is downloaded.

Fixtures: ``browser_page`` (a fresh page), ``live_server`` (pytest-django), ``e2e_login(page, live_server,
username)``, ``e2e_demo`` (every app's demo data, ``cchc demo``'s loaders). The demo organisation and its cast are loaded into the live server's database.
Steps many tests repeat: ``e2e_submit(page, selector)`` (click and wait for the page the POST leads to) and
``e2e_import`` (``.table(name, rows)``: an Excel file under the test's tmp dir; ``.upload(page, path,
form=...)``: the file sent, landing on the import preview; ``.confirm(page)``: the preview's import button).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cchc.apps.org.demo import DEMO_PASSWORD, ensure_demo_units, ensure_demo_users
from tests.malformed import xlsx_bytes

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    path = os.environ.get("CCHC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.skip("chưa cài chromium (Debian: apt-get install chromium) — `make test` cài nó")
    return path


# Module scope, not session: while Playwright's sync API is open it keeps an event loop running in this
# thread, and later tests that call asyncio.run() (pyHanko signing) would fail after the browser tests.
@pytest.fixture(scope="module")
def _browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_browser):
    context = _browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def e2e_cast(transactional_db):
    return {u.username: u for u in ensure_demo_users(ensure_demo_units())}


@pytest.fixture
def e2e_login(e2e_cast):
    def _login(page, live_server, username: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)

    return _login


@pytest.fixture
def e2e_submit() -> Callable[[Any, str], None]:
    def _submit(page: Any, selector: str) -> None:
        """Click ``selector`` and wait for the page the POST redirects to."""
        with page.expect_navigation():
            page.click(selector)

    return _submit


class Import:
    """The steps of a table import in the browser (finance, institutions, people, staffing quotas)."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path

    def table(self, name: str, rows: list[list[Any]]) -> Path:
        """An Excel file ``name`` holding ``rows`` (the header row first) under the test's tmp dir."""
        path = self.tmp_path / name
        path.write_bytes(xlsx_bytes(rows))
        return path

    def upload(self, page: Any, path: Path, *, form: str = "#upload-form") -> None:
        """Choose ``path`` in the page's file field and send ``form``: the import lands on its preview."""
        page.set_input_files("#id_file", str(path))
        page.click(f"{form} button[type=submit]")

    def confirm(self, page: Any) -> None:
        """On the preview: import the valid rows (the rejected ones are kept with their reasons)."""
        page.click("#import-choice button[type=submit]")


@pytest.fixture
def e2e_import(tmp_path: Path) -> Import:
    return Import(tmp_path)


@pytest.fixture
def e2e_demo(e2e_cast, settings, tmp_path):
    """Every app's demo data loaded (core.demo.load_all), files under the test's tmp dir."""
    import threading

    from django.db import connection
    from django.test.utils import override_settings

    from cchc.apps.core.demo import load_all

    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    errors: list[BaseException] = []

    def run() -> None:
        # Signing runs asyncio.run(), which cannot run in this thread while Playwright's loop is open.
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                load_all()
        except BaseException as exc:  # re-raised below, in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
