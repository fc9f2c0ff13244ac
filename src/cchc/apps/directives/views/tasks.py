"""Task pages: my tasks, unit tasks, overdue, detail, and the POST actions of the life cycle."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.core import task_links
from cchc.apps.core.params import id_param
from cchc.apps.org.access import (
    Obj,
    declare,
    has_capability,
    may_decide_on,
    require_capability,
    visible_units,
)
from cchc.apps.org.requests import AuthenticatedRequest

from .. import exports, selectors, services
from ..forms import AssignForm, CommentForm, DecisionForm, ExtensionForm, MeasurementForm, ProgressForm
from ..models import ExtensionRequest, ExtensionStatus, Target, TaskStatus


def _render_list(
    request: HttpRequest, qs, title: str, template: str = "directives/task_list.html", **extra
) -> HttpResponse:
    today = timezone.localdate()
    if request.GET.get("export") == "xlsx":
        return exports.tasks_xlsx(tasks=qs, title=title, today=today)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [(t, selectors.task_state(t, today=today)) for t in page]
    return render(
        request, template, {"page": page, "rows": rows, "title": title, "filters": request.GET, **extra}
    )


@declare("tasks.view")
@login_required
def task_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "tasks.view")
    qs = selectors.task_list(
        user=request.user,
        today=timezone.localdate(),
        unit_id=id_param(request.GET, "unit"),
        status=request.GET.get("status", ""),
        directive_id=id_param(request.GET, "directive"),
        query=request.GET.get("q", ""),
        mapped=request.GET.get("as_it_was") != "1",  # docs/org-history.md
    )
    return _render_list(
        request,
        qs,
        _("Nhiệm vụ của đơn vị"),
        units=visible_units(request.user).order_by("path"),
        statuses=TaskStatus.choices,
        show_filters=True,
    )


@declare("tasks.view")
@login_required
def my_tasks(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "tasks.view")
    return _render_list(
        request, selectors.my_tasks(user=request.user, today=timezone.localdate()), _("Nhiệm vụ của tôi")
    )


@declare("tasks.view")
@login_required
def overdue_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "tasks.view")
    qs = selectors.task_list(user=request.user, today=timezone.localdate(), status="overdue")
    return _render_list(request, qs, _("Nhiệm vụ quá hạn"))


@declare("tasks.view", pk=Obj("directives.Task"))
@login_required
def task_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "tasks.view")
    task = selectors.task_detail(user=request.user, pk=pk)
    return render(request, "directives/task_detail.html", _detail_context(request, task))


def _detail_context(request: AuthenticatedRequest, task, **forms) -> dict:
    """What the task page shows; ``forms`` replaces a blank form by a bound one (a refused report keeps
    what was typed)."""
    today = timezone.localdate()
    user = request.user
    context = {
        "task": task,
        "state": selectors.task_state(task, today=today),
        **selectors.task_with_history(task=task),
        "history": selectors.task_history(task=task),
        "links": task_links.links_for(user, task),
        "target_rows": [
            (r.target, r)
            for r in selectors.target_rows(task.targets.select_related("task__directive"), today=today)
        ],
        "assign_form": AssignForm(users=selectors.assignable_users(task=task))
        if has_capability(user, "tasks.assign")
        else None,
        "progress_form": ProgressForm(initial={"percent": task.progress}),
        "decision_form": DecisionForm(auto_id="decision_%s"),
        "extension_form": ExtensionForm(auto_id="extension_%s"),
        "comment_form": CommentForm(auto_id="comment_%s"),
        "measurement_form": MeasurementForm(
            auto_id=False, initial={"measured_on": today.strftime("%d/%m/%Y")}
        ),
        "can_report": has_capability(user, "tasks.report")
        and task.status in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS),
        "can_approve": has_capability(user, "tasks.approve")
        and task.status == TaskStatus.PENDING
        and may_decide_on(user, selectors.pending_report_author_id(task)),
        "can_extend": has_capability(user, "tasks.extend"),
        "pending_extensions": [
            x
            for x in task.extensions.filter(status=ExtensionStatus.PENDING)
            if may_decide_on(user, x.requested_by_id)
        ],
    }
    return {**context, **forms}


def _run(request: HttpRequest, pk: int, form, call, success: str) -> HttpResponse:
    if form is not None and not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("directives:task_detail", pk=pk)
    try:
        call(form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
    else:
        messages.success(request, success)
    return redirect("directives:task_detail", pk=pk)


@declare(
    None,
    {
        "assign": "tasks.assign",
        "report": "tasks.report",
        "approve": "tasks.approve",
        "return": "tasks.approve",
        "extend": "tasks.report|tasks.assign",
        "extension_approve": "tasks.extend",
        "extension_reject": "tasks.extend",
        "comment": "tasks.view",
        "measure": "tasks.report|tasks.approve",
    },
    pk=Obj("directives.Task"),
    action=(
        "assign",
        "report",
        "approve",
        "return",
        "extend",
        "extension_approve",
        "extension_reject",
        "comment",
        "measure",
    ),
)
@login_required
@require_POST
def task_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    task = selectors.task_detail(user=request.user, pk=pk)
    u = request.user
    form: Form
    if action == "assign":
        form = AssignForm(request.POST, users=selectors.assignable_users(task=task))
        return _run(
            request,
            pk,
            form,
            lambda d: services.task_assign(user=u, task_id=pk, assignee_id=d["assignee"].pk),
            _("Đã giao nhiệm vụ."),
        )
    if action == "report":
        form = ProgressForm(request.POST, request.FILES)
        if not form.is_valid() and has_capability(u, "tasks.report"):
            # The page again with what was typed and one error per refused file (not a redirect that
            # loses the report's text); the files themselves must be chosen again.
            messages.error(request, _("Báo cáo chưa được gửi: hãy sửa các lỗi bên dưới."))
            context = _detail_context(request, task, progress_form=form)
            return render(request, "directives/task_detail.html", context, status=400)
        return _run(
            request,
            pk,
            form,
            lambda d: services.task_report_progress(
                user=u, task_id=pk, percent=d["percent"], text=d["text"], files=d["files"]
            ),
            _("Đã gửi báo cáo tiến độ."),
        )
    if action in ("approve", "return"):
        form = DecisionForm(request.POST)
        ok = action == "approve"
        return _run(
            request,
            pk,
            form,
            lambda d: services.task_approve(user=u, task_id=pk, approve=ok, note=d["note"]),
            _("Đã duyệt hoàn thành.") if ok else _("Đã trả lại báo cáo."),
        )
    if action == "extend":
        form = ExtensionForm(request.POST)
        return _run(
            request,
            pk,
            form,
            lambda d: services.task_request_extension(
                user=u, task_id=pk, new_deadline=d["new_deadline"], reason=d["reason"]
            ),
            _("Đã gửi đề nghị gia hạn."),
        )
    if action in ("extension_approve", "extension_reject"):
        ext = get_object_or_404(ExtensionRequest, pk=id_param(request.POST, "extension"), task_id=pk)
        ok = action == "extension_approve"
        form = DecisionForm(request.POST)
        return _run(
            request,
            pk,
            form,
            lambda d: services.extension_decide(user=u, extension_id=ext.pk, approve=ok, note=d["note"]),
            _("Đã quyết định đề nghị gia hạn."),
        )
    if action == "comment":
        form = CommentForm(request.POST)
        return _run(
            request,
            pk,
            form,
            lambda d: services.task_comment(user=u, task_id=pk, text=d["text"]),
            _("Đã gửi ý kiến."),
        )
    if action == "measure":
        target = get_object_or_404(Target, pk=id_param(request.POST, "target"), task_id=pk)
        form = MeasurementForm(request.POST)
        return _run(
            request,
            pk,
            form,
            lambda d: services.target_record_measurement(
                target_id=target.pk,
                value=d["value"],
                measured_on=d["measured_on"],
                source=d["source"],
                user=u,
            ),
            _("Đã cập nhật chỉ tiêu."),
        )
    raise PermissionDenied(_("Thao tác không hợp lệ."))
