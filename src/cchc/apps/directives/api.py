"""REST API for directives and tasks: same selectors, services and permissions as the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError

from cchc.apps.core.paging import DEFAULT_LIMIT, page
from cchc.apps.org.access import Obj, declare, require_capability
from cchc.domain.target_status import TargetState

from . import selectors, services
from .models import Task

router = Router(tags=["Chỉ đạo, nhiệm vụ"])


class TaskOut(Schema):
    id: int
    directive_id: int
    directive_number: str
    number: str
    summary: str
    unit: str
    assignee: str | None
    status: str
    state: str
    deadline: date | None
    due_on: date | None
    progress: int
    completed_on: date | None


class TargetOut(Schema):
    id: int
    task_id: int
    metric: str
    text: str
    comparator: str
    value: Decimal
    unit: str
    measured_value: Decimal | None
    measured_on: date | None
    deadline: date | None
    state: str  # met, on_track, at_risk, missed, not_due, no_data (cchc.domain.target_status.TargetState)
    state_label: str
    projected: Decimal | None  # the value the trend of measurements reaches at the deadline
    expected: Decimal | None  # where a straight plan from the baseline would be today


class DirectiveOut(Schema):
    id: int
    doc_type: str
    number: str
    issued_on: date | None
    issuer: str
    subject: str
    signer: str
    task_count: int = 0
    done_count: int = 0


class DirectiveDetailOut(DirectiveOut):
    tasks: list[TaskOut]


class ProgressIn(Schema):
    percent: int
    text: str


def _task(t: Task, today: date) -> dict:
    return {
        "id": t.pk,
        "directive_id": t.directive_id,
        "directive_number": t.directive.number,
        "number": t.number,
        "summary": t.summary,
        "unit": t.unit.name,
        "assignee": str(t.assignee) if t.assignee else None,
        "status": t.status,
        "state": selectors.task_state(t, today=today)[0],
        "deadline": t.deadline,
        "due_on": t.due_on,
        "progress": t.progress,
        "completed_on": t.completed_on,
    }


def _target(r: selectors.OverviewTarget) -> dict:
    g = r.target
    return {
        **{f: getattr(g, f) for f in ("id", "task_id", "metric", "text", "comparator", "value", "unit")},
        "measured_value": g.measured_value,
        "measured_on": g.measured_on,
        "deadline": selectors.target_deadline(g),
        "state": r.state.value,
        "state_label": r.label,
        "projected": r.status.projected,
        "expected": r.status.expected,
    }


def _guard(call):
    try:
        return call()
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Bạn không có quyền thực hiện thao tác này.") from exc
    except ValidationError as exc:
        raise HttpError(400, "; ".join(exc.messages)) from exc


@router.get("/directives", response=list[DirectiveOut])
@declare("directives.view")
def directive_list(request, q: str = "", limit: int = DEFAULT_LIMIT, offset: int = 0):
    _guard(lambda: require_capability(request.user, "directives.view"))
    return list(page(selectors.directive_list(user=request.user, query=q), limit=limit, offset=offset))


@router.get("/directives/{pk}", response=DirectiveDetailOut)
@declare("directives.view", pk=Obj("directives.Directive"))
def directive_detail(request, pk: int):
    _guard(lambda: require_capability(request.user, "directives.view"))
    directive, tasks = _guard(lambda: selectors.directive_detail(user=request.user, pk=pk))
    today = timezone.localdate()
    return {
        **{
            f: getattr(directive, f)
            for f in ("id", "doc_type", "number", "issued_on", "issuer", "subject", "signer")
        },
        "tasks": [_task(t, today) for t in tasks.select_related("directive")],
    }


@router.get("/tasks", response=list[TaskOut])
@declare("tasks.view")
def task_list(
    request,
    status: str = "",
    unit: int | None = None,
    directive: int | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
):
    _guard(lambda: require_capability(request.user, "tasks.view"))
    today = timezone.localdate()
    qs = selectors.task_list(
        user=request.user, today=today, status=status, unit_id=unit, directive_id=directive
    )
    return [_task(t, today) for t in page(qs, limit=limit, offset=offset)]


@router.get("/targets", response=list[TargetOut])
@declare("directives.view")
def target_list(request, state: str = "", limit: int = DEFAULT_LIMIT, offset: int = 0):
    """Targets in the user's scope with their state (one rule: cchc.domain.target_status); ``state``
    filters on one state."""
    _guard(lambda: require_capability(request.user, "directives.view"))
    today = timezone.localdate()
    qs = selectors.targets_in_scope(user=request.user)
    if state:
        if state not in {s.value for s in TargetState}:
            raise HttpError(400, _("Trạng thái chỉ tiêu không hợp lệ: %(v)s.") % {"v": state[:40]})
        rows = [r for r in selectors.target_rows(qs, today=today) if r.state == state]
        return [_target(r) for r in page(rows, limit=limit, offset=offset)]
    return [_target(r) for r in selectors.target_rows(page(qs, limit=limit, offset=offset), today=today)]


@router.get("/tasks/{pk}", response=TaskOut)
@declare("tasks.view", pk=Obj("directives.Task"))
def task_detail(request, pk: int):
    _guard(lambda: require_capability(request.user, "tasks.view"))
    return _task(_guard(lambda: selectors.task_detail(user=request.user, pk=pk)), timezone.localdate())


@router.post("/tasks/{pk}/progress", response=TaskOut)
@declare(None, "tasks.report", pk=Obj("directives.Task"))
def task_report_progress(request, pk: int, payload: ProgressIn):
    _guard(lambda: selectors.task_detail(user=request.user, pk=pk))
    _guard(
        lambda: services.task_report_progress(
            user=request.user, task_id=pk, percent=payload.percent, text=payload.text
        )
    )
    return _task(
        Task.objects.select_related("directive", "unit", "assignee").get(pk=pk), timezone.localdate()
    )
