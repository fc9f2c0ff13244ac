"""The Văn phòng generates the quý I 2026 CCHC report in the browser, edits a section, refreshes the figures
(the edit stays), issues it; the leader then reads it with every figure's reference."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cchc.apps.reports.models import Report

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("CCHC_SCREENSHOT_DIR", "/tmp"))


def test_generate_edit_refresh_and_issue_a_report(browser_page, live_server, e2e_login, e2e_cast):
    page = browser_page
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/bao-cao/dinh-ky/")
    expect(page.locator("h1")).to_contain_text("Báo cáo CCHC định kỳ")
    page.select_option("#id_period", "2026-Q1")
    page.click("#report-create button[type=submit]")
    expect(page.locator("h1")).to_contain_text("quý I năm 2026")
    expect(page.locator("tr[data-source='tasks.on_time_share'] code.reference")).to_have_text(
        "tasks.on_time_share · % · 15/12/2025–14/03/2026 · directives.selectors.task_timeliness#on_time"
    )
    page.fill("#text-ton_tai", "Một số phòng gửi báo cáo chậm.")
    page.click("#save-texts")
    expect(page.locator(".messages")).to_contain_text("Đã lưu nội dung báo cáo.")
    page.click("#refresh-figures")
    expect(page.locator(".messages")).to_contain_text("nội dung đã sửa được giữ nguyên")
    expect(page.locator("#text-ton_tai")).to_have_value("Một số phòng gửi báo cáo chậm.")
    page.screenshot(path=str(SHOTS / "bao-cao-dinh-ky-du-thao.png"), full_page=True)
    page.click("#issue-report")
    expect(page.locator("#report-status")).to_have_text("Đã ban hành")
    expect(page.locator("#issue-report")).to_have_count(0)
    report = Report.objects.get()
    assert report.status == "issued" and report.texts["ton_tai"] == "Một số phòng gửi báo cáo chậm."

    e2e_login(page, live_server, "giamdoc")
    page.goto(f"{live_server.url}/bao-cao/dinh-ky/{report.pk}/")
    expect(page.locator("#section-ton_tai")).to_contain_text("Một số phòng gửi báo cáo chậm.")
    expect(page.locator("textarea")).to_have_count(0)
    page.set_viewport_size({"width": 390, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(SHOTS / "bao-cao-dinh-ky-dien-thoai.png"), full_page=True)
