"""Corrections after a directive is confirmed: move a task to another unit, change its deadline or its
targets, add a task, cancel (and restore) a task or the whole directive.

Who may: ``access.can_correct_directive`` (``directives.manage`` with write scope over the directive's
tracking unit) plus write scope over every unit the task is given to. Every change is saved model by model
(never a bulk update), so auditlog keeps each one with its values before and after and names the person
(``acting_as``); the people it concerns are told in the app and by e-mail (``notify``). A cancelled task is
kept with its reason and the status it had, so restoring it gives that status back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.jobs import acting_as
from cchc.apps.org.access import approvers, check_correct_directive, check_unit, unit_managers
from cchc.apps.org.models import Unit, User
from cchc.domain.dates import format_vn_date
from cchc.domain.numbers import format_number

from ..models import (
    CLOSED_STATUSES,
    CancelledWith,
    Directive,
    Target,
    Task,
    TaskStatus,
)
from ..notify import notify
from .calendar import due_date_for
from .directives import _task_insert, _validate_tasks
from .inputs import DirectiveInput, TaskInput

COMPARATORS = (">=", ">", "<=", "<", "=")


@dataclass
class TargetEdit:
    """One row of the targets of a task: ``id`` None adds a target, ``delete`` removes one."""

    metric: str
    value: Decimal | None
    comparator: str = ">="
    unit: str = ""
    target_year: int | None = None
    id: int | None = None
    delete: bool = False


def heads_of(unit: Unit) -> list[User]:
    """Who hears of a change to a unit's task: its heads, else whoever approves for it (heads above,
    then the organisation's leadership), so a unit without a head is not left out."""
    return unit_managers(unit) or approvers(unit)


def _people(task: Task, *units: Unit) -> list[User | None]:
    """The task's assignee and the heads of ``units`` (default: the task's lead unit)."""
    out: list[User | None] = [task.assignee]
    for unit in units or (task.unit,):
        out.extend(heads_of(unit))
    return out


def _lock(task_id: int) -> Task:
    # Only the task row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join
    # (the assignee).
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related("unit", "directive__unit", "assignee")
        .get(pk=task_id)
    )


def _check(user: User, task: Task) -> None:
    # The directive's tracking unit decides. Its tasks' units were each checked for writing when they were
    # given (directive_create, directive_add_task, task_change_units), so they lie in the same scope.
    check_correct_directive(user, task.directive.unit)


def _editable(task: Task) -> None:
    if task.directive.is_cancelled:
        raise ValidationError(_("Văn bản đã bị hủy: khôi phục văn bản trước khi điều chỉnh nhiệm vụ."))
    if task.status == TaskStatus.CANCELLED:
        raise ValidationError(_("Nhiệm vụ đã bị hủy: khôi phục nhiệm vụ trước khi điều chỉnh."))
    if task.status == TaskStatus.DONE:
        raise ValidationError(_("Nhiệm vụ đã hoàn thành: không điều chỉnh được."))


def _names(units: Iterable[Unit]) -> str:
    return "; ".join(u.name for u in sorted(units, key=lambda u: u.path)) or "—"


