"""The dossier dashboard in a real browser: ECharts (vendored) draws its canvases; nothing leaves localhost."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from cchc.analytics.importer import import_file
from cchc.analytics.store import DossierStore
from cchc.analytics.synthetic import write
from cchc.apps.dossiers.demo import demo_table

pytestmark = pytest.mark.browser


def test_dashboard_draws_charts_from_local_files(browser_page, live_server, e2e_login, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    with DossierStore(tmp_path / "analytics.duckdb") as store:
        import_file(store, write(demo_table(3000, seed=7), tmp_path / "demo.parquet"), source="demo")
    hosts: set[str] = set()
    browser_page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or r.url.split(":")[0]))
    e2e_login(browser_page, live_server, "giamdoc")
    browser_page.goto(f"{live_server.url}/ho-so/")
    for chart in ("total", "groups", "units"):
        browser_page.wait_for_selector(f"#chart-{chart} canvas", timeout=10_000)
    assert browser_page.locator("#total").inner_text().count(",") == 1  # "51,49": Vietnamese decimals
    browser_page.goto(f"{live_server.url}/ho-so/chi-so-766/?period=Q1%2F2026")
    browser_page.wait_for_selector("#chart-trend canvas", timeout=10_000)
    assert hosts <= {"localhost", "127.0.0.1", "data", "blob"}, hosts


def _click_at(page, chart_id: str, point: list) -> None:
    """Click the chart where it draws the data ``point`` ([x, y] in its axes: convertToPixel)."""
    box = page.evaluate(
        """([id, point]) => {
            const el = document.getElementById(id);
            el.scrollIntoView({block: "center"});
            const [x, y] = echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, point);
            const dom = el.getBoundingClientRect();
            return {x: dom.left + x, y: dom.top + y};
        }""",
        [chart_id, point],
    )
    page.mouse.click(box["x"], box["y"])


def test_a_click_on_a_bar_or_point_opens_the_list_behind_it(browser_page, live_server, e2e_login, settings, tmp_path):  # fmt: skip
    settings.DATA_DIR = tmp_path
    with DossierStore(tmp_path / "analytics.duckdb") as store:
        import_file(store, write(demo_table(3000, seed=7), tmp_path / "demo.parquet"), source="demo")
    e2e_login(browser_page, live_server, "giamdoc")
    browser_page.goto(f"{live_server.url}/ho-so/")
    browser_page.wait_for_selector("#chart-units canvas", timeout=10_000)
    data = browser_page.evaluate("JSON.parse(document.getElementById('chart-data').textContent)")
    # The units chart draws its bars bottom-up (reversed): bar 0 is the last unit of the ranking.
    _click_at(browser_page, "chart-units", [data["unit_totals"][-1] / 2, 0])  # the middle of the bar
    url = data["unit_urls"][-1]
    browser_page.wait_for_url(lambda u: u.endswith(url), wait_until="commit", timeout=30_000)
    browser_page.goto(f"{live_server.url}/ho-so/")
    browser_page.wait_for_selector("#chart-total canvas", timeout=10_000)
    _click_at(browser_page, "chart-total", [0, data["total"][0]])  # the first month's point
    url = data["month_urls"][0]
    browser_page.wait_for_url(lambda u: u.endswith(url), wait_until="commit", timeout=30_000)
