"""A unit head logs in through the real login page and cannot see another unit's people."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_unit_head_sees_own_unit_and_not_another_in_the_browser(
    browser_page, live_server, e2e_login, e2e_cast
):
    page = browser_page
    e2e_login(page, live_server, "truongphong.vh")
    assert "Tổng quan" in page.inner_text("main h1")
    page.click("nav.modules >> text=Tổ chức")
    page.click("text=Danh sách cán bộ")
    staff = page.inner_text("#user-list")
    assert "chuyenvien.vh" in staff
    assert "chuyenvien.dl" not in staff and "truongphong.dl" not in staff

    other = e2e_cast["chuyenvien.dl"]
    response = page.goto(f"{live_server.url}/to-chuc/nguoi-dung/{other.pk}/")
    assert response is not None and response.status == 403
    assert "Không có quyền truy cập" in page.inner_text("main")