@transaction.atomic
def task_change_units(*, user: User, task_id: int, unit: Unit, coordinating: list[Unit]) -> list[str]:
    """Give the task to ``unit`` (lead) with ``coordinating`` units. The old and the new unit's heads hear
    of a move (and the assignee, who is no longer in charge when the new unit is not theirs); added and
    removed coordinating units hear too. Returns what changed, in words (empty: nothing)."""
    task = _lock(task_id)
    _check(user, task)
    _editable(task)
    for u in [unit, *coordinating]:
        check_unit(user, u, write=True)
    old_unit, old_assignee = task.unit, task.assignee
    old_coord = set(task.coordinating_units.all())
    new_coord = {u for u in coordinating if u.pk != unit.pk}
    changes: list[str] = []
    with acting_as(user):
        if unit.pk != old_unit.pk:
            task.unit = unit
            fields = ["unit"]
            if old_assignee is not None and not (
                old_assignee.unit is not None and old_assignee.unit.path.startswith(unit.path)
            ):
                task.assignee = None  # the person was in charge for the old unit; the new head assigns again
                fields.append("assignee")
            task.save(update_fields=fields)
            changes.append(_("Đơn vị chủ trì: %(a)s → %(b)s") % {"a": old_unit.name, "b": unit.name})
        if new_coord != old_coord:
            task.coordinating_units.set(new_coord)
            changes.append(
                _("Đơn vị phối hợp: %(a)s → %(b)s") % {"a": _names(old_coord), "b": _names(new_coord)}
            )
    if not changes:
        return []
    if unit.pk != old_unit.pk:
        notify(
            users=[*heads_of(old_unit), old_assignee],
            task=task,
            kind="moved_out",
            message=_("Nhiệm vụ đã chuyển từ %(a)s sang %(b)s: %(t)s")
            % {"a": old_unit.name, "b": unit.name, "t": task},
        )
        notify(
            users=heads_of(unit),
            task=task,
            kind="moved_in",
            message=_("Đơn vị được giao chủ trì nhiệm vụ (chuyển từ %(a)s): %(t)s")
            % {"a": old_unit.name, "t": task},
        )
    added, removed = new_coord - old_coord, old_coord - new_coord
    if added:
        notify(
            users=[h for u in added for h in heads_of(u)],
            task=task,
            kind="coordinating_added",
            message=_("Đơn vị được giao phối hợp thực hiện nhiệm vụ: %(t)s") % {"t": task},
        )
    if removed:
        notify(
            users=[h for u in removed for h in heads_of(u)],
            task=task,
            kind="coordinating_removed",
            message=_("Đơn vị không còn phối hợp thực hiện nhiệm vụ: %(t)s") % {"t": task},
        )
    return changes


@transaction.atomic
def task_change_deadline(
    *, user: User, task_id: int, deadline: date | None, deadline_text: str = ""
) -> list[str]:
    """Set a new deadline (None: no deadline); the due date moves onto a working day as on creation. A
    deadline before the letter was issued is refused, as on creation; a past one or one on a day off is
    confirmed by the person first (the view asks, as the review screen does)."""
    task = _lock(task_id)
    _check(user, task)
    _editable(task)
    issued = task.directive.issued_on
    if deadline and issued and deadline < issued:
        raise ValidationError(
            _("Thời hạn %(d)s trước ngày ban hành văn bản %(i)s.")
            % {"d": format_vn_date(deadline), "i": format_vn_date(issued)}
        )
    if deadline == task.deadline and (deadline is not None or deadline_text == task.deadline_text):
        return []
    old = task.deadline
    with acting_as(user):
        task.deadline = deadline
        task.deadline_text = deadline_text if deadline is None else ""
        task.due_on = due_date_for(deadline)
        task.save(update_fields=["deadline", "deadline_text", "due_on"])
    change = _("Thời hạn: %(a)s → %(b)s") % {
        "a": format_vn_date(old) or "—",
        "b": format_vn_date(deadline) or task.deadline_text or "—",
    }
    notify(
        users=_people(task),
        task=task,
        kind="deadline_changed",
        message=_("Thời hạn nhiệm vụ được điều chỉnh (%(c)s): %(t)s") % {"c": change, "t": task},
    )
    return [change]


def _target_words(g: Target | TargetEdit) -> str:
    value = "" if g.value is None else format_number(Decimal(g.value), 2, strip_zeros=True)
    year = f" ({_('năm')} {g.target_year})" if g.target_year else ""
    return f"{g.comparator} {value} {g.unit} {g.metric}{year}".replace("  ", " ").strip()


