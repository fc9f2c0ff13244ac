"""Đối chiếu với Cổng DVCQG in a real browser: the coordinator uploads the constructed portal file
(docs/examples/cong-dvcqg-766.csv) over the constructed dossiers (tests/portal_case.py) and sees each planted
difference explained by its kind, with the dossier behind the (d) gap linked to its list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cchc.analytics.importer import import_file
from cchc.analytics.store import DossierStore
from tests.portal_case import EXAMPLE_CSV, write_dossiers

pytestmark = pytest.mark.browser


def _open_unit(page, name: str) -> None:  # type: ignore[no-untyped-def]
    row = page.locator("#portal-entries tr", has_text=name)
    row.locator("text=Xem đối chiếu").click()
    expect(page.locator("h1")).to_contain_text(name)


def test_the_constructed_portal_file_is_reconciled_with_every_difference_explained(
    browser_page, live_server, e2e_login, settings, tmp_path
):
    settings.DATA_DIR = tmp_path
    with DossierStore(tmp_path / "analytics.duckdb") as store:
        import_file(store, write_dossiers(tmp_path / "hoso.csv"), source="mot-cua")
    page = browser_page
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/ho-so/")
    page.click("text=Đối chiếu với Cổng DVCQG")
    page.set_input_files("#id_file", str(EXAMPLE_CSV))
    page.click("#portal-form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Đã nhập 75 điểm từ tệp “cong-dvcqg-766.csv”")
    entries = page.locator("#portal-entries")
    expect(entries).to_contain_text("Thư viện tỉnh Lai Châu")
    expect(entries).to_contain_text("74,67")  # the portal's total of QLVH, Vietnamese decimals
    expect(entries).to_contain_text("03/2026")
    detail = page.url

    # (a) dossiers not synced
    _open_unit(page, "Phòng Quản lý Văn hóa và Gia đình")
    line = page.locator("#line-indicator-2\\.1")
    expect(line).to_contain_text("16,67")
    expect(line.locator(".explanation")).to_have_attribute("data-kind", "dong_bo")
    expect(line).to_contain_text("2 hồ sơ có trên Cổng nhưng chưa có trong cchc")
    expect(page.locator("#portal-summary")).to_contain_text("Mọi chênh lệch đều đã có giải thích")
    # (b) indicators cchc cannot compute
    for ind in ("1\\.1", "5\\.2", "4\\.6"):
        expect(page.locator(f"#line-indicator-{ind} .explanation")).to_have_attribute(
            "data-kind", "khong_tinh_duoc"
        )
    expect(page.locator("#line-indicator-1\\.1")).to_contain_text("không tính được")

    # (c) cut-off
    page.goto(detail)
    _open_unit(page, "Phòng Quản lý Du lịch")
    for ind in ("2\\.1", "5\\.4"):
        line = page.locator(f"#line-indicator-{ind}")
        expect(line.locator(".explanation")).to_have_attribute("data-kind", "moc_cat")
        expect(line).to_contain_text("ngày Cổng xuất số liệu (10/04/2026)")
    expect(page.locator("#line-indicator-5\\.4")).to_contain_text("5,33")
    expect(page.locator("#portal-summary")).to_contain_text("Mọi chênh lệch đều đã có giải thích")

    # (d) the dossier whose status the portal judges otherwise, linked to its list
    page.goto(detail)
    _open_unit(page, "Thư viện tỉnh Lai Châu")
    line = page.locator("#line-indicator-2\\.1")
    expect(line.locator(".explanation")).to_have_attribute("data-kind", "trang_thai")
    expect(line.locator(".suspects")).to_contain_text("TV-07")
    expect(line.locator(".suspects")).to_contain_text("kết thúc vào ngày nghỉ 14/03/2026 (thứ Bảy)")
    expect(page.locator("#portal-summary")).to_contain_text("Mọi chênh lệch đều đã có giải thích")
    assert page.locator("[data-status=chua_giai_thich]").count() == 0
    line.locator("text=Xem các hồ sơ này").click()
    expect(page.locator("main")).to_contain_text("TV-07")
