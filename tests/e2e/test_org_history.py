"""The coordinator records a merger of two phòng in the browser and reads the new unit's history; the
staffing table is imported from Excel with a bad row that is listed with its reason, not lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cchc.apps.org.models import StaffingQuota, Unit

pytestmark = pytest.mark.browser


def test_record_a_merger_and_see_the_merged_units_history(browser_page, live_server, e2e_login, e2e_cast):
    page = browser_page
    vh = Unit.objects.get(code__endswith="-QLVH")
    dl = Unit.objects.get(code__endswith="-QLDL")
    new = Unit.objects.create(
        code=vh.code.replace("QLVH", "VHDL"),
        name="Phòng Văn hóa và Du lịch",
        abbreviation="VHDL",
        parent=vh.parent,
    )
    page.goto(
        f"{live_server.url}/accounts/login/", timeout=90_000
    )  # the server's first page: slow on a busy box
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/to-chuc/thay-doi/")
    page.click("text=Ghi thay đổi")
    page.select_option("#id_kind", "merge")
    page.fill("#id_effective_on", "01/07/2026")
    page.fill("#id_decision_number", "25/QĐ-UBND")
    page.fill("#id_decision_date", "20/06/2026")
    page.check(f"input[name=sources][value='{vh.pk}']")
    page.check(f"input[name=sources][value='{dl.pk}']")
    page.check(f"input[name=targets][value='{new.pk}']")
    page.click("#change-form button[type=submit]")
    expect(page.locator("#unit-changes")).to_contain_text("25/QĐ-UBND")
    page.locator("#unit-changes").get_by_role("link", name="Phòng Văn hóa và Du lịch").first.click()
    expect(page.locator("#predecessors")).to_contain_text(vh.name)
    expect(page.locator("#predecessors")).to_contain_text(dl.name)
    vh.refresh_from_db()
    assert not vh.is_active


def test_staffing_import_keeps_the_bad_row_with_its_reason(
    browser_page, live_server, e2e_login, e2e_cast, e2e_import
):
    page = browser_page
    table = e2e_import.table("bien-che.xlsx", [
        ["Đơn vị", "Năm", "Loại", "Biên chế được giao", "Thực có"],
        ["QLVH", 2026, "Công chức", 12, 11],
        ["Phòng Không Có", 2026, "Công chức", 3, ""],
    ])  # fmt: skip
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/to-chuc/bien-che/?year=2026")
    page.click("text=Nhập từ Excel")
    e2e_import.upload(page, table, form="#staffing-upload")
    expect(page.locator("main")).to_contain_text("1 dòng hợp lệ, 1 dòng lỗi")
    expect(page.locator("#rejected")).to_contain_text("Phòng Không Có")
    e2e_import.confirm(page)
    expect(page.locator("#rejected")).to_contain_text("Không có đơn vị")
    assert StaffingQuota.objects.get().assigned == 12
    page.click("text=Xem bảng biên chế")
    expect(page.locator("#staffing")).to_contain_text("Phòng Quản lý Văn hóa")
