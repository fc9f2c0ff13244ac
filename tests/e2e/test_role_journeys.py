"""Issue 17: a day's work in the browser, as each of the ten demo users, at 1366 px and on a phone (390 px).

One demo load for the module (committed, so the live server's thread sees it, and flushed at the end), one live
server, one chromium; each role logs in once and walks its daily work from the home page: every module of its
menu and the pages they link to (one page per URL shape). On every page reached:

- nothing answers 403, 404 or 500 — the page itself, any visible link on it (checked with the same session, without
  rendering), and the files the page loads (styles, scripts, icon);
- nothing scrolls sideways at 1366 px nor at 390 px: ``document.documentElement.scrollWidth <= innerWidth`` with
  no ``overflow: hidden``/``clip`` on html or body (which would hide the overflow rather than remove it);
- at 390 px, a page with two columns (``.split``: the task page, the review screen) shows them one under the other.

On the home page at 390 px the header and the module menus take a small part of the first screen and the menu
button opens the modules. The second test runs axe-core (vendored under tests/e2e/vendor/axe-core, see its
README) on the ten most used pages and expects no WCAG 2 A/AA violation.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

from cchc.apps.core.demo import load_all
from cchc.apps.org.demo import DEMO_PASSWORD, USERS

from .conftest import CHROMIUM_ARGS, _chromium

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WIDE, PHONE = {"width": 1366, "height": 900}, {"width": 390, "height": 844}
# Not walked: leaving the session, the Django admin, the API browser, the language switch, static files.
SKIP = re.compile(r"^/(accounts/logout|quan-tri/|api/|i18n/|static/|media/)")
PAGES_PER_ROLE = 16  # pages rendered per role (one per URL shape); visible links beyond are only requested
LINKS_PER_SHAPE = 6
DOWNLOAD = re.compile(r"\.(xlsx|docx|pdf|csv|ics|xml|zip|p7s|json)$|/(xuat|tai-ve|tai-xuong|download)", re.I)
MEASURE = """async () => {
  // Two frames: the resize listeners (charts) have run and the layout is settled.
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const html = document.documentElement, body = document.body;
  const hidden = [html, body].map(e => getComputedStyle(e)).some(s => /hidden|clip/.test(s.overflowX + s.overflow));
  const split = document.querySelector('.split');
  let columns = 0;
  if (split) columns = new Set([...split.children].filter(c => c.offsetParent).map(c => Math.round(c.getBoundingClientRect().left))).size;
  return {scroll: html.scrollWidth, inner: innerWidth, hidden, columns};
}"""
VISIBLE_LINKS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => a.checkVisibility ? a.checkVisibility({visibilityProperty: true}) : a.offsetParent !== null)
  .map(a => a.getAttribute('href'))"""


def _shape(url: str) -> str:
    parts = urlsplit(url)
    keys = ",".join(sorted(k.split("=")[0] for k in parts.query.split("&") if k))
    return re.sub(r"\d+", "N", parts.path) + "?" + keys


@pytest.fixture
def demo_server(transactional_db, live_server, tmp_path):
    """The live server over the demo data (committed, so the server's thread sees it; flushed after the test)."""
    with override_settings(DATA_DIR=tmp_path, MEDIA_ROOT=tmp_path / "media"):
        load_all()
        yield live_server


def _sign_in(browser, server, username: str):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport=WIDE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "/accounts/login/" not in page.url, f"{username} could not sign in"
    return context, page


def _check_phone_header(page, server, problems: list[str]) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{server.url}/")
    bars = page.evaluate(
        "() => ['header.top', 'nav.modules.main', 'nav.modules.sub']"
        ".map(s => document.querySelector(s)).filter(Boolean)"
        ".reduce((h, e) => h + e.getBoundingClientRect().height, 0)"
    )
    if bars > 0.2 * PHONE["height"]:
        problems.append(f"/ at 390 px: header and menus take {bars:.0f} px of {PHONE['height']}")
    if page.locator("#site-nav").is_visible():
        problems.append("/ at 390 px: the modules are shown before the menu button is pressed")
    page.click("#menu-toggle")
    if not page.locator("#site-nav").is_visible():
        problems.append("/ at 390 px: the menu button does not open the modules")
    if page.get_attribute("#menu-toggle", "aria-expanded") != "true":
        problems.append("/ at 390 px: the menu button does not say it is open (aria-expanded)")
    page.set_viewport_size(WIDE)


