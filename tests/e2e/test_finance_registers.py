"""The three finance registers of the demo department in the browser: autonomy with its trend chart, public
assets with totals per unit, budget disclosure with the late list; an Excel import of assets with a bad row
shows the row's error in the preview, keeps it on the batch page and writes only the valid row."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cchc.apps.finance import demo
from cchc.apps.finance.models import Asset

pytestmark = pytest.mark.browser


def test_three_registers_and_an_import_with_a_bad_row(
    browser_page, live_server, e2e_login, e2e_cast, e2e_import
):
    demo.load()
    page = browser_page
    e2e_login(page, live_server, "vanphong")

    page.goto(f"{live_server.url}/tai-chinh/tu-chu-tai-chinh/")
    expect(page.locator("#autonomy")).to_contain_text("Nhóm 3")
    expect(page.locator("#target-share")).to_contain_text("66,67")
    page.locator("#autonomy a").first.click()
    expect(page.locator("#trend tbody tr")).to_have_count(3)
    expect(page.locator("[data-chart=autonomy] canvas")).to_have_count(1)

    page.goto(f"{live_server.url}/tai-chinh/tai-san-cong/")
    expect(page.locator("#totals")).to_contain_text("Tổng cộng")
    expect(page.locator("#assets")).to_contain_text("Chuyển giao về địa phương quản lý, xử lý")
    expect(page.locator("#assets")).to_contain_text("quá 12 tháng")

    page.goto(f"{live_server.url}/tai-chinh/cong-khai-ngan-sach/")
    expect(page.locator("h2").first).to_contain_text("Quá hạn hoặc trễ hạn")

    table = e2e_import.table("tai-san.xlsx", [
        ["Đơn vị", "Mã tài sản", "Tên tài sản", "Loại tài sản", "Nguyên giá", "Hiện trạng", "Hình thức xử lý"],
        ["LC-SVHTTDL-VP", "XE-VP-09", "Xe ô tô 5 chỗ 25A-009.99", "Xe ô tô", "720000000", "Dôi dư", "Bán"],
        ["LC-SVHTTDL-VP", "TB-VP-09", "Máy in", "máy bay", "abc", "", ""],
    ])  # fmt: skip
    page.goto(f"{live_server.url}/tai-chinh/tai-san-cong/")
    page.click("main a[href$='kind=asset']")
    e2e_import.upload(page, table)
    expect(page.locator("main")).to_contain_text("1 dòng hợp lệ, 1 dòng lỗi")
    expect(page.locator("#rejected")).to_contain_text("Loại tài sản không hợp lệ: “máy bay”")
    expect(page.locator("#rejected")).to_contain_text("Nguyên giá không hợp lệ: 'abc'")
    assert not Asset.objects.filter(code="XE-VP-09").exists()  # nothing written before the confirmation
    e2e_import.confirm(page)
    expect(page.locator("main")).to_contain_text("1 dòng đã nhập, 1 dòng lỗi được giữ lại")
    expect(page.locator("#rejected")).to_contain_text("máy bay")
    assert Asset.objects.get(code="XE-VP-09").handling_form == "ban"
