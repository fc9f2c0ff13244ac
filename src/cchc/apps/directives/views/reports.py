"""Leader overview, unit scorecard, notifications and the per-user calendar feed."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cchc.apps.org.access import require_capability

from .. import exports, ics, selectors
from ..forms import PeriodForm
from ..models import CalendarToken


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    require_capability(request.user, "directives.view")
    today = timezone.localdate()
    data = selectors.leader_overview(user=request.user, today=today)
    if request.GET.get("export") == "xlsx":
        return exports.overview_xlsx(rows=selectors.target_rows(data["targets"], today=today), today=today)
    # Targets are paged (50 a page): with hundreds of directives the page stays quick to render.
    page = Paginator(data["targets"], 50).get_page(request.GET.get("page"))
    data["targets"] = selectors.target_rows(page, today=today)
    data["page"] = page
    overdue = [(t, selectors.task_state(t, today=today)) for t in data["overdue_tasks"]]
    done = [(t, selectors.task_state(t, today=today)) for t in data["recent_done"]]
    return render(
        request, "directives/overview.html", {**data, "overdue": overdue, "done": done, "today": today}
    )


@login_required
def scorecard(request: HttpRequest) -> HttpResponse:
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


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = request.user.notifications.select_related("task")[:100]
    token, _created = CalendarToken.objects.get_or_create(user=request.user)
    return render(request, "directives/notifications.html", {"items": items, "token": token})


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("directives:notifications")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """ICS of the user's open tasks; the secret token in the URL stands in for a login."""
    found = CalendarToken.objects.select_related("user").filter(token=token, user__is_active=True).first()
    if found is None:
        raise Http404
    tasks = selectors.my_tasks(user=found.user, today=timezone.localdate()).filter(due_on__isnull=False)
    body = ics.tasks_ics(tasks=tasks, base_url=request.build_absolute_uri("/"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
