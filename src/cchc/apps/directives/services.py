"""State changes of directives and tasks. Views, API, jobs and CLI call these; nothing else writes.

Every service checks the caller's capability and unit scope through cchc.apps.org.access, validates
its input and raises ``ValidationError`` with a Vietnamese message *before* writing anything, and runs
in one transaction, so a refused request changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.calendar import working_calendar
from cchc.apps.org.access import check_unit, has_capability, require_capability
from cchc.apps.org.models import Role, Unit, User
from cchc.domain.calendar import WorkingCalendar

from .models import (
    Comment,
    Directive,
    Evidence,
    ExtensionRequest,
    ExtensionStatus,
    ImportDraft,
    ProgressReport,
    Recurrence,
    ReportDecision,
    Target,
    Task,
    TaskStatus,
)
from .notify import notify

MAX_EVIDENCE_MB = 20
EVIDENCE_EXTENSIONS = {
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
}


def calendar() -> WorkingCalendar:
    """The application's calendar, with the days edited in the UI (cchc.apps.core.calendar)."""
    return working_calendar()


def due_date_for(deadline: date | None) -> date | None:
    """A deadline on a day off moves to the next working day (the office is closed on the day itself)."""
    return None if deadline is None else calendar().next_working_day(deadline)


@dataclass
class TargetInput:
    metric: str
    value: Decimal
    comparator: str = ">="
    unit: str = "%"
    text: str = ""
    target_year: int | None = None
    baseline: str = ""


@dataclass
class TaskInput:
    summary: str
    units: list[Unit]
    number: str = ""
    text: str = ""
    coordinating: list[Unit] = field(default_factory=list)
    deadline: date | None = None
    deadline_text: str = ""
    recurrence: str = ""
    recurrence_day: int | None = None
    targets: list[TargetInput] = field(default_factory=list)
    span: tuple[int, int] | None = None


@dataclass
class DirectiveInput:
    subject: str
    unit: Unit
    doc_type: str = ""
    number: str = ""
    issued_on: date | None = None
    issuer: str = ""
    signer: str = ""
    cited_numbers: list[str] = field(default_factory=list)


def _validate_tasks(*, user: User, directive: DirectiveInput, tasks: list[TaskInput]) -> None:
    errors: list[str] = []
    for i, t in enumerate(tasks, start=1):
        label = t.number or str(i)
        if not t.summary.strip():
            errors.append(_("Nhiệm vụ %(n)s: chưa có nội dung nhiệm vụ.") % {"n": label})
        if not t.units:
            errors.append(_("Nhiệm vụ %(n)s: chưa chọn đơn vị chủ trì.") % {"n": label})
        if t.deadline and directive.issued_on and t.deadline < directive.issued_on:
            errors.append(
                _("Nhiệm vụ %(n)s: thời hạn %(d)s trước ngày ban hành văn bản %(i)s.")
                % {
                    "n": label,
                    "d": t.deadline.strftime("%d/%m/%Y"),
                    "i": directive.issued_on.strftime("%d/%m/%Y"),
                }
            )
        if t.recurrence and not t.recurrence_day:
            errors.append(
                _("Nhiệm vụ %(n)s: nhiệm vụ định kỳ cần ngày trong tháng (ví dụ 15).") % {"n": label}
            )
        for unit in [*t.units, *t.coordinating]:
            check_unit(user, unit, write=True)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def directive_create(
    *,
    user: User,
    directive: DirectiveInput,
    tasks: list[TaskInput],
    source_name: str = "",
    source_bytes: bytes | None = None,
    source_text: str = "",
    parsed: dict | None = None,
) -> Directive:
    """Create a directive and its tasks (one task per responsible unit) all-or-nothing."""
    require_capability(user, "directives.import")
    check_unit(user, directive.unit, write=True)
    if not directive.subject.strip():
        raise ValidationError(_("Văn bản chưa có trích yếu."))
    _validate_tasks(user=user, directive=directive, tasks=tasks)
    obj = Directive.objects.create(
        doc_type=directive.doc_type,
        number=directive.number.strip(),
        issued_on=directive.issued_on,
        issuer=directive.issuer,
        subject=directive.subject.strip(),
        signer=directive.signer,
        unit=directive.unit,
        source_text=source_text,
        parsed=parsed or {},
        cited_numbers=directive.cited_numbers,
        created_by=user,
    )
    if source_bytes is not None and source_name:
        obj.source_file.save(source_name, ContentFile(source_bytes), save=True)
    if directive.cited_numbers:
        obj.cites.set(Directive.objects.filter(number__in=directive.cited_numbers).exclude(pk=obj.pk))
    # A directive imported later may be cited by ones already in the system.
    for older in (
        Directive.objects.filter(cited_numbers__icontains=obj.number).exclude(pk=obj.pk) if obj.number else []
    ):
        if obj.number in older.cited_numbers:
            older.cites.add(obj)
    for t in tasks:
        for unit in t.units:
            _task_insert(directive=obj, data=t, unit=unit)
    return obj


