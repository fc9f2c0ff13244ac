"""The personnel office imports the staff register from Excel (preview, bad rows kept), records a
digital-skills result, exports the register; a unit head scores an officer's quarter in the browser."""

from __future__ import annotations

import io
import zipfile

import pytest
from playwright.sync_api import expect

from cchc.apps.people.models import Course, Evaluation, StaffRecord

pytestmark = pytest.mark.browser


def test_import_train_export_and_score_in_the_browser(
    browser_page, live_server, e2e_login, e2e_cast, e2e_import
):
    page = browser_page
    table = e2e_import.table("can-bo.xlsx", [
        ["Mã cán bộ", "Họ và tên", "Đơn vị", "Ngạch", "Vị trí việc làm", "Tên đăng nhập"],
        ["LC008", "Lê Thị Mai", "QLVH", "Chuyên viên", "Quản lý văn hóa cơ sở", "chuyenvien.vh"],
        ["LC009", "Tẩn Thị Dua", "Phòng Quản lý Văn hóa và Gia đình", "Chuyên viên", "Quản lý di sản", ""],
        ["LC099", "Sai Đơn Vị", "Phòng Không Có", "", "", ""],
    ])  # fmt: skip
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/nhan-su/can-bo/")
    page.click("text=Nhập từ Excel")
    e2e_import.upload(page, table)
    expect(page.locator("main")).to_contain_text("2 dòng hợp lệ, 1 dòng lỗi")
    expect(page.locator("#rejected")).to_contain_text("Phòng Không Có")
    e2e_import.confirm(page)
    expect(page.locator("main")).to_contain_text("2 dòng đã nhập, 1 dòng lỗi được giữ lại")
    assert StaffRecord.objects.count() == 2

    course = Course.objects.create(
        code="BDHVS-2026", name="Bình dân học vụ số", unit=e2e_cast["vanphong"].unit
    )
    page.goto(f"{live_server.url}/nhan-su/ky-nang-so/khoa-hoc/{course.pk}/")
    page.select_option("#id_staff", label="Lê Thị Mai")
    page.fill("#id_completed_on", "15/03/2026")
    page.fill("#id_certificate", "BDHVS-001")
    page.click("#attendance-form button[type=submit]")
    expect(page.locator("#attendance")).to_contain_text("15/03/2026")
    page.goto(f"{live_server.url}/nhan-su/ky-nang-so/?year=2026")
    expect(page.locator("#training-total")).to_contain_text("50")

    page.goto(f"{live_server.url}/nhan-su/can-bo/")
    with page.expect_download() as download:
        page.click("#staff-export")
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as z:
        text = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "Lê Thị Mai" in text and "Tẩn Thị Dua" in text and "Đã được cấp chứng nhận" in text

    # The officer assesses herself; her unit head scores her quarter.
    e2e_login(page, live_server, "chuyenvien.vh")
    page.goto(f"{live_server.url}/nhan-su/danh-gia/cua-toi/?period=2026-Q1")
    for code, value in (
        ("chinh_tri", "6"),
        ("dao_duc", "6"),
        ("ky_luat", "5"),
        ("trach_nhiem", "5"),
        ("doi_moi", "4"),
    ):
        page.fill(f"#m-{code}", value)
    page.click("#self-form button[type=submit]")
    expect(page.locator("main")).to_contain_text("Đã gửi bản tự đánh giá kỳ 2026-Q1")
    evaluation = Evaluation.objects.get(staff__code="LC008", period="2026-Q1")

    e2e_login(page, live_server, "truongphong.vh")
    page.goto(f"{live_server.url}/nhan-su/danh-gia/{evaluation.pk}/")
    page.click("#review-form button[type=submit]")
    # no task in the quarter: general 26 only, no results part yet, no rating
    expect(page.locator("main")).to_contain_text("Trưởng đơn vị đã đánh giá")
    evaluation.refresh_from_db()
    assert evaluation.general == 26 and evaluation.total is None
