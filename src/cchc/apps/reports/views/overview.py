"""The director's overview: one page with every directive target and every registered measured figure."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from cchc.apps.core.params import id_param
from cchc.apps.org.access import declare, require_capability, visible_units
from cchc.apps.org.requests import AuthenticatedRequest

from .. import selectors


@declare("reports.view")
@login_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "reports.view")
    today = timezone.localdate()
    choices = selectors.period_choices(today)
    period = request.GET.get("period", "")
    if period not in {p for p, _label in choices}:
        period = choices[0][0]
    unit = selectors.chosen_scope(request.user, id_param(request.GET, "unit"))
    groups = [
        {"title": selectors.group_title(prefix), "key": prefix, "figures": figs}
        for prefix, figs in selectors.figures(unit, period).items()
    ]
    try:
        task_list_url = reverse("directives:task_list")
    except NoReverseMatch:
        task_list_url = ""
    return render(
        request,
        "reports/overview.html",
        {
            "period": period,
            "period_choices": choices,
            "unit": unit,
            "unit_choices": visible_units(request.user).order_by("path"),
            "groups": groups,
            "targets": selectors.directive_targets(user=request.user, unit=unit, today=today),
            "late_by_unit": selectors.late_by_unit(user=request.user, unit=unit, today=today),
            "task_list_url": task_list_url,
            "today": today,
        },
    )
