"""Task life cycle: assign → report (with evidence) → approve or return; extensions; targets; derived states."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.apps.directives import selectors, services
from cchc.apps.directives.models import ExtensionStatus, Notification, ReportDecision, TaskStatus
from tests.malformed import PNG, javascript_pdf


def test_unit_head_assigns_to_an_officer_of_the_unit_who_is_notified_in_app_and_by_email(cast, task_vh):
    services.task_assign(
        user=cast["truongphong.vh"], task_id=task_vh.pk, assignee_id=cast["chuyenvien.vh"].pk
    )
    task_vh.refresh_from_db()
    assert task_vh.assignee == cast["chuyenvien.vh"]
    assert Notification.objects.filter(user=cast["chuyenvien.vh"], kind="assigned").exists()
    assert mail.outbox and mail.outbox[-1].to == [cast["chuyenvien.vh"].email]


def test_unit_head_cannot_assign_to_someone_of_another_unit(cast, task_vh):
    with pytest.raises(ValidationError, match="Chỉ giao nhiệm vụ cho cán bộ thuộc đơn vị chủ trì"):
        services.task_assign(
            user=cast["truongphong.vh"], task_id=task_vh.pk, assignee_id=cast["chuyenvien.dl"].pk
        )
    task_vh.refresh_from_db()
    assert task_vh.assignee is None


def test_unit_head_cannot_assign_a_task_of_another_unit(cast, task_dl):
    with pytest.raises(PermissionDenied):
        services.task_assign(
            user=cast["truongphong.vh"], task_id=task_dl.pk, assignee_id=cast["chuyenvien.vh"].pk
        )


def test_officer_cannot_assign(cast, task_vh):
    with pytest.raises(PermissionDenied):
        services.task_assign(
            user=cast["chuyenvien.vh"], task_id=task_vh.pk, assignee_id=cast["chuyenvien.vh"].pk
        )


def _report(cast, task, percent=100):
    services.task_assign(user=cast["truongphong.vh"], task_id=task.pk, assignee_id=cast["chuyenvien.vh"].pk)
    evidence = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 minh chung")
    return services.task_report_progress(
        user=cast["chuyenvien.vh"], task_id=task.pk, percent=percent, text="Đã rà soát xong", files=[evidence]
    )


def test_partial_progress_moves_the_task_in_progress(cast, task_vh):
    _report(cast, task_vh, percent=40)
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.IN_PROGRESS and task_vh.progress == 40


def test_full_report_waits_for_approval_then_is_done_on_time(cast, task_vh):
    report = _report(cast, task_vh)
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.PENDING and report.evidence.get().name == "bao-cao.pdf"
    assert Notification.objects.filter(user=cast["truongphong.vh"], kind="approval").exists()
    services.task_approve(user=cast["truongphong.vh"], task_id=task_vh.pk)
    task_vh.refresh_from_db()
    assert (
        task_vh.status == TaskStatus.DONE and task_vh.on_time is True and task_vh.completed_on == date.today()
    )
    assert selectors.task_state(task_vh, today=date.today()) == ("Hoàn thành đúng hạn", "green")
    report.refresh_from_db()
    assert report.decision == ReportDecision.APPROVED
    assert LogEntry.objects.get_for_object(task_vh).count() >= 3  # created, assigned, reported, approved


def test_unit_head_returns_a_report_with_a_reason(cast, task_vh):
    _report(cast, task_vh)
    with pytest.raises(ValidationError, match="hãy ghi lý do"):
        services.task_approve(user=cast["truongphong.vh"], task_id=task_vh.pk, approve=False)
    services.task_approve(
        user=cast["truongphong.vh"], task_id=task_vh.pk, approve=False, note="Thiếu số liệu"
    )
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.IN_PROGRESS
    assert Notification.objects.filter(user=cast["chuyenvien.vh"], kind="returned").exists()


def test_approving_outside_ones_unit_is_refused_with_a_message_and_changes_nothing(cast, task_vh):
    _report(cast, task_vh)
    with pytest.raises(ValidationError, match="Bạn chỉ duyệt được nhiệm vụ của đơn vị mình"):
        services.task_approve(user=cast["truongphong.dl"], task_id=task_vh.pk)
    task_vh.refresh_from_db()
    assert task_vh.status == TaskStatus.PENDING


def test_officer_of_another_unit_cannot_report(cast, task_vh):
    with pytest.raises(PermissionDenied):
        services.task_report_progress(user=cast["chuyenvien.dl"], task_id=task_vh.pk, percent=10, text="x")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ", "Chỉ nhận tệp minh chứng .pdf, .docx, .doc, .xlsx, .xls, .odt, .ods, .jpg, .jpeg, .png, .txt hoặc .zip (tệp đã chọn: “virus.exe”)."),
        ("rong.pdf", b"", "Tệp minh chứng “rong.pdf” rỗng."),
        ("lon.pdf", b"%PDF" + b"x" * 1024 * 1024, "Tệp minh chứng “lon.pdf” lớn hơn 1 MB."),
        # The content, since the file is kept and downloaded by others (files.check_kept_file).
        ("js.pdf", javascript_pdf(), "Tệp PDF “js.pdf” chứa lệnh tự chạy khi mở hoặc khi thao tác: không nhận vì lý do an toàn."),
        ("anh.pdf", PNG, "Tệp “anh.pdf” có đuôi .pdf nhưng nội dung là tệp ảnh PNG (tệp khác đổi đuôi?): không nhận."),
        ("bang.xlsx", b"Ma,Ten\n1,A\n", "Tệp “bang.xlsx” có đuôi .xlsx nhưng nội dung không phải tệp .xlsx (tệp khác đổi đuôi?): không nhận."),
    ],
)  # fmt: skip
def test_evidence_that_is_not_accepted_is_refused_and_nothing_is_written(cast, task_vh, settings, name, data, message):  # fmt: skip
    settings.MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as exc:
        services.task_report_progress(
            user=cast["chuyenvien.vh"],
            task_id=task_vh.pk,
            percent=10,
            text="x",
            files=[SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4"), SimpleUploadedFile(name, data)],
        )
    assert exc.value.messages == [message]
    assert not task_vh.reports.exists()


def test_late_completion_is_derived_from_the_deadline(cast, make_directive, units):
    directive = make_directive(deadline=date.today() - timedelta(days=10))
    task = directive.tasks.get(unit=units["QLVH"])
    assert selectors.task_state(task, today=date.today()) == ("Quá hạn", "red")
    _report(cast, task)
    services.task_approve(user=cast["truongphong.vh"], task_id=task.pk)
    task.refresh_from_db()
    assert task.on_time is False
    assert selectors.task_state(task, today=date.today()) == ("Hoàn thành trễ hạn", "amber")


def test_a_deadline_on_a_day_off_falls_due_on_the_next_working_day(cast, make_directive, units):
    directive = make_directive(deadline=date(2026, 9, 2))  # Quốc khánh holiday (2026: 1–2/9)
    task = directive.tasks.get(unit=units["QLVH"])
    assert task.deadline == date(2026, 9, 2) and task.due_on == date(2026, 9, 3)
    assert not task.is_overdue(date(2026, 9, 3)) and task.is_overdue(date(2026, 9, 4))


def test_extension_is_requested_by_the_unit_and_decided_by_the_coordinator(cast, task_vh):
    new = task_vh.deadline + timedelta(days=30)
    ext = services.task_request_extension(
        user=cast["truongphong.vh"], task_id=task_vh.pk, new_deadline=new, reason="Chờ số liệu"
    )
    assert Notification.objects.filter(user=cast["vanphong"], kind="extension").exists()
    with pytest.raises(PermissionDenied):
        services.extension_decide(user=cast["truongphong.vh"], extension_id=ext.pk, approve=True)
    services.extension_decide(user=cast["vanphong"], extension_id=ext.pk, approve=True)
    task_vh.refresh_from_db()
    ext.refresh_from_db()
    assert task_vh.deadline == new and ext.status == ExtensionStatus.APPROVED and task_vh.due_on >= new


def test_extension_to_an_earlier_date_is_refused(cast, task_vh):
    with pytest.raises(ValidationError, match="Thời hạn mới phải sau thời hạn hiện tại"):
        services.task_request_extension(
            user=cast["chuyenvien.vh"], task_id=task_vh.pk, new_deadline=task_vh.deadline, reason="x"
        )


def test_target_measurement_decides_the_colour(cast, task_vh):
    target = task_vh.targets.get()
    today = date.today()
    assert selectors.target_status(target, today=today).state == "no_data"
    services.target_record_measurement(target_id=target.pk, value="25,5", measured_on=today, source="một cửa")
    target.refresh_from_db()
    assert target.measured_value == 25.5 and selectors.target_status(target, today=today).state == "not_due"
    assert selectors.target_status(target, today=task_vh.due_on + timedelta(days=1)).state == "missed"
    services.target_record_measurement(
        target_id=target.pk, value=31, measured_on=today, user=cast["chuyenvien.vh"]
    )
    target.refresh_from_db()
    assert selectors.target_status(target, today=today).state == "met"


def test_comments_are_kept_and_an_auditor_cannot_comment(cast, task_vh):
    services.task_comment(user=cast["vanphong"], task_id=task_vh.pk, text="Đề nghị đẩy nhanh")
    assert task_vh.comments.count() == 1
    with pytest.raises(PermissionDenied):
        services.task_comment(user=cast["kiemtra"], task_id=task_vh.pk, text="x")


@pytest.mark.parametrize(
    ("raw", "value"), [("1.234,5", "1234.5"), ("30 %", "30"), ("25,5", "25.5"), ("30.5", "30.5")]
)
def test_a_measurement_is_read_by_the_one_number_parser(cast, task_vh, raw, value):
    """Before, "1.234,5" became Decimal("1.234.5") (refused) and "30 %" was refused."""
    from decimal import Decimal

    target = task_vh.targets.get()
    services.target_record_measurement(
        target_id=target.pk, value=raw, measured_on=date.today(), source="một cửa"
    )
    target.refresh_from_db()
    assert Decimal(str(target.measured_value)) == Decimal(value)
