"""Correcting a confirmed directive: move a task, change its deadline and targets, add a task, cancel and
restore a task or the directive — who may, what is written to the audit trail, who is told, and how a
cancelled task leaves the measures and reminders."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cchc.apps.directives import reminders, selectors, services
from cchc.apps.directives.models import Notification, Recurrence, Target, Task, TaskStatus
from cchc.apps.directives.services import TargetEdit, TargetInput, TaskInput
from cchc.apps.org.access import can_correct_directive

TODAY = date.today()


def _assign(cast, task, who="chuyenvien.vh"):
    services.task_assign(user=cast["truongphong.vh"], task_id=task.pk, assignee_id=cast[who].pk)


def _notified(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, kind=kind))


# --- moving a task -----------------------------------------------------------------------------------------


def test_moving_a_task_tells_the_old_and_new_heads_and_the_old_assignee_and_unassigns(cast, units, task_vh):
    _assign(cast, task_vh)
    mail.outbox.clear()
    changes = services.task_change_units(
        user=cast["vanphong"], task_id=task_vh.pk, unit=units["QLDL"], coordinating=[units["VP"]]
    )
    task_vh.refresh_from_db()
    assert task_vh.unit == units["QLDL"] and task_vh.assignee is None
    assert changes == [f"Đơn vị chủ trì: {units['QLVH'].name} → {units['QLDL'].name}"]
    assert _notified(cast["truongphong.vh"], "moved_out") and _notified(cast["chuyenvien.vh"], "moved_out")
    assert _notified(cast["truongphong.dl"], "moved_in")
    assert not _notified(cast["chuyenvien.dl"], "moved_in")
    recipients = {a for m in mail.outbox for a in m.to}
    assert {
        cast["truongphong.vh"].email,
        cast["truongphong.dl"].email,
        cast["chuyenvien.vh"].email,
    } <= recipients
    # The audit trail keeps the unit before and after, named by the person who moved it.
    entry = LogEntry.objects.get_for_object(task_vh).filter(changes__has_key="unit").latest("timestamp")
    assert entry.changes_dict["unit"] == [str(units["QLVH"].pk), str(units["QLDL"].pk)]
    assert entry.actor == cast["vanphong"]
    # The new unit's head now sees it among the unit's unassigned tasks; the old one no longer.
    assert task_vh in selectors.my_tasks(user=cast["truongphong.dl"], today=TODAY)
    assert task_vh not in selectors.my_tasks(user=cast["truongphong.vh"], today=TODAY)


def test_coordinating_units_added_and_removed_hear_of_it(cast, units, task_vh):
    services.task_change_units(
        user=cast["vanphong"], task_id=task_vh.pk, unit=units["QLVH"], coordinating=[units["QLDL"]]
    )
    assert set(task_vh.coordinating_units.all()) == {units["QLDL"]}
    assert _notified(cast["truongphong.dl"], "coordinating_added")
    assert not _notified(cast["truongphong.vh"], "moved_out")  # the lead unit did not change
    # The same units again: nothing changes, nobody is told again.
    before = Notification.objects.count()
    assert (
        services.task_change_units(
            user=cast["vanphong"], task_id=task_vh.pk, unit=units["QLVH"], coordinating=[units["QLDL"]]
        )
        == []
    )
    assert Notification.objects.count() == before


def test_an_assignee_inside_the_new_unit_keeps_the_task(cast, units, task_vh):
    _assign(cast, task_vh)
    services.task_change_units(user=cast["vanphong"], task_id=task_vh.pk, unit=units[""], coordinating=[])
    task_vh.refresh_from_db()
    assert task_vh.unit == units[""] and task_vh.assignee == cast["chuyenvien.vh"]  # QLVH lies under the Sở


# --- deadline ---------------------------------------------------------------------------------------------


def _next_sunday(after: date) -> date:
    return after + timedelta(days=(6 - after.weekday()) % 7 or 7)


def test_a_new_deadline_on_a_sunday_falls_due_on_the_next_working_day_and_the_unit_is_told(cast, task_vh):
    _assign(cast, task_vh)
    sunday = _next_sunday(TODAY + timedelta(days=40))
    old = task_vh.deadline
    changes = services.task_change_deadline(user=cast["vanphong"], task_id=task_vh.pk, deadline=sunday)
    task_vh.refresh_from_db()
    assert task_vh.deadline == sunday
    assert task_vh.due_on == services.calendar().next_working_day(sunday) and task_vh.due_on > sunday
    assert changes == [f"Thời hạn: {old:%d/%m/%Y} → {sunday:%d/%m/%Y}"]
    for who in ("truongphong.vh", "chuyenvien.vh"):
        [n] = _notified(cast[who], "deadline_changed")
        assert f"{sunday:%d/%m/%Y}" in n.message
    assert not _notified(cast["truongphong.dl"], "deadline_changed")


def test_a_deadline_before_the_letter_was_issued_is_refused_and_nothing_changes(cast, task_vh):
    old = task_vh.deadline
    with pytest.raises(ValidationError, match="trước ngày ban hành"):
        services.task_change_deadline(user=cast["vanphong"], task_id=task_vh.pk, deadline=date(2026, 1, 2))
    task_vh.refresh_from_db()
    assert task_vh.deadline == old


def test_a_past_deadline_makes_the_task_overdue_in_every_list(cast, task_vh):
    past = date(2026, 4, 15)
    services.task_change_deadline(user=cast["vanphong"], task_id=task_vh.pk, deadline=past)
    overdue = selectors.task_list(user=cast["vanphong"], today=TODAY, status="overdue")
    assert task_vh in overdue


# --- targets ---------------------------------------------------------------------------------------------


def test_targets_are_edited_added_and_removed_with_the_history_on_the_task(cast, task_vh):
    [g] = task_vh.targets.all()
    extra = Target.objects.create(task=task_vh, metric="hồ sơ trực tuyến", value=Decimal(50), unit="%")
    g.measured_value = Decimal(12)
    g.save()
    changes = services.task_change_targets(
        user=cast["vanphong"],
        task_id=task_vh.pk,
        targets=[
            TargetEdit(id=g.pk, metric=g.metric, value=Decimal(25), unit="ngày", target_year=2027),
            TargetEdit(id=extra.pk, metric=extra.metric, value=extra.value, delete=True),
            TargetEdit(metric="thủ tục được đơn giản hóa", value=Decimal(10), unit="thủ tục", comparator=">"),
        ],
    )
    g.refresh_from_db()
    assert (g.value, g.unit, g.target_year, g.measured_value) == (Decimal(25), "ngày", 2027, Decimal(12))
    assert not Target.objects.filter(pk=extra.pk).exists()
    new = Target.objects.get(task=task_vh, metric="thủ tục được đơn giản hóa")
    assert (new.value, new.comparator, new.unit) == (Decimal(10), ">", "thủ tục")
    assert len(changes) == 3
    assert _notified(cast["truongphong.vh"], "targets_changed")
    whats = [h.what for h in selectors.task_history(task=task_vh)]
    assert any(w.startswith("Bỏ chỉ tiêu") for w in whats)
    assert any(w.startswith("Thêm chỉ tiêu") for w in whats)
    edited = next(h for h in selectors.task_history(task=task_vh) if h.what.startswith("Sửa chỉ tiêu"))
    assert {(c.label, c.before, c.after) for c in edited.changes} == {
        ("giá trị", "30", "25"),
        ("đơn vị tính", "%", "ngày"),
        ("năm đạt chỉ tiêu", "", "2027"),
    }
    assert edited.who == str(cast["vanphong"])


def test_a_target_without_a_value_is_refused_and_nothing_is_written(cast, task_vh):
    [g] = task_vh.targets.all()
    with pytest.raises(ValidationError, match="chưa có giá trị"):
        services.task_change_targets(
            user=cast["vanphong"],
            task_id=task_vh.pk,
            targets=[
                TargetEdit(id=g.pk, metric=g.metric, value=Decimal(40)),
                TargetEdit(metric="mới", value=None),
            ],
        )
    g.refresh_from_db()
    assert g.value == Decimal(30) and task_vh.targets.count() == 1


def test_a_target_of_another_task_cannot_be_edited_through_this_one(cast, task_vh, task_dl):
    [other] = task_dl.targets.all()
    with pytest.raises(ValidationError, match="không thuộc nhiệm vụ này"):
        services.task_change_targets(
            user=cast["vanphong"],
            task_id=task_vh.pk,
            targets=[TargetEdit(id=other.pk, metric="x", value=Decimal(1))],
        )


# --- adding a task ---------------------------------------------------------------------------------------


def test_a_task_added_to_a_confirmed_directive_goes_to_each_lead_unit_whose_head_is_told(
    cast, units, directive
):
    created = services.directive_add_task(
        user=cast["vanphong"],
        directive_id=directive.pk,
        task=TaskInput(
            summary="Báo cáo kết quả",
            number="2",
            units=[units["QLVH"], units["QLDL"]],
            deadline=TODAY + timedelta(days=60),
            targets=[TargetInput(metric="báo cáo đúng hạn", value=Decimal(100))],
        ),
    )
    assert {t.unit for t in created} == {units["QLVH"], units["QLDL"]}
    assert directive.tasks.count() == 4
    assert all(t.targets.count() == 1 for t in created)
    assert _notified(cast["truongphong.vh"], "task_added") and _notified(cast["truongphong.dl"], "task_added")


def test_a_task_without_content_is_not_added(cast, units, directive):
    with pytest.raises(ValidationError, match="chưa có nội dung"):
        services.directive_add_task(
            user=cast["vanphong"],
            directive_id=directive.pk,
            task=TaskInput(summary=" ", units=[units["QLVH"]]),
        )
    assert directive.tasks.count() == 2


# --- cancelling and restoring a task -----------------------------------------------------------------------


def test_cancelling_needs_a_reason(cast, task_vh):
    with pytest.raises(ValidationError, match="lý do"):
        services.task_cancel(user=cast["vanphong"], task_id=task_vh.pk, reason="  ")
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.NOT_STARTED


def test_a_cancelled_task_leaves_measures_lists_and_reminders_and_comes_back_as_it_was(
    cast, units, make_directive
):
    directive = make_directive(deadline=date(2026, 4, 15))  # overdue today
    task = directive.tasks.get(unit=units["QLVH"])
    _assign(cast, task)
    services.task_report_progress(user=cast["chuyenvien.vh"], task_id=task.pk, percent=40, text="Đang làm")
    year = (date(2026, 1, 1), date(2026, 12, 31))

    def counts():
        timeliness = selectors.task_timeliness(unit=units["QLVH"], start=year[0], end=year[1], today=TODAY)
        card = {
            r.unit.code: r
            for r in selectors.unit_scorecard(user=cast["vanphong"], start=year[0], end=year[1], today=TODAY)
        }.get(units["QLVH"].code)
        overview = selectors.leader_overview(user=cast["giamdoc"], today=TODAY)
        return (
            timeliness.due,
            timeliness.overdue,
            card.due if card else 0,
            card.overdue_now if card else 0,
            overview["counts"]["overdue"],
            overview["counts"]["total"],
            task.pk
            in {t.pk for t in selectors.task_list(user=cast["vanphong"], today=TODAY, status="overdue")},
            task.pk in {t.pk for t in selectors.my_tasks(user=cast["chuyenvien.vh"], today=TODAY)},
            any(d.task_id == task.pk for d in reminders.reminders_due(today=TODAY)),
            overview["targets"].filter(task=task).exists(),
        )

    before = counts()
    assert before == (1, 1, 1, 1, 2, 2, True, True, True, True)
    mail.outbox.clear()
    services.task_cancel(user=cast["vanphong"], task_id=task.pk, reason="Trùng với kế hoạch 12/KH-SVHTTDL")
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and task.status_before_cancel == TaskStatus.IN_PROGRESS
    assert counts() == (0, 0, 0, 0, 1, 1, False, False, False, False)
    assert selectors.task_state(task, today=TODAY) == ("Đã hủy", "")
    assert not task.is_overdue(TODAY)
    assert not reminders.reminder_send(task_id=task.pk, kind="overdue_head", day=TODAY)
    [n] = _notified(cast["chuyenvien.vh"], "task_cancelled")
    assert "Trùng với kế hoạch 12/KH-SVHTTDL" in n.message
    assert _notified(cast["truongphong.vh"], "task_cancelled")
    # Nobody works on it any more.
    with pytest.raises(ValidationError, match="đã bị hủy"):
        services.task_report_progress(user=cast["chuyenvien.vh"], task_id=task.pk, percent=50, text="Tiếp")
    with pytest.raises(ValidationError, match="đã bị hủy"):
        services.task_change_deadline(user=cast["vanphong"], task_id=task.pk, deadline=TODAY)
    # Restored: the same status as before, back in every count.
    services.task_restore(user=cast["vanphong"], task_id=task.pk)
    task.refresh_from_db()
    assert task.status == TaskStatus.IN_PROGRESS and task.cancel_reason == ""
    assert counts() == before
    assert _notified(cast["chuyenvien.vh"], "task_restored")
    # The history lists the cancellation with its reason, then the restoration.
    lines = [(c.label, c.before, c.after) for h in selectors.task_history(task=task) for c in h.changes]
    assert ("lý do hủy", "", "Trùng với kế hoạch 12/KH-SVHTTDL") in lines
    assert ("trạng thái", "Đang thực hiện", "Đã hủy") in lines
    assert ("trạng thái", "Đã hủy", "Đang thực hiện") in lines


def test_a_done_task_is_not_cancelled(cast, task_vh):
    _assign(cast, task_vh)
    services.task_report_progress(user=cast["chuyenvien.vh"], task_id=task_vh.pk, percent=100, text="Xong")
    services.task_approve(user=cast["truongphong.vh"], task_id=task_vh.pk)
    with pytest.raises(ValidationError, match="đã hoàn thành"):
        services.task_cancel(user=cast["vanphong"], task_id=task_vh.pk, reason="Nhầm")


def test_a_cancelled_recurring_task_makes_no_new_instances_and_its_open_ones_go_with_it(
    cast, units, directive
):
    [template] = services.directive_add_task(
        user=cast["vanphong"],
        directive_id=directive.pk,
        task=TaskInput(
            summary="Báo cáo tháng", units=[units["QLVH"]], recurrence=Recurrence.MONTHLY, recurrence_day=20
        ),
    )
    [instance] = reminders.recurring_instances_create(today=TODAY)
    services.task_cancel(user=cast["vanphong"], task_id=template.pk, reason="Không còn yêu cầu báo cáo")
    instance.refresh_from_db()
    assert instance.status == TaskStatus.CANCELLED
    instance.delete()
    assert reminders.recurring_instances_create(today=TODAY) == []


# --- cancelling and restoring the directive ----------------------------------------------------------------


def test_cancelling_a_directive_cancels_its_open_tasks_and_restoring_brings_back_only_those(
    cast, units, directive, task_vh, task_dl
):
    [third] = services.directive_add_task(
        user=cast["vanphong"],
        directive_id=directive.pk,
        task=TaskInput(summary="Tuyên truyền", units=[units["VP"]]),
    )
    services.task_cancel(user=cast["vanphong"], task_id=third.pk, reason="Đã giao trong văn bản khác")
    _assign(cast, task_vh)
    services.task_report_progress(user=cast["chuyenvien.vh"], task_id=task_vh.pk, percent=100, text="Xong")
    services.task_approve(user=cast["truongphong.vh"], task_id=task_vh.pk)
    cancelled = services.directive_cancel(
        user=cast["vanphong"], directive_id=directive.pk, reason="Văn bản bị thay thế bởi 120/SVHTTDL-VP"
    )
    assert [t.pk for t in cancelled] == [task_dl.pk]
    directive.refresh_from_db()
    task_vh.refresh_from_db()
    task_dl.refresh_from_db()
    assert directive.is_cancelled and directive.cancel_reason == "Văn bản bị thay thế bởi 120/SVHTTDL-VP"
    assert task_vh.status == TaskStatus.DONE  # done work stays done
    assert task_dl.status == TaskStatus.CANCELLED and task_dl.cancel_reason == directive.cancel_reason
    [n] = _notified(cast["truongphong.dl"], "directive_cancelled")
    assert "120/SVHTTDL-VP" in n.message
    with pytest.raises(ValidationError, match="Văn bản đã bị hủy"):
        services.directive_add_task(
            user=cast["vanphong"], directive_id=directive.pk, task=TaskInput(summary="x", units=[units["VP"]])
        )
    with pytest.raises(ValidationError, match="khôi phục văn bản"):
        services.task_restore(user=cast["vanphong"], task_id=task_dl.pk)
    assert LogEntry.objects.get_for_object(directive).filter(changes__has_key="cancel_reason").exists()

    restored = services.directive_restore(user=cast["vanphong"], directive_id=directive.pk)
    assert [t.pk for t in restored] == [task_dl.pk]
    task_dl.refresh_from_db()
    third.refresh_from_db()
    assert task_dl.status == TaskStatus.NOT_STARTED and third.status == TaskStatus.CANCELLED
    assert _notified(cast["truongphong.dl"], "directive_restored")


# --- who may -----------------------------------------------------------------------------------------------

REFUSED = ["giamdoc", "truongphong.vh", "truongphong.dl", "chuyenvien.vh", "motcua", "kiemtra"]


@pytest.mark.parametrize("username", REFUSED)
def test_only_the_directive_manager_corrects(cast, units, directive, task_vh, username):
    """The leader, the unit head of the task's own unit, the head of another unit, officers, the one-stop
    shop and the auditor are all refused every correction; nothing is changed."""
    user = cast[username]
    assert not can_correct_directive(user, directive.unit)
    calls = [
        lambda: services.task_change_units(
            user=user, task_id=task_vh.pk, unit=units["QLDL"], coordinating=[]
        ),
        lambda: services.task_change_deadline(
            user=user, task_id=task_vh.pk, deadline=TODAY + timedelta(days=90)
        ),
        lambda: services.task_change_targets(user=user, task_id=task_vh.pk, targets=[]),
        lambda: services.directive_add_task(
            user=user, directive_id=directive.pk, task=TaskInput(summary="x", units=[units["QLVH"]])
        ),
        lambda: services.task_cancel(user=user, task_id=task_vh.pk, reason="x"),
        lambda: services.directive_cancel(user=user, directive_id=directive.pk, reason="x"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    task_vh.refresh_from_db()
    assert task_vh.unit == units["QLVH"] and task_vh.status == TaskStatus.NOT_STARTED
    assert not directive.tasks.filter(summary="x").exists()


@pytest.mark.parametrize("username", ["vanphong", "quantri"])
def test_the_coordinator_and_the_administrator_correct(cast, units, directive, task_vh, username):
    assert can_correct_directive(cast[username], directive.unit)
    services.task_cancel(user=cast[username], task_id=task_vh.pk, reason="Nhập nhầm")
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.CANCELLED and task_vh.cancelled_by == cast[username]


def test_the_coordinator_cannot_give_a_task_to_a_unit_outside_the_organisation(cast, units, task_vh):
    from cchc.apps.org.models import Unit

    elsewhere = Unit.objects.create(code="KHAC", name="Sở khác", abbreviation="SK")
    with pytest.raises(PermissionDenied):
        services.task_change_units(user=cast["vanphong"], task_id=task_vh.pk, unit=elsewhere, coordinating=[])
    task_vh.refresh_from_db()
    assert task_vh.unit == units["QLVH"]


# --- pages ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "status"),
    [("vanphong", 200), ("truongphong.vh", 403), ("truongphong.dl", 403), ("giamdoc", 403)],
)
def test_correction_pages_open_only_for_who_may(client, login, directive, task_vh, username, status):
    login(username)
    for url in (
        reverse("directives:task_edit", args=[task_vh.pk]),
        reverse("directives:task_cancel", args=[task_vh.pk]),
        reverse("directives:directive_add_task", args=[directive.pk]),
        reverse("directives:directive_cancel", args=[directive.pk]),
    ):
        assert client.get(url).status_code == status, url
    # A unit head cannot change the deadline by posting either.
    if status == 403:
        response = client.post(
            reverse("directives:task_edit", args=[task_vh.pk]),
            {"part": "deadline", "d-deadline": "01/01/2030"},
        )
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("username", "shown"), [("vanphong", True), ("truongphong.vh", False), ("giamdoc", False)]
)
def test_correction_buttons_are_shown_only_to_who_may_use_them(
    client, login, directive, task_vh, username, shown
):
    login(username)
    task_page = client.get(reverse("directives:task_detail", args=[task_vh.pk])).content.decode()
    directive_page = client.get(reverse("directives:directive_detail", args=[directive.pk])).content.decode()
    assert (reverse("directives:task_edit", args=[task_vh.pk]) in task_page) is shown
    assert (reverse("directives:task_cancel", args=[task_vh.pk]) in task_page) is shown
    assert (reverse("directives:directive_cancel", args=[directive.pk]) in directive_page) is shown
    assert (reverse("directives:directive_add_task", args=[directive.pk]) in directive_page) is shown
    assert "Lịch sử thay đổi" in task_page


def test_a_deadline_on_a_day_off_is_confirmed_on_the_page_before_it_is_saved(client, login, task_vh):
    login("vanphong")
    sunday = _next_sunday(TODAY + timedelta(days=40))
    url = reverse("directives:task_edit", args=[task_vh.pk])
    response = client.post(url, {"part": "deadline", "d-deadline": f"{sunday:%d/%m/%Y}"})
    assert response.status_code == 200 and "ngày nghỉ" in response.content.decode()
    task_vh.refresh_from_db()
    assert task_vh.deadline != sunday
    response = client.post(
        url, {"part": "deadline", "d-deadline": f"{sunday:%d/%m/%Y}", "confirm_deadlines": "1"}
    )
    assert response.status_code == 302
    task_vh.refresh_from_db()
    assert task_vh.deadline == sunday
    page = client.get(reverse("directives:task_detail", args=[task_vh.pk])).content.decode()
    assert f"{sunday:%d/%m/%Y}" in page.split('id="history"')[1]


def test_the_pages_move_cancel_and_restore(client, login, cast, units, directive, task_vh):
    login("vanphong")
    response = client.post(
        reverse("directives:task_edit", args=[task_vh.pk]),
        {"part": "units", "u-unit": units["QLDL"].pk, "u-coordinating": [units["VP"].pk]},
    )
    assert response.status_code == 302
    task_vh.refresh_from_db()
    assert task_vh.unit == units["QLDL"]
    response = client.post(
        reverse("directives:task_cancel", args=[task_vh.pk]), {"op": "cancel", "reason": ""}
    )
    assert response.status_code == 200
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.NOT_STARTED
    client.post(reverse("directives:task_cancel", args=[task_vh.pk]), {"op": "cancel", "reason": "Trùng"})
    page = client.get(reverse("directives:task_detail", args=[task_vh.pk])).content.decode()
    assert "Đã hủy" in page and "Trùng" in page
    client.post(
        reverse("directives:directive_cancel", args=[directive.pk]), {"op": "cancel", "reason": "Thay thế"}
    )
    directive.refresh_from_db()
    assert directive.is_cancelled
    client.post(reverse("directives:directive_cancel", args=[directive.pk]), {"op": "restore"})
    directive.refresh_from_db()
    assert not directive.is_cancelled
    assert Task.objects.get(pk=task_vh.pk).status == TaskStatus.CANCELLED  # cancelled on its own before


def test_targets_form_edits_and_adds(client, login, task_vh):
    login("vanphong")
    [g] = task_vh.targets.all()
    response = client.post(
        reverse("directives:task_edit", args=[task_vh.pk]),
        {
            "part": "targets",
            "g-TOTAL_FORMS": "2",
            "g-INITIAL_FORMS": "1",
            "g-0-id": g.pk,
            "g-0-metric": g.metric,
            "g-0-comparator": "<=",
            "g-0-value": "12,5",
            "g-0-unit": "ngày",
            "g-1-metric": "tỷ lệ hồ sơ trực tuyến",
            "g-1-comparator": ">=",
            "g-1-value": "80",
            "g-1-unit": "%",
            "g-1-target_year": "2027",
        },
    )
    assert response.status_code == 302
    g.refresh_from_db()
    assert (g.comparator, g.value, g.unit) == ("<=", Decimal("12.5"), "ngày")
    assert task_vh.targets.get(metric="tỷ lệ hồ sơ trực tuyến").target_year == 2027


def test_add_task_page_creates_the_task(client, login, units, directive):
    login("vanphong")
    response = client.post(
        reverse("directives:directive_add_task", args=[directive.pk]),
        {
            "t-include": "True",
            "t-number": "5",
            "t-summary": "Tổ chức tập huấn",
            "t-units": [units["QLVH"].pk],
            "t-deadline": (TODAY + timedelta(days=45)).strftime("%d/%m/%Y"),
            "confirm_deadlines": "1",
        },
    )
    assert response.status_code == 302
    assert directive.tasks.filter(summary="Tổ chức tập huấn", unit=units["QLVH"]).exists()


# --- "Tạo thủ công": any number of tasks -----------------------------------------------------------------------


def test_manual_creation_takes_as_many_tasks_as_the_rows_posted(client, login, units):
    login("vanphong")
    page = client.get(reverse("directives:directive_create")).content.decode()
    assert 'id="add-task-row"' in page and "js/task-rows.js" in page
    assert 'name="tasks-TOTAL_FORMS" value="1"' in page
    n = 5
    data = {
        "subject": "Kế hoạch kiểm tra",
        "unit": units["VP"].pk,
        "number": "7/KH-SVHTTDL",
        "tasks-TOTAL_FORMS": str(n),
        "tasks-INITIAL_FORMS": "0",
        "confirm_deadlines": "1",
    }
    for i in range(n):
        data |= {
            f"tasks-{i}-include": "on",
            f"tasks-{i}-number": str(i + 1),
            f"tasks-{i}-summary": f"Nhiệm vụ số {i + 1}",
            f"tasks-{i}-units": [units["QLVH"].pk],
            f"tasks-{i}-deadline": (TODAY + timedelta(days=30 + i)).strftime("%d/%m/%Y"),
        }
    response = client.post(reverse("directives:directive_create"), data)
    assert response.status_code == 302
    from cchc.apps.directives.models import Directive

    assert Directive.objects.get(number="7/KH-SVHTTDL").tasks.count() == n
