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