def _task_insert(*, directive: Directive, data: TaskInput, unit: Unit) -> Task:
    task = Task.objects.create(
        directive=directive,
        number=data.number,
        summary=data.summary.strip(),
        text=data.text,
        unit=unit,
        deadline=data.deadline,
        deadline_text=data.deadline_text,
        due_on=due_date_for(data.deadline),
        recurrence=data.recurrence,
        recurrence_day=data.recurrence_day,
        span_start=data.span[0] if data.span else None,
        span_end=data.span[1] if data.span else None,
    )
    task.coordinating_units.set([u for u in data.coordinating if u.pk != unit.pk])
    Target.objects.bulk_create(
        Target(
            task=task,
            metric=g.metric,
            value=g.value,
            comparator=g.comparator,
            unit=g.unit,
            text=g.text,
            target_year=g.target_year,
            baseline=g.baseline or "",
        )
        for g in data.targets
    )
    return task


def directive_confirm_draft(
    *, user: User, draft: ImportDraft, directive: DirectiveInput, tasks: list[TaskInput]
) -> Directive:
    """Turn a reviewed upload into a directive; the draft keeps a link so a second confirm is refused."""
    if draft.directive_id is not None:
        raise ValidationError(_("Văn bản này đã được xác nhận trước đó."))
    if draft.created_by_id != user.pk and not has_capability(user, "directives.manage"):
        raise PermissionDenied(_("Bạn không có quyền xác nhận bản nháp này."))
    with draft.file.open("rb") as fh:
        data = fh.read()
    with transaction.atomic():
        obj = directive_create(
            user=user,
            directive=directive,
            tasks=tasks,
            source_name=draft.name,
            source_bytes=data,
            source_text=draft.text,
            parsed=draft.parsed,
        )
        draft.directive = obj
        draft.save(update_fields=["directive"])
    return obj


def import_draft_create(*, user: User, name: str, data: bytes, text: str, parsed: dict) -> ImportDraft:
    require_capability(user, "directives.import")
    draft = ImportDraft(name=name, text=text, parsed=parsed, created_by=user)
    draft.file.save(name, ContentFile(data), save=False)
    draft.save()
    return draft


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
    task.assignee = assignee
    task.save(update_fields=["assignee"])
    notify(
        users=[assignee], task=task, kind="assigned", message=_("Bạn được giao nhiệm vụ: %(t)s") % {"t": task}
    )
    return task


def _check_reporter(user: User, task: Task) -> None:
    require_capability(user, "tasks.report")
    if task.assignee_id != user.pk:
        check_unit(user, task.unit, write=True)