@transaction.atomic
def task_change_targets(*, user: User, task_id: int, targets: list[TargetEdit]) -> list[str]:
    """Edit, add or remove the task's targets (value, unit of measure, comparator, year). A measured value
    stays with its target. The unit's heads and the assignee hear of it."""
    task = _lock(task_id)
    _check(user, task)
    _editable(task)
    existing = {g.pk: g for g in task.targets.all()}
    errors: list[str] = []
    for i, e in enumerate(targets, start=1):
        if e.id is not None and e.id not in existing:
            errors.append(_("Chỉ tiêu %(n)s không thuộc nhiệm vụ này.") % {"n": i})
        if e.delete:
            continue
        if not e.metric.strip():
            errors.append(_("Chỉ tiêu %(n)s: chưa có nội dung chỉ tiêu.") % {"n": i})
        if e.value is None:
            errors.append(_("Chỉ tiêu %(n)s: chưa có giá trị.") % {"n": i})
        if e.comparator not in COMPARATORS:
            errors.append(_("Chỉ tiêu %(n)s: phép so sánh không hợp lệ.") % {"n": i})
    if errors:
        raise ValidationError(errors)
    changes: list[str] = []
    with acting_as(user):
        for e in targets:
            old = existing.get(e.id) if e.id is not None else None
            if e.delete:
                if old is not None:
                    changes.append(_("Bỏ chỉ tiêu: %(g)s") % {"g": _target_words(old)})
                    old.delete()
                continue
            assert e.value is not None
            if old is None:
                new = Target.objects.create(
                    task=task,
                    metric=e.metric.strip(),
                    comparator=e.comparator,
                    value=e.value,
                    unit=e.unit.strip(),
                    target_year=e.target_year,
                )
                changes.append(_("Thêm chỉ tiêu: %(g)s") % {"g": _target_words(new)})
                continue
            before = _target_words(old)
            fresh = (e.metric.strip(), e.comparator, Decimal(e.value), e.unit.strip(), e.target_year)
            if fresh == (old.metric, old.comparator, Decimal(old.value), old.unit, old.target_year):
                continue
            old.metric, old.comparator, old.value, old.unit, old.target_year = fresh
            old.text = ""  # the sentence as printed in the letter no longer says this
            old.save()
            changes.append(_("Chỉ tiêu: %(a)s → %(b)s") % {"a": before, "b": _target_words(old)})
    if changes:
        notify(
            users=_people(task),
            task=task,
            kind="targets_changed",
            message=_("Chỉ tiêu của nhiệm vụ được điều chỉnh: %(t)s") % {"t": task},
        )
    return changes


@transaction.atomic
def directive_add_task(*, user: User, directive_id: int, task: TaskInput) -> list[Task]:
    """Add a task to a confirmed directive: one task per lead unit, as on confirmation; each unit's heads
    (and the coordinating units') hear of it."""
    directive = Directive.objects.select_for_update().select_related("unit").get(pk=directive_id)
    check_correct_directive(user, directive.unit)
    if directive.is_cancelled:
        raise ValidationError(_("Văn bản đã bị hủy: khôi phục văn bản trước khi thêm nhiệm vụ."))
    _validate_tasks(
        user=user,
        directive=DirectiveInput(
            subject=directive.subject, unit=directive.unit, issued_on=directive.issued_on
        ),
        tasks=[task],
    )
    created: list[Task] = []
    with acting_as(user):
        for unit in task.units:
            created.append(_task_insert(directive=directive, data=task, unit=unit))
    for t in created:
        notify(
            users=heads_of(t.unit),
            task=t,
            kind="task_added",
            message=_("Đơn vị được giao nhiệm vụ mới của văn bản %(d)s: %(t)s")
            % {"d": directive.number or directive.subject[:60], "t": t},
        )
        coordinating = list(t.coordinating_units.all())
        if coordinating:
            notify(
                users=[h for u in coordinating for h in heads_of(u)],
                task=t,
                kind="coordinating_added",
                message=_("Đơn vị được giao phối hợp thực hiện nhiệm vụ: %(t)s") % {"t": t},
            )
    return created


def _cancel(task: Task, *, user: User, reason: str, along: str) -> None:
    task.status_before_cancel = task.status
    task.status = TaskStatus.CANCELLED
    task.cancel_reason = reason
    task.cancelled_at = timezone.now()
    task.cancelled_by = user
    task.cancelled_with = along
    task.save(
        update_fields=[
            "status",
            "status_before_cancel",
            "cancel_reason",
            "cancelled_at",
            "cancelled_by",
            "cancelled_with",
        ]
    )


def _restore(task: Task) -> None:
    task.status = task.status_before_cancel or TaskStatus.NOT_STARTED
    task.status_before_cancel = ""
    task.cancel_reason = ""
    task.cancelled_at = None
    task.cancelled_by = None
    task.cancelled_with = ""
    task.save(
        update_fields=[
            "status",
            "status_before_cancel",
            "cancel_reason",
            "cancelled_at",
            "cancelled_by",
            "cancelled_with",
        ]
    )


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do hủy."))
    return reason


def _open_instances(task: Task):
    return task.instances.exclude(status__in=CLOSED_STATUSES).select_related("unit", "assignee")


