"""Correcting a confirmed directive: the task's units, deadline and targets; adding a task; cancelling and
restoring a task or the directive. Thin: check who may (access), parse, call the services, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.org.access import Obj, declare, require_capability, visible_units
from cchc.apps.org.requests import AuthenticatedRequest

from .. import selectors, services
from ..forms import (
    AddTaskForm,
    ReasonForm,
    TargetEditFormSet,
    TaskDeadlineForm,
    TaskUnitsForm,
)
from ..models import CLOSED_STATUSES, Task
from .directives import deadline_notes

PARTS = ("units", "deadline", "targets")


def _task(request: AuthenticatedRequest, pk: int) -> Task:
    # directives.manage is held with write scope over the whole organisation, so the task found in the
    # user's scope may be corrected; the services check it again (access.check_correct_directive).
    require_capability(request.user, "directives.manage")
    return selectors.task_detail(user=request.user, pk=pk)


def _errors(request: AuthenticatedRequest, exc: ValidationError) -> None:
    for msg in exc.messages:
        messages.error(request, msg)


def _done(request: AuthenticatedRequest, changes: list[str]) -> None:
    if changes:
        messages.success(request, _("Đã lưu điều chỉnh: %(c)s.") % {"c": "; ".join(changes)})
    else:
        messages.info(request, _("Không có gì thay đổi."))


def _target_initial(task: Task) -> list[dict]:
    return [
        {
            "id": g.pk,
            "metric": g.metric,
            "comparator": g.comparator,
            "value": f"{g.value.normalize():f}".replace(".", ","),
            "unit": g.unit,
            "target_year": g.target_year,
        }
        for g in task.targets.all()
    ]


@declare("directives.manage", "directives.manage", pk=Obj("directives.Task"))
@login_required
def task_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """One page, three forms: units, deadline, targets; each posts on its own (``part``)."""
    task = _task(request, pk)
    units = visible_units(request.user).order_by("path")
    today = timezone.localdate()
    units_form = TaskUnitsForm(
        units=units,
        initial={"unit": task.unit, "coordinating": list(task.coordinating_units.all())},
        prefix="u",
    )
    deadline_form = TaskDeadlineForm(
        initial={"deadline": task.deadline.strftime("%d/%m/%Y") if task.deadline else ""}, prefix="d"
    )
    targets = TargetEditFormSet(initial=_target_initial(task), prefix="g")
    notes: list[str] = []
    if request.method == "POST":
        part = request.POST.get("part", "")
        u = request.user
        try:
            if part == "units":
                units_form = TaskUnitsForm(request.POST, units=units, prefix="u")
                if units_form.is_valid():
                    d = units_form.cleaned_data
                    changes = services.task_change_units(
                        user=u, task_id=task.pk, unit=d["unit"], coordinating=list(d["coordinating"])
                    )
                    _done(request, changes)
                    return redirect("directives:task_detail", pk=task.pk)
            elif part == "deadline":
                deadline_form = TaskDeadlineForm(request.POST, prefix="d")
                if deadline_form.is_valid():
                    new = deadline_form.cleaned_data["deadline"]
                    notes = (
                        [] if new == task.deadline else deadline_notes(task.number or "", new, today=today)
                    )
                    if not notes or request.POST.get("confirm_deadlines"):
                        changes = services.task_change_deadline(user=u, task_id=task.pk, deadline=new)
                        _done(request, changes)
                        return redirect("directives:task_detail", pk=task.pk)
                    messages.warning(request, _("Xem lại thời hạn được nêu bên dưới rồi xác nhận."))
            elif part == "targets":
                targets = TargetEditFormSet(request.POST, initial=_target_initial(task), prefix="g")
                if targets.is_valid():
                    edits = [e for e in (f.to_edit() for f in targets.forms) if e is not None]
                    changes = services.task_change_targets(user=u, task_id=task.pk, targets=edits)
                    _done(request, changes)
                    return redirect("directives:task_detail", pk=task.pk)
            else:
                messages.error(request, _("Thông tin chưa hợp lệ, xem các ô được đánh dấu."))
        except ValidationError as exc:
            _errors(request, exc)
        else:
            if part in PARTS and not notes:
                messages.error(request, _("Thông tin chưa hợp lệ, xem các ô được đánh dấu."))
    return render(
        request,
        "directives/task_edit.html",
        {
            "task": task,
            "units_form": units_form,
            "deadline_form": deadline_form,
            "targets": targets,
            "deadline_notes": notes,
        },
    )


@declare("directives.manage", "directives.manage", pk=Obj("directives.Task"))
@login_required
def task_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Cancel the task with a reason, or (when it is cancelled) restore it."""
    task = _task(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("op") == "restore":
                services.task_restore(user=request.user, task_id=task.pk)
                messages.success(request, _("Đã khôi phục nhiệm vụ."))
                return redirect("directives:task_detail", pk=task.pk)
            if form.is_valid():
                services.task_cancel(user=request.user, task_id=task.pk, reason=form.cleaned_data["reason"])
                messages.success(request, _("Đã hủy nhiệm vụ."))
                return redirect("directives:task_detail", pk=task.pk)
            messages.error(request, _("Hãy ghi lý do hủy."))
        except ValidationError as exc:
            _errors(request, exc)
    return render(request, "directives/task_cancel.html", {"task": task, "form": form})


def _directive(request: AuthenticatedRequest, pk: int):
    require_capability(request.user, "directives.manage")
    directive, _tasks = selectors.directive_detail(user=request.user, pk=pk)
    return directive


@declare("directives.manage", "directives.manage", pk=Obj("directives.Directive"))
@login_required
def directive_add_task(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    directive = _directive(request, pk)
    units = visible_units(request.user).order_by("path")
    form = AddTaskForm(request.POST or None, units=units, prefix="t", initial={"include": True})
    notes: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            data = form.to_input()
            assert data is not None
            notes = deadline_notes(data.number or "", data.deadline, today=timezone.localdate())
            if not notes or request.POST.get("confirm_deadlines"):
                try:
                    created = services.directive_add_task(
                        user=request.user, directive_id=directive.pk, task=data
                    )
                except ValidationError as exc:
                    _errors(request, exc)
                else:
                    messages.success(request, _("Đã thêm %(n)s nhiệm vụ.") % {"n": len(created)})
                    return redirect("directives:directive_detail", pk=directive.pk)
            else:
                messages.warning(request, _("Xem lại thời hạn được nêu bên dưới rồi xác nhận."))
        else:
            messages.error(request, _("Thông tin chưa hợp lệ, xem các ô được đánh dấu."))
    return render(
        request,
        "directives/directive_add_task.html",
        {"directive": directive, "tf": form, "deadline_notes": notes},
    )


@declare("directives.manage", "directives.manage", pk=Obj("directives.Directive"))
@login_required
def directive_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Cancel the directive (its open tasks with it) with a reason, or restore it."""
    directive = _directive(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("op") == "restore":
                restored = services.directive_restore(user=request.user, directive_id=directive.pk)
                messages.success(request, _("Đã khôi phục văn bản và %(n)s nhiệm vụ.") % {"n": len(restored)})
                return redirect("directives:directive_detail", pk=directive.pk)
            if form.is_valid():
                cancelled = services.directive_cancel(
                    user=request.user, directive_id=directive.pk, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request, _("Đã hủy văn bản và %(n)s nhiệm vụ đang thực hiện.") % {"n": len(cancelled)}
                )
                return redirect("directives:directive_detail", pk=directive.pk)
            messages.error(request, _("Hãy ghi lý do hủy."))
        except ValidationError as exc:
            _errors(request, exc)
    open_count = directive.tasks.exclude(status__in=CLOSED_STATUSES).count()
    return render(
        request,
        "directives/directive_cancel.html",
        {"directive": directive, "form": form, "open_count": open_count},
    )
