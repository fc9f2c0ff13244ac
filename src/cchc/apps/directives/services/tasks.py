"""The task life cycle: assign, report progress with evidence, approve, extend, comment, measure targets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.uploads import check_upload
from cchc.apps.org.access import (
    approvers,
    check_not_own_submission,
    check_unit,
    deciders,
    has_capability,
    require_capability,
)
from cchc.apps.org.models import Unit, User
from cchc.domain import files

from ..models import (
    Comment,
    Evidence,
    ExtensionRequest,
    ExtensionStatus,
    ProgressReport,
    ReportDecision,
    Target,
    Task,
    TaskStatus,
)
from ..notify import notify
from .calendar import due_date_for, parse_decimal

# In the order the refusal message lists them (documents, sheets, images, text, archives).
EVIDENCE_EXTENSIONS = (
    ".pdf",
    ".docx",
    ".doc",
    ".xlsx",
    ".xls",
    ".odt",
    ".ods",
    ".jpg",
    ".jpeg",
    ".png",
    ".txt",
    ".zip",
)


def _lock(task_id: int) -> Task:
    return Task.objects.select_for_update().select_related("unit", "directive").get(pk=task_id)


@transaction.atomic
def task_assign(*, user: User, task_id: int, assignee_id: int) -> Task:
    require_capability(user, "tasks.assign")
    task = _lock(task_id)
    check_unit(user, task.unit, write=True)
    assignee = User.objects.select_related("unit").filter(pk=assignee_id, is_active=True).first()
    if assignee is None or assignee.unit is None or not assignee.unit.path.startswith(task.unit.path):
        raise ValidationError(_("Chỉ giao nhiệm vụ cho cán bộ thuộc đơn vị chủ trì."))
    if task.status == TaskStatus.DONE:
        raise ValidationError(_("Nhiệm vụ đã hoàn thành, không giao lại được."))
    _not_cancelled(task)
    task.assignee = assignee
    task.save(update_fields=["assignee"])
    notify(
        users=[assignee], task=task, kind="assigned", message=_("Bạn được giao nhiệm vụ: %(t)s") % {"t": task}
    )
    return task


def _not_cancelled(task: Task) -> None:
    if task.status == TaskStatus.CANCELLED:
        raise ValidationError(_("Nhiệm vụ đã bị hủy: không thực hiện thao tác này được."))


def _check_reporter(user: User, task: Task) -> None:
    require_capability(user, "tasks.report")
    if task.assignee_id != user.pk:
        check_unit(user, task.unit, write=True)


def check_evidence(f: UploadedFile) -> None:
    """One evidence file: the checks and limit (CCHC_MAX_UPLOAD_MB) of every upload, then its content
    (``files.check_kept_file``: the bytes are what the extension says, no active PDF content, no zip bomb
    or macro). It is kept as sent and downloaded by others, so it is looked at before it is kept.
    ``ValidationError`` with a Vietnamese sentence naming the file."""
    check_upload(f, extensions=EVIDENCE_EXTENSIONS, label=_("tệp minh chứng"))
    f.seek(0)
    data = f.read()
    f.seek(0)
    try:
        files.check_kept_file(data, name=f.name or "")
    except files.FileProblem as exc:
        raise ValidationError(str(exc), code="content") from exc


@transaction.atomic
def task_report_progress(
    *, user: User, task_id: int, percent: int, text: str, files: list[UploadedFile] | None = None
) -> ProgressReport:
    """Post progress. 100 % sends the task to the unit head for approval (chờ duyệt)."""
    task = _lock(task_id)
    _check_reporter(user, task)
    _not_cancelled(task)
    if task.status in (TaskStatus.DONE, TaskStatus.PENDING):
        raise ValidationError(_("Nhiệm vụ đang chờ duyệt hoặc đã hoàn thành: không báo cáo thêm được."))
    if not 0 <= percent <= 100:
        raise ValidationError(_("Tiến độ phải từ 0 đến 100 %."))
    if not text.strip():
        raise ValidationError(_("Hãy ghi nội dung báo cáo."))
    for f in files or []:
        check_evidence(f)
    final = percent == 100
    report = ProgressReport.objects.create(
        task=task,
        author=user,
        percent=percent,
        text=text.strip(),
        decision=ReportDecision.PENDING if final else ReportDecision.NOTED,
    )
    for f in files or []:
        Evidence.objects.create(report=report, file=f, name=f.name or "minh-chung")
    task.progress = percent
    task.status = TaskStatus.PENDING if final else TaskStatus.IN_PROGRESS
    task.save(update_fields=["progress", "status"])
    if final:
        notify(
            users=approvers_for(task=task, submitted_by=user),
            task=task,
            kind="approval",
            message=_("Nhiệm vụ chờ duyệt: %(t)s") % {"t": task},
        )
    return report


def approvers_for(*, task: Task, submitted_by: User) -> list[User]:
    """Who decides on a final report (the rule is access.approvers)."""
    return approvers(task.unit, submitted_by=submitted_by)


@transaction.atomic
def task_approve(*, user: User, task_id: int, approve: bool = True, note: str = "") -> Task:
    """Approve the final report (→ hoàn thành, dated by the report) or return it (→ đang thực hiện)."""
    require_capability(user, "tasks.approve")
    task = _lock(task_id)
    if not has_capability(user, "tasks.view") or not _can_write_unit(user, task.unit):
        raise ValidationError(_("Bạn chỉ duyệt được nhiệm vụ của đơn vị mình."))
    if task.status != TaskStatus.PENDING:
        raise ValidationError(_("Nhiệm vụ không ở trạng thái chờ duyệt."))
    report = task.reports.filter(decision=ReportDecision.PENDING).order_by("-created_at").first()
    check_not_own_submission(user, report.author_id if report else None)
    if not approve and not note.strip():
        raise ValidationError(_("Khi trả lại, hãy ghi lý do."))
    now = timezone.now()
    if report is not None:
        report.decision = ReportDecision.APPROVED if approve else ReportDecision.RETURNED
        report.decided_by, report.decided_at, report.decision_note = user, now, note
        report.save()
    if approve:
        task.status = TaskStatus.DONE
        task.progress = 100
        task.completed_on = timezone.localdate(report.created_at) if report else timezone.localdate()
        task.result = report.text if report else note
    else:
        task.status = TaskStatus.IN_PROGRESS
        task.progress = min(task.progress, 90)
    task.save()
    who = [task.assignee] if task.assignee else ([report.author] if report else [])
    msg = _("Nhiệm vụ đã được duyệt hoàn thành: %(t)s") if approve else _("Báo cáo bị trả lại: %(t)s")
    notify(users=who, task=task, kind="approved" if approve else "returned", message=msg % {"t": task})
    return task


def _can_write_unit(user: User, unit: Unit) -> bool:
    try:
        check_unit(user, unit, write=True)
    except PermissionDenied:
        return False
    return True


@transaction.atomic
def task_request_extension(*, user: User, task_id: int, new_deadline: date, reason: str) -> ExtensionRequest:
    task = _lock(task_id)
    if not (has_capability(user, "tasks.report") or has_capability(user, "tasks.assign")):
        raise PermissionDenied(_("Bạn không có quyền đề nghị gia hạn."))
    if task.assignee_id != user.pk:
        check_unit(user, task.unit, write=True)
    if task.status == TaskStatus.DONE:
        raise ValidationError(_("Nhiệm vụ đã hoàn thành."))
    _not_cancelled(task)
    if task.deadline and new_deadline <= task.deadline:
        raise ValidationError(_("Thời hạn mới phải sau thời hạn hiện tại."))
    if not reason.strip():
        raise ValidationError(_("Hãy nêu lý do xin gia hạn."))
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("Đã có một đề nghị gia hạn đang chờ quyết định."))
    ext = ExtensionRequest.objects.create(
        task=task,
        requested_by=user,
        old_deadline=task.deadline,
        new_deadline=new_deadline,
        reason=reason.strip(),
    )
    # The requester does not decide on their own request.
    notify(
        users=deciders(task.unit, "tasks.extend", exclude=user),
        task=task,
        kind="extension",
        message=_("Đề nghị gia hạn: %(t)s") % {"t": task},
    )
    return ext


@transaction.atomic
def extension_decide(*, user: User, extension_id: int, approve: bool, note: str = "") -> ExtensionRequest:
    """Coordinator or leader decides; approval moves the deadline (and the working-day due date)."""
    require_capability(user, "tasks.extend")
    ext = ExtensionRequest.objects.select_for_update().select_related("task__unit").get(pk=extension_id)
    check_unit(user, ext.task.unit, write=True)
    check_not_own_submission(user, ext.requested_by_id)
    if ext.status != ExtensionStatus.PENDING:
        raise ValidationError(_("Đề nghị này đã được quyết định."))
    _not_cancelled(ext.task)
    ext.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    ext.decided_by, ext.decided_at, ext.note = user, timezone.now(), note
    ext.save()
    if approve:
        task = ext.task
        task.deadline = ext.new_deadline
        task.due_on = due_date_for(ext.new_deadline)
        task.save(update_fields=["deadline", "due_on"])
    msg = (
        _("Đề nghị gia hạn được chấp thuận: %(t)s")
        if approve
        else _("Đề nghị gia hạn không được chấp thuận: %(t)s")
    )
    notify(users=[ext.requested_by], task=ext.task, kind="extension_decided", message=msg % {"t": ext.task})
    return ext


def task_comment(*, user: User, task_id: int, text: str) -> Comment:
    require_capability(user, "tasks.view")
    task = Task.objects.select_related("unit").get(pk=task_id)
    if not text.strip():
        raise ValidationError(_("Ý kiến không được để trống."))
    coordinating = user.unit_id is not None and task.coordinating_units.filter(pk=user.unit_id).exists()
    if not _can_write_unit(user, task.unit) and not coordinating:
        raise PermissionDenied(_("Bạn không có quyền góp ý nhiệm vụ này."))
    return Comment.objects.create(task=task, author=user, text=text.strip())


@transaction.atomic
def target_record_measurement(
    *,
    target_id: int,
    value: Decimal | float | int | str,
    measured_on: date,
    source: str = "",
    user: User | None = None,
) -> Target:
    """Record a measured value. Other modules call this without ``user`` (system feed); people with one."""
    target = Target.objects.select_for_update().select_related("task__unit").get(pk=target_id)
    if user is not None:
        if not (has_capability(user, "tasks.report") or has_capability(user, "tasks.approve")):
            raise PermissionDenied(_("Bạn không có quyền cập nhật chỉ tiêu."))
        check_unit(user, target.task.unit, write=True)
    target.measured_value = parse_decimal(value)
    target.measured_on = measured_on
    target.source = source or (str(user) if user else "")
    target.save(update_fields=["measured_value", "measured_on", "source"])
    return target
