"""Correcting a confirmed directive in the browser: the coordinator moves a task to another unit, changes a
deadline (a Sunday: confirmed first), adds a task, cancels one and then the whole directive; the head of the
unit that received the task finds it all among their notifications, and the task page keeps the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cchc.apps.directives import services
from cchc.apps.directives.models import Directive, Task, TaskStatus
from cchc.apps.directives.services import DirectiveInput, TaskInput
from cchc.apps.org.demo import ensure_demo_units

pytestmark = pytest.mark.browser


def test_coordinator_corrects_a_confirmed_directive_and_the_unit_head_is_told(
    browser_page, live_server, e2e_login, e2e_cast, e2e_submit
):
    page = browser_page
    units = ensure_demo_units()
    today = timezone.localdate()
    directive = services.directive_create(
        user=e2e_cast["vanphong"],
        directive=DirectiveInput(subject="V/v rà soát thủ tục hành chính năm 2027", unit=units["VP"], number="45/KH-SVHTTDL"),
        tasks=[
            TaskInput(summary="Rà soát thủ tục lĩnh vực văn hóa", number="1", units=[units["QLVH"]],
                      deadline=today + timedelta(days=30)),
            TaskInput(summary="Rà soát thủ tục lĩnh vực du lịch", number="2", units=[units["QLDL"]],
                      deadline=today + timedelta(days=30)),
        ],
    )  # fmt: skip
    moved = directive.tasks.get(number="1")
    dropped = directive.tasks.get(number="2")
    base = live_server.url

    e2e_login(page, live_server, "vanphong")
    # 1. Move task 1 from Phòng Quản lý Văn hóa to Phòng Quản lý Du lịch.
    page.goto(f"{base}/chi-dao/nhiem-vu/{moved.pk}/")
    e2e_submit(page, "#edit-task")
    page.select_option("#id_u-unit", value=str(units["QLDL"].pk))
    e2e_submit(page, "#save-units")
    assert "Đơn vị chủ trì" in page.inner_text(".messages")
    moved.refresh_from_db()
    assert moved.unit == units["QLDL"]

    # 2. Change its deadline to a Sunday: the page asks first, then keeps it.
    sunday = today + timedelta(days=45)
    sunday += timedelta(days=(6 - sunday.weekday()) % 7)
    e2e_submit(page, "#edit-task")
    page.fill("#id_d-deadline", sunday.strftime("%d/%m/%Y"))
    e2e_submit(page, "#save-deadline")
    assert "ngày nghỉ" in page.inner_text("#deadline-notes")
    page.check("input[name=confirm_deadlines]")
    e2e_submit(page, "#save-deadline")
    assert sunday.strftime("%d/%m/%Y") in page.inner_text(".messages")
    history = page.inner_text("#history")
    assert "Đơn vị chủ trì" in history and sunday.strftime("%d/%m/%Y") in history

    # 3. Add a task to the confirmed directive.
    page.goto(f"{base}/chi-dao/van-ban/{directive.pk}/")
    e2e_submit(page, "#add-task-link")
    page.fill("#id_t-number", "3")
    page.fill("#id_t-summary", "Tổng hợp kết quả rà soát")
    page.check(f"#add-task-form input[name='t-units'][value='{units['QLDL'].pk}']")
    workday = services.calendar().next_working_day(today + timedelta(days=60))  # no question asked
    page.fill("#id_t-deadline", workday.strftime("%d/%m/%Y"))
    e2e_submit(page, "#add-task")
    assert "Đã thêm 1 nhiệm vụ" in page.inner_text(".messages")
    assert "Tổng hợp kết quả rà soát" in page.inner_text("#task-list")

    # 4. Cancel task 2 with a reason.
    page.goto(f"{base}/chi-dao/nhiem-vu/{dropped.pk}/")
    e2e_submit(page, "#cancel-task-link")
    page.fill("#id_reason", "Đã giao trong Kế hoạch 12/KH-SVHTTDL")
    e2e_submit(page, "#cancel-task")
    assert "Đã hủy" in page.inner_text("#task-state")
    assert "Kế hoạch 12/KH-SVHTTDL" in page.inner_text("#cancelled-note")

    # 5. Cancel the whole directive: its open tasks go with it.
    page.goto(f"{base}/chi-dao/van-ban/{directive.pk}/")
    e2e_submit(page, "#cancel-directive-link")
    page.fill("#id_reason", "Được thay thế bởi Kế hoạch 60/KH-SVHTTDL")
    e2e_submit(page, "#cancel-directive")
    assert "Được thay thế bởi Kế hoạch 60/KH-SVHTTDL" in page.inner_text("#cancelled-note")
    assert Directive.objects.get(pk=directive.pk).is_cancelled
    assert set(Task.objects.filter(directive=directive).values_list("status", flat=True)) == {
        TaskStatus.CANCELLED
    }

    # 6. The head of Phòng Quản lý Du lịch sees it among their notifications; no correction button for them.
    e2e_login(page, live_server, "truongphong.dl")
    page.goto(f"{base}/chi-dao/")
    assert page.inner_text("#unread-count").strip() != ""
    e2e_submit(page, "#bell")
    notes = page.inner_text("main")
    assert "chuyển từ Phòng Quản lý Văn hóa" in notes
    assert "Thời hạn nhiệm vụ được điều chỉnh" in notes
    assert "Đơn vị được giao nhiệm vụ mới" in notes
    assert "Được thay thế bởi Kế hoạch 60/KH-SVHTTDL" in notes
    page.goto(f"{base}/chi-dao/nhiem-vu/{moved.pk}/")
    assert page.locator("#edit-task").count() == 0 and page.locator("#cancel-task-link").count() == 0


def test_manual_creation_adds_and_removes_task_rows(
    browser_page, live_server, e2e_login, e2e_cast, e2e_submit
):
    """ "Tạo thủ công" starts with one task row; rows are added and removed, and exactly the rows on the
    screen become tasks (no three fixed slots)."""
    page = browser_page
    units = ensure_demo_units()
    workday = services.calendar().next_working_day(timezone.localdate() + timedelta(days=40))
    e2e_login(page, live_server, "vanphong")
    page.goto(f"{live_server.url}/chi-dao/tao-moi/")
    assert page.locator("#task-rows .task-form").count() == 1
    for _ in range(3):
        page.click("#add-task-row")
    assert page.locator("#task-rows .task-form").count() == 4
    page.click("#task-form-1 .remove-task-row")  # the second row goes; the others are renumbered
    assert page.locator("#task-rows .task-form").count() == 3
    assert page.input_value("#id_tasks-TOTAL_FORMS") == "3"
    page.fill("#id_subject", "Kế hoạch kiểm tra công tác cải cách hành chính năm 2027")
    page.fill("#id_number", "77/KH-SVHTTDL")
    for i, suffix in enumerate(["QLVH", "QLDL", "VP"]):
        page.fill(f"#id_tasks-{i}-number", str(i + 1))
        page.fill(f"#id_tasks-{i}-summary", f"Kiểm tra nội dung {i + 1}")
        page.check(f"#task-form-{i} input[name='tasks-{i}-units'][value='{units[suffix].pk}']")
        page.fill(f"#id_tasks-{i}-deadline", workday.strftime("%d/%m/%Y"))
    e2e_submit(page, "#confirm")
    assert "Đã tạo văn bản 77/KH-SVHTTDL với 3 nhiệm vụ." in page.inner_text(".messages")
    tasks = Task.objects.filter(directive__number="77/KH-SVHTTDL")
    assert sorted(tasks.values_list("summary", flat=True)) == [f"Kiểm tra nội dung {i}" for i in (1, 2, 3)]
    assert {t.unit.code for t in tasks} == {units[s].code for s in ("QLVH", "QLDL", "VP")}