@transaction.atomic
def task_cancel(*, user: User, task_id: int, reason: str) -> Task:
    """Cancel a task that is not done, with a reason. A recurring task's open instances go with it and no
    new ones are made. It leaves every on-time / overdue measure, reminder and escalation; the unit's heads
    and the assignee hear of it."""
    task = _lock(task_id)
    _check(user, task)
    reason = _reason(reason)
    if task.status == TaskStatus.CANCELLED:
        raise ValidationError(_("Nhiệm vụ đã bị hủy trước đó."))
    if task.status == TaskStatus.DONE:
        raise ValidationError(_("Nhiệm vụ đã hoàn thành: không hủy được."))
    with acting_as(user):
        _cancel(task, user=user, reason=reason, along="")
        for inst in _open_instances(task):
            _cancel(inst, user=user, reason=reason, along=CancelledWith.TEMPLATE)
    notify(
        users=_people(task),
        task=task,
        kind="task_cancelled",
        message=_("Nhiệm vụ đã bị hủy (lý do: %(r)s): %(t)s") % {"r": reason, "t": task},
    )
    return task


@transaction.atomic
def task_restore(*, user: User, task_id: int) -> Task:
    """Undo a cancellation: the task gets back the status it had (and a recurring task its instances
    cancelled with it). A task cancelled with its directive comes back with the directive."""
    task = _lock(task_id)
    _check(user, task)
    if task.status != TaskStatus.CANCELLED:
        raise ValidationError(_("Nhiệm vụ không ở trạng thái đã hủy."))
    if task.directive.is_cancelled:
        raise ValidationError(_("Văn bản đã bị hủy: khôi phục văn bản để khôi phục nhiệm vụ."))
    with acting_as(user):
        _restore(task)
        for inst in task.instances.filter(
            status=TaskStatus.CANCELLED, cancelled_with=CancelledWith.TEMPLATE
        ).select_related("unit"):
            _restore(inst)
    notify(
        users=_people(task),
        task=task,
        kind="task_restored",
        message=_("Nhiệm vụ được khôi phục, tiếp tục thực hiện: %(t)s") % {"t": task},
    )
    return task


@transaction.atomic
def directive_cancel(*, user: User, directive_id: int, reason: str) -> list[Task]:
    """Cancel a directive with a reason: its open tasks are cancelled with it (the done ones stay done).
    Each cancelled task's unit heads and assignee hear of it. Returns the tasks cancelled."""
    directive = Directive.objects.select_for_update().select_related("unit").get(pk=directive_id)
    check_correct_directive(user, directive.unit)
    reason = _reason(reason)
    if directive.is_cancelled:
        raise ValidationError(_("Văn bản đã bị hủy trước đó."))
    tasks = list(
        directive.tasks.exclude(status__in=CLOSED_STATUSES).select_related("unit", "assignee").order_by("id")
    )
    with acting_as(user):
        directive.cancelled_at = timezone.now()
        directive.cancelled_by = user
        directive.cancel_reason = reason
        directive.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        for t in tasks:
            _cancel(t, user=user, reason=reason, along=CancelledWith.DIRECTIVE)
    label = directive.number or directive.subject[:60]
    for t in tasks:
        if t.is_recurring_template:
            continue  # its instances carry the news to the people working on them
        notify(
            users=_people(t),
            task=t,
            kind="directive_cancelled",
            message=_("Văn bản %(d)s đã bị hủy (lý do: %(r)s); nhiệm vụ dừng thực hiện: %(t)s")
            % {"d": label, "r": reason, "t": t},
        )
    return tasks


@transaction.atomic
def directive_restore(*, user: User, directive_id: int) -> list[Task]:
    """Undo a directive's cancellation: the tasks cancelled with it get back the status they had (those
    cancelled on their own before stay cancelled). Returns the tasks restored."""
    directive = Directive.objects.select_for_update().select_related("unit").get(pk=directive_id)
    check_correct_directive(user, directive.unit)
    if not directive.is_cancelled:
        raise ValidationError(_("Văn bản không ở trạng thái đã hủy."))
    tasks = list(
        directive.tasks.filter(status=TaskStatus.CANCELLED, cancelled_with=CancelledWith.DIRECTIVE)
        .select_related("unit", "assignee")
        .order_by("id")
    )
    with acting_as(user):
        directive.cancelled_at = None
        directive.cancelled_by = None
        directive.cancel_reason = ""
        directive.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        for t in tasks:
            _restore(t)
    label = directive.number or directive.subject[:60]
    for t in tasks:
        if t.is_recurring_template:
            continue
        notify(
            users=_people(t),
            task=t,
            kind="directive_restored",
            message=_("Văn bản %(d)s được khôi phục; nhiệm vụ tiếp tục thực hiện: %(t)s")
            % {"d": label, "t": t},
        )
    return tasks
