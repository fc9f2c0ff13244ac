"""Issue 17, procedure imports in the browser: the preview of a cost table that changes a stored plan and gives
TTHC 1.009403 another procedure's name shows the rows' kinds, the conflict and the target moving from
32,72 % "Đạt", at 1366 px and 390 px without sideways scrolling and with no WCAG 2 A/AA violation (axe-core);
choosing "new rows only" writes the new row and leaves the changed plan as stored."""

from __future__ import annotations

import pytest

from cchc.apps.procedures.demo import ensure_demo_catalogue, ensure_demo_plans
from cchc.apps.procedures.models import SimplificationPlan

from .test_role_journeys import AXE, AXE_RUN, MEASURE, PHONE, WIDE

pytestmark = pytest.mark.browser

COSTS = (
    "ma_tthc,ten_tthc,thoi_han_truoc_ngay_lam_viec,thoi_han_sau_ngay_lam_viec,so_ho_so_per_nam\n"
    "1.009403,Cấp đổi thẻ hướng dẫn viên du lịch,10,10,30\n"
    "1.009402,Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa,10,10,25\n"
)


def test_the_import_preview_shows_changes_and_targets_on_a_wide_screen_and_a_phone(
    browser_page, live_server, e2e_login, e2e_cast, tmp_path
):
    ensure_demo_plans(ensure_demo_catalogue())
    path = tmp_path / "phuong-an.csv"
    path.write_text(COSTS, encoding="utf-8")
    page = browser_page
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/thu-tuc/nhap/")
    page.set_input_files("#id_file", str(path))
    page.select_option("#id_unit", label="Phòng Quản lý Du lịch")
    page.fill("#id_year", "2026")
    with page.expect_navigation():
        page.click("form[enctype] button[type=submit]")
    assert page.url.endswith("/thu-tuc/nhap/xem-truoc/"), page.url
    text = page.inner_text("main")
    assert "Mã trùng thủ tục khác tên" in text and "Cấp thẻ hướng dẫn viên du lịch tại điểm" in text
    assert "Thời hạn sau (ngày làm việc): 7 → 10" in text
    effects = page.inner_text("#effects")
    assert "32,72%" in effects and "29,07%" in effects and "Đạt" in effects
    script = AXE.read_text(encoding="utf-8")
    problems = []
    for width in (WIDE, PHONE):
        page.set_viewport_size(width)
        page.reload()
        shape = page.evaluate(MEASURE)
        if shape["scroll"] > shape["inner"] or shape["hidden"]:
            problems.append(f"sideways at {width['width']} px: {shape}")
        page.evaluate(script + "\n;0")
        problems.extend(f"{width['width']} px: {v}" for v in page.evaluate(AXE_RUN))
    assert problems == [], "\n".join(problems)
    page.check("input[name=changes][value=new_only]")
    page.check("input[name=confirm_conflicts]")
    with page.expect_navigation():
        page.click("#import-choice button[name=mode]")
    assert "/thu-tuc/nhap/" in page.url and "xem-truoc" not in page.url, page.url
    assert SimplificationPlan.objects.get(procedure__code="1.009402", year=2026).time_after == 7
    assert SimplificationPlan.objects.filter(procedure__code="1.009403", year=2026).exists()
