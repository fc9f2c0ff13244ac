"""The whole directive loop in the browser, on the seed letter công văn 1036/SVHTTDL-VP:

the coordinator uploads and confirms it; a unit head assigns a task; an officer reports 100 % with an
evidence file; the unit head approves; the leader's overview shows it done on time and an overdue task in red.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.apps.directives.demo import SEED_NAME, seed_bytes
from cchc.apps.directives.models import Directive, Task, TaskStatus

pytestmark = pytest.mark.browser


def test_directive_loop_from_upload_to_leader_overview(
    browser_page, live_server, e2e_login, e2e_cast, e2e_submit
):
    page = browser_page
    future = (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y")

    # 1. The coordinator uploads the letter, checks the review screen and confirms.
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/chi-dao/tai-len/")
    page.set_input_files(
        "#id_file", files=[{"name": SEED_NAME, "mimeType": "text/plain", "buffer": seed_bytes()}]
    )
    e2e_submit(page, "#upload-form button[type=submit]")
    page.wait_for_selector("#letter")
    assert "tối thiểu 30% thời gian giải quyết" in page.inner_text("#letter mark.target >> nth=0")
    assert page.input_value("#id_number") == "1036/SVHTTDL-VP"
    page.fill("#id_tasks-0-deadline", future)  # item 1
    page.fill("#id_tasks-5-deadline", "15/04/2026")  # item 3: already past → overdue
    e2e_submit(page, "#confirm")
    # A past deadline (and any on a day off) is shown for confirmation before anything is saved.
    page.wait_for_selector("#deadline-notes")
    assert "15/04/2026 đã qua" in page.inner_text("#deadline-notes")
    page.check("input[name=confirm_deadlines]")
    e2e_submit(page, "#confirm")
    page.wait_for_selector("text=Tiến độ từng nhiệm vụ")
    assert "Đã tạo văn bản 1036/SVHTTDL-VP" in page.inner_text(".messages")
    directive = Directive.objects.get(number="1036/SVHTTDL-VP")
    task = Task.objects.get(directive=directive, number="1", unit__code="LC-SVHTTDL-QLVH")

    # 2. The unit head finds the task among the unit's unassigned ones and assigns it.
    e2e_login(page, live_server, "truongphong.vh")
    page.goto(f"{live_server.url}/chi-dao/viec-cua-toi/")
    page.click(f"#task-list tr[data-task='{task.pk}'] a")
    page.select_option("#id_assignee", label=str(e2e_cast["chuyenvien.vh"]))
    e2e_submit(page, "#assign-form button[type=submit]")
    assert "Đã giao nhiệm vụ." in page.inner_text(".messages")

    # 3. The officer reports 100 % with an evidence file.
    e2e_login(page, live_server, "chuyenvien.vh")
    page.goto(f"{live_server.url}/chi-dao/viec-cua-toi/")
    page.click(f"#task-list tr[data-task='{task.pk}'] a")
    page.fill("#id_percent", "100")
    page.fill("#id_text", "Đã quán triệt tại cuộc họp phòng ngày 20/04/2026.")
    page.set_input_files(
        "#id_files",
        files=[{"name": "bien-ban-hop.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 bien ban"}],
    )
    e2e_submit(page, "#report-form button[type=submit]")
    assert "Chờ duyệt" in page.inner_text("#task-state")
    assert "bien-ban-hop.pdf" in page.inner_text("main")

    # 4. The unit head approves.
    e2e_login(page, live_server, "truongphong.vh")
    page.goto(f"{live_server.url}/chi-dao/nhiem-vu/{task.pk}/")
    e2e_submit(page, "#approve")
    assert "Hoàn thành đúng hạn" in page.inner_text("#task-state")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE

    # 5. The leader's overview: done on time, and the overdue item in red.
    e2e_login(page, live_server, "giamdoc")
    page.goto(f"{live_server.url}/chi-dao/tong-quan/")
    done_row = page.locator(f"#done-tasks tr[data-task='{task.pk}']")
    assert "Hoàn thành đúng hạn" in done_row.inner_text()
    assert "green" in done_row.locator(".badge").get_attribute("class")
    overdue = page.locator("#overdue-tasks .badge.red").first
    assert overdue.inner_text() == "Quá hạn"
    assert "Phòng Quản lý Văn hóa và Gia đình" in page.inner_text("#late-by-unit")
    page.screenshot(path="/tmp/directive-overview.png", full_page=True)