def _walk(page, server, username: str) -> tuple[list[str], list[str]]:
    """Visit the role's pages; returns (pages rendered, problems)."""
    problems: list[str] = []
    failed_files: list[str] = []
    page.on(
        "response",
        lambda r: (
            failed_files.append(f"{r.status} {urlsplit(r.url).path}")
            if r.url.startswith(server.url) and r.status >= 400
            else None
        ),
    )
    seen: set[str] = set()
    checked: dict[str, int] = {}
    shapes: Counter[str] = Counter()
    per_shape: Counter[str] = Counter()
    queue = ["/"]
    rendered: list[str] = []
    while queue and len(rendered) < PAGES_PER_ROLE:
        url = queue.pop(0)
        if url in seen or shapes[_shape(url)] >= 1:
            continue
        seen.add(url)
        shapes[_shape(url)] += 1
        failed_files.clear()
        response = page.goto(f"{server.url}{url}")
        status = response.status if response else 0
        if status in (403, 404) or status >= 500:
            problems.append(f"{url} → {status}")
            continue
        if "html" not in (response.headers.get("content-type", "") if response else ""):
            continue
        rendered.append(url)
        for width in (WIDE, PHONE):
            page.set_viewport_size(width)
            m = page.evaluate(MEASURE)
            if m["scroll"] > m["inner"]:
                problems.append(
                    f"{url} at {width['width']} px scrolls sideways ({m['scroll']} > {m['inner']})"
                )
            if m["hidden"]:
                problems.append(f"{url}: overflow hidden on html or body")
            if width is PHONE and m["columns"] > 1:
                problems.append(f"{url} at 390 px keeps {m['columns']} columns")
        page.set_viewport_size(WIDE)
        problems.extend(f"{url} loads {f}" for f in failed_files)
        for href in page.evaluate(VISIBLE_LINKS):
            href = href.split("#")[0]
            if not href.startswith("/") or href.startswith("//") or SKIP.match(href):
                continue
            # Up to LINKS_PER_SHAPE links of one URL shape are requested (a list's fifty task links mostly
            # answer alike; several, so that a link to another unit's task among one's own is still caught).
            if href not in checked and per_shape[_shape(href)] < LINKS_PER_SHAPE:
                per_shape[_shape(href)] += 1
                answer = page.request.get(f"{server.url}{href}", max_redirects=5)
                checked[href] = answer.status
                answer.dispose()
                if answer.status in (403, 404) or answer.status >= 500:
                    problems.append(f"{url}: visible link {href} → {answer.status}")
            if not DOWNLOAD.search(href) and href not in seen:
                queue.append(href)
    return rendered, problems


def _journeys(browser, server) -> list[str]:
    problems: list[str] = []
    for username in [row[0] for row in USERS]:
        context, page = _sign_in(browser, server, username)
        try:
            found: list[str] = []
            _check_phone_header(page, server, found)
            rendered, walk_problems = _walk(page, server, username)
            found.extend(walk_problems)
        finally:
            context.close()
        # The walk did reach the role's work: its home and the modules of its menu (at least two pages beyond home).
        if rendered[:1] != ["/"] or len(rendered) < 3:
            found.append(f"the walk reached only {rendered}")
        problems.extend(f"{username}: {p}" for p in dict.fromkeys(found))
    return problems


# The ten most used pages (the menu's first pages and the pages the home cards lead to), opened as the
# coordinator, who sees every module, and the officer's own task page with its report form.
AXE_PAGES = [
    ("vanphong", "/"),
    ("vanphong", "/chi-dao/viec-cua-toi/"),
    ("vanphong", "/chi-dao/van-ban/"),
    ("vanphong", "/chi-dao/nhiem-vu/"),
    ("vanphong", "/chi-dao/tong-quan/"),
    ("vanphong", "/chi-dao/ket-qua-don-vi/"),
    ("vanphong", "/thu-tuc/"),
    ("vanphong", "/ho-so/"),
    ("vanphong", "/van-ban/"),
    ("vanphong", "/to-chuc/"),
    ("vanphong", "/chi-dao/thong-bao/"),
    ("chuyenvien.vh", "task"),
    ("vanphong", "directive"),
]
AXE_RUN = """() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
  .then(r => r.violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`))"""


def _first_link(page, server, start: str, pattern: str) -> str:
    page.goto(f"{server.url}{start}")
    hrefs = [h for h in page.evaluate(VISIBLE_LINKS) if re.fullmatch(pattern, h)]
    assert hrefs, f"no link {pattern} on {start}"
    return hrefs[0]


def _accessibility(browser, server) -> list[str]:
    script = AXE.read_text(encoding="utf-8")
    found: list[str] = []
    pages: list[str] = []
    for username in dict.fromkeys(u for u, _ in AXE_PAGES):
        context, page = _sign_in(browser, server, username)
        try:
            for who, url in AXE_PAGES:
                if who != username:
                    continue
                if url == "task":
                    url = _first_link(page, server, "/chi-dao/viec-cua-toi/", r"/chi-dao/nhiem-vu/\d+/")
                elif url == "directive":
                    url = _first_link(page, server, "/chi-dao/van-ban/", r"/chi-dao/van-ban/\d+/")
                for width in (WIDE, PHONE):
                    page.set_viewport_size(width)
                    response = page.goto(f"{server.url}{url}")
                    assert response and response.status == 200, url
                    # Evaluated through the DevTools protocol: the page's CSP (no inline script) stays on.
                    page.evaluate(script + "\n;0")
                    found.extend(f"{url} at {width['width']} px: {v}" for v in page.evaluate(AXE_RUN))
                pages.append(url)
        finally:
            context.close()
    assert len(pages) == len(AXE_PAGES)
    return found


def test_every_demo_role_works_a_day_on_a_wide_screen_and_a_phone_and_the_main_pages_are_accessible(
    demo_server,
):
    """One demo load, one server, one browser for the ten journeys and the accessibility check (a test each
    would load the demo again: the database is flushed after a test that uses the live server). The browser is
    started here, after the demo is loaded: while Playwright runs, its event loop would stop the demo's signing
    (asyncio.run) — hence not conftest's module-wide browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        try:
            journeys = _journeys(browser, demo_server)
            violations = _accessibility(browser, demo_server)
        finally:
            browser.close()
    assert journeys == [], "\n".join(journeys)
    assert violations == [], "WCAG 2 A/AA (axe-core):\n" + "\n".join(violations)