def _check_upload(f: UploadedFile) -> None:
    import os

    ext = os.path.splitext(f.name or "")[1].lower()
    if ext not in EVIDENCE_EXTENSIONS:
        raise ValidationError(_("Tệp minh chứng “%(n)s” có định dạng không được chấp nhận.") % {"n": f.name})
    if f.size and f.size > MAX_EVIDENCE_MB * 1024 * 1024:
        raise ValidationError(
            _("Tệp minh chứng “%(n)s” vượt quá %(m)s MB.") % {"n": f.name, "m": MAX_EVIDENCE_MB}
        )


@transaction.atomic
def task_report_progress(
    *, user: User, task_id: int, percent: int, text: str, files: list[UploadedFile] | None = None
) -> ProgressReport:
    """Post progress. 100 % sends the task to the unit head for approval (chờ duyệt)."""
    task = _lock(task_id)
    _check_reporter(user, task)
    if task.status in (TaskStatus.DONE, TaskStatus.PENDING):
        raise ValidationError(_("Nhiệm vụ đang chờ duyệt hoặc đã hoàn thành: không báo cáo thêm được."))
    if not 0 <= percent <= 100:
        raise ValidationError(_("Tiến độ phải từ 0 đến 100 %."))
    if not text.strip():
        raise ValidationError(_("Hãy ghi nội dung báo cáo."))
    for f in files or []:
        _check_upload(f)
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
        heads = User.objects.filter(unit=task.unit, role=Role.UNIT_HEAD, is_active=True).exclude(pk=user.pk)
        notify(
            users=list(heads),
            task=task,
            kind="approval",
            message=_("Nhiệm vụ chờ duyệt: %(t)s") % {"t": task},
        )
    return report


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
    deciders = User.objects.filter(
        role__in=[Role.COORDINATOR, Role.LEADER], is_active=True, unit__path__startswith=task.unit.root().path
    )
    notify(
        users=list(deciders), task=task, kind="extension", message=_("Đề nghị gia hạn: %(t)s") % {"t": task}
    )
    return ext


@transaction.atomic
def extension_decide(*, user: User, extension_id: int, approve: bool, note: str = "") -> ExtensionRequest:
    """Coordinator or leader decides; approval moves the deadline (and the working-day due date)."""
    require_capability(user, "tasks.extend")
    ext = ExtensionRequest.objects.select_for_update().select_related("task__unit").get(pk=extension_id)
    check_unit(user, ext.task.unit, write=True)
    if ext.status != ExtensionStatus.PENDING:
        raise ValidationError(_("Đề nghị này đã được quyết định."))
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
    if (
        not _can_write_unit(user, task.unit)
        and not task.coordinating_units.filter(pk=getattr(user.unit, "pk", None)).exists()
    ):
        raise PermissionDenied(_("Bạn không có quyền góp ý nhiệm vụ này."))
    return Comment.objects.create(task=task, author=user, text=text.strip())


def parse_decimal(raw: str | float | int | Decimal) -> Decimal:
    """Accept "30", "30,5" (Vietnamese) or "30.5"."""
    try:
        return Decimal(str(raw).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation as exc:
        raise ValidationError(_("Giá trị “%(v)s” không phải là số.") % {"v": raw}) from exc


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


def recurrence_label(code: str) -> str:
    return dict(Recurrence.choices).get(code, "")


# A deadline falls due on the next working day; when a coordinator changes a day of the calendar, the derived
# due dates of open tasks whose deadline lies just before or on that day are computed again. Two weeks back
# covers the longest run of days off (Tết).
RECOMPUTE_WINDOW_DAYS = 15


def tasks_recompute_due_dates(*, around: date) -> int:
    start = around - timedelta(days=RECOMPUTE_WINDOW_DAYS)
    changed = 0
    for task in Task.objects.filter(deadline__range=(start, around)).exclude(status=TaskStatus.DONE):
        due_on = due_date_for(task.deadline)
        if due_on != task.due_on:
            task.due_on = due_on
            task.save(update_fields=["due_on"])
            changed += 1
    return changed
