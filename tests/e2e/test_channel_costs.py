"""Cost by channel in a real browser: from the 766 dashboard to the table per unit × procedure, on to a procedure's
page with its cost of one execution per channel, then the same table on a 390 px phone without sideways scroll."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_cost_by_channel_from_the_dashboard_to_a_procedure(browser_page, live_server, e2e_login, e2e_cast, settings, tmp_path):  # fmt: skip
    from cchc.apps.procedures.demo import ensure_demo_catalogue, ensure_demo_plans, load_channels

    settings.DATA_DIR = tmp_path
    ensure_demo_plans(ensure_demo_catalogue())
    load_channels()
    page = browser_page
    e2e_login(page, live_server, "giamdoc")
    page.goto(f"{live_server.url}/ho-so/?period=2026")
    page.click("text=Chi phí theo kênh")
    expect(page.locator("#channel-costs tbody tr")).to_have_count(4)
    # 22 × 2.490.000 + 38 × 2.170.000 (1.009301, Phòng Quản lý Văn hóa), as the test of the figures computes
    expect(page.locator('tr[data-code="1.009301"] td.social')).to_have_text("137.240.000")
    expect(page.locator('tr[data-code="1.009301"] td.saving')).to_have_text("12.160.000")
    expect(page.locator("#missing")).to_contain_text("1.009305")
    page.fill("#id_target", "80")
    page.click("#filters button[type=submit]")
    expect(page.locator("#target")).to_have_text("80%")
    page.click('tr[data-code="1.009301"] a')
    expect(page.locator("#per-execution-in-person")).to_have_text("2.490.000")
    expect(page.locator("#per-execution-online")).to_have_text("2.170.000")
    expect(page.locator('#channel-units tr[data-unit="LC-SVHTTDL-QLVH"] td.social')).to_have_text(
        "137.240.000"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/ho-so/chi-phi-theo-kenh/?period=2026")
    expect(page.locator("#channel-costs")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
