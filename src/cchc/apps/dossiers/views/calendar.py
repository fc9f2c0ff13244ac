"""The working calendar as editable data: yearly swaps and make-up days on top of the shipped notices."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.core import calendar as days
from cchc.apps.core.forms import CalendarOverrideForm
from cchc.apps.core.params import year_param
from cchc.apps.org.access import Obj, declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest

from ..storage import working_calendar
from . import store_guard


@declare("dossiers.view", "dossiers.calendar", pk=Obj("core.CalendarOverride", unit=None))
@login_required
@store_guard
def calendar_view(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    require_capability(request.user, "dossiers.view")
    can_edit = has_capability(request.user, "dossiers.calendar")
    instance = get_object_or_404(days.overrides(), pk=pk) if pk else None
    form = CalendarOverrideForm(request.POST or None, instance=instance)
    if request.method == "POST":
        require_capability(request.user, "dossiers.calendar")
        if form.is_valid():
            try:
                days.override_save(
                    user=request.user, pk=instance.pk if instance else None, **form.cleaned_data
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Đã lưu ngày %(d)s.") % {"d": form.cleaned_data["day"].strftime("%d/%m/%Y")}
                )
                return redirect("dossiers:calendar")
    year = year_param(request.GET, minimum=2015, maximum=2035)  # the years the calendar knows
    cal = working_calendar()
    context = {
        "form": form,
        "can_edit": can_edit,
        "instance": instance,
        "year": year,
        "overrides": days.overrides(),
        "days_off": [(d, name) for d, name in cal.days_off(year) if d.weekday() < 5],
        "worked": cal.worked_saturdays(year),
        "working_days": cal.working_days_between(date(year, 1, 1), date(year, 12, 31)),
    }
    return render(request, "dossiers/calendar.html", context)


@declare(None, "dossiers.calendar", pk=Obj("core.CalendarOverride", unit=None))
@login_required
@require_POST
def calendar_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    days.override_delete(user=request.user, pk=pk)
    messages.success(request, _("Đã xóa ngày điều chỉnh."))
    return redirect("dossiers:calendar")
