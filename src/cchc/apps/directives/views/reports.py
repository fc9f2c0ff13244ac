"""Leader overview, unit scorecard, notifications and the per-user calendar feed."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from cchc.apps.org.access import PUBLIC, SIGNED_IN, Obj, declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.target_status import TargetState

from .. import exports, ics, selectors
from ..forms import PeriodForm
from ..models import CalendarToken


def _pk_url(name: str):
    """``pk -> URL`` of a ``<int:pk>`` route, reversed once instead of once per row of a long table."""
    marker = "2147483647"
    head, tail = reverse(name, args=[int(marker)]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else Truncator(text).chars(n)


@declare("directives.view")
@login_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "directives.view")
    today = timezone.localdate()
    data = selectors.leader_overview(user=request.user, today=today)
    if request.GET.get("export") == "xlsx":
        return exports.overview_xlsx(rows=selectors.target_rows(data["targets"], today=today), today=today)
    # Targets are paged (50 a page): with hundreds of directives the page stays quick to render. Rows are
    # flattened here (URLs built from one reverse(), text cut in Python) so the template only prints them.
    state = request.GET.get("state", "")
    if state in {s.value for s in TargetState}:
        # Filtered on a state (the leader's home links here): every row's state is needed to page them.
        rows = [r for r in selectors.target_rows(data["targets"], today=today) if r.state == state]
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
        data["targets"] = list(page)
    else:
        state = ""
        page = Paginator(data["targets"], 50).get_page(request.GET.get("page"))
        data["targets"] = selectors.target_rows(page, today=today)
    task_url, directive_url = _pk_url("directives:task_detail"), _pk_url("directives:directive_detail")
    target_rows = [
        {
            "directive_url": directive_url(r.target.task.directive_id),
            "directive_number": r.target.task.directive.number,
            "task_url": task_url(r.target.task_id),
            "task_number": r.target.task.number,
            "unit": r.target.task.unit.abbreviation,
            "label": _short(r.target.text or r.target.metric, 90),
            "measured": r.target.measured_value,
            "measure_unit": r.target.unit,
            "status": r.state.value,
            "state": r,
        }
        for r in data["targets"]
    ]
    data["page"] = page
    overdue = [_task_row(t, task_url, t.due_on, today) for t in data["overdue_tasks"]]
    done = [_task_row(t, task_url, t.completed_on, today) for t in data["recent_done"]]
    return render(
        request,
        "directives/overview.html",
        {
            **data,
            "target_rows": target_rows,
            "overdue": overdue,
            "done": done,
            "today": today,
            "task_list_url": reverse("directives:task_list"),
            "state": state,
            "states": [(s.value, selectors.TARGET_STATE_LABELS[s][0]) for s in TargetState],
        },
    )


def _task_row(task, task_url, day: date | None, today: date) -> dict:
    label, colour = selectors.task_state(task, today=today)
    return {
        "pk": task.pk,
        "url": task_url(task.pk),
        "title": f"{task.number}. {_short(task.summary, 80)}",
        "unit": task.unit.abbreviation,
        "day": day,
        "label": label,
        "colour": colour,
    }


@declare("tasks.view")
@login_required
def scorecard(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "tasks.view")
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    if form.is_valid():
        start = form.cleaned_data["start"] or start
        end = form.cleaned_data["end"] or end
    rows = selectors.unit_scorecard(user=request.user, start=start, end=end, today=today)
    if request.GET.get("export") == "xlsx":
        return exports.scorecard_xlsx(rows=rows, start=start, end=end)
    return render(
        request, "directives/scorecard.html", {"rows": rows, "form": form, "start": start, "end": end}
    )


@declare(SIGNED_IN)
@login_required
def notifications(request: AuthenticatedRequest) -> HttpResponse:
    items = request.user.notifications.select_related("task")[:100]
    token, _created = CalendarToken.objects.get_or_create(user=request.user)
    return render(request, "directives/notifications.html", {"items": items, "token": token})


@declare(None, SIGNED_IN)
@login_required
@require_POST
def notifications_read(request: AuthenticatedRequest) -> HttpResponse:
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("directives:notifications")


@declare(PUBLIC, token=Obj("directives.CalendarToken", unit=None, owner="user", key="token"))
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """ICS of the user's open tasks; the secret token in the URL stands in for a login."""
    found = CalendarToken.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if found is None:
        raise Http404
    tasks = selectors.my_tasks(user=found.user, today=timezone.localdate()).filter(due_on__isnull=False)
    body = ics.tasks_ics(tasks=tasks, base_url=request.build_absolute_uri("/"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
