"""The autonomy register of public-service units (NĐ 60/2021, NĐ 111/2025; ../shared/standards.md §9): per unit
and year the group, the granting decision, the figures that justify it and the directive's target; a unit's
page shows its trend over the years (chart)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.params import year_param
from cchc.apps.org.access import Obj, can_access_unit, declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.finance import autonomy as au
from cchc.domain.measures import share

from .. import exports, selectors, services
from ..forms import AutonomyForm


def _year(request: AuthenticatedRequest) -> int:
    year = year_param(request.GET, "year", default=timezone.localdate().year)
    assert year is not None
    return year


@declare("finance.view")
@login_required
def register(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.view")
    year = _year(request)
    rows = selectors.autonomy_register(user=request.user, year=year)
    met = [r for r in rows if r.meets_target]
    judged = [r for r in rows if r.meets_target is not None]
    return render(request, "finance/autonomy_register.html", {
        "year": year, "rows": rows, "met": len(met), "judged": len(judged),
        "share": share(len(met), len(judged)), "rules": au.load_rules(),
    })  # fmt: skip


@declare("finance.view")
@login_required
def export(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.view")
    year = _year(request)
    return exports.autonomy_xlsx(selectors.autonomy_register(user=request.user, year=year), year)


def _save(request: AuthenticatedRequest, form: AutonomyForm) -> bool:
    data = dict(form.cleaned_data)
    try:
        services.save_autonomy(user=request.user, **data)
    except ValidationError as exc:
        for m in exc.messages:
            form.add_error(None, m)
        return False
    messages.success(request, _("Đã ghi tự chủ tài chính của %(u)s năm %(y)s.") % {"u": data["unit"].name, "y": data["year"]})  # fmt: skip
    return True


@declare("finance.manage", "finance.manage")
@login_required
def create(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.manage")
    form = AutonomyForm(request.POST or None, user=request.user, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid() and _save(request, form):
        return redirect(reverse("finance:autonomy") + f"?year={form.cleaned_data['year']}")
    return render(request, "finance/autonomy_form.html", {"form": form})


@declare("finance.view", "finance.manage", pk=Obj("finance.AutonomyRecord"))
@login_required
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "finance.view")
    record = selectors.autonomy_detail(user=request.user, pk=pk)
    form = None
    if request.method == "POST":
        require_capability(request.user, "finance.manage")
        form = AutonomyForm(request.POST, user=request.user)
        if form.is_valid() and form.cleaned_data["unit"] == record.unit and _save(request, form):
            return redirect("finance:autonomy_detail", pk=record.pk)
        if form.is_valid() and form.cleaned_data["unit"] != record.unit:
            form.add_error("unit", _("Không đổi đơn vị của bản ghi; hãy thêm bản ghi mới."))
    trend = selectors.autonomy_trend(record=record)
    chart = {
        "years": [r.record.year for r in trend],
        "share": [float(r.basis) if r.basis is not None else None for r in trend],
        "group": [r.record.group for r in trend],
        "target": [r.record.target_group for r in trend],
        "labels": {"share": _("Mức tự bảo đảm chi thường xuyên (%)"), "group": _("Nhóm tự chủ"),
                   "target": _("Nhóm mục tiêu")},
    }  # fmt: skip
    initial = {f: getattr(record, f) for f in (
        "year", "group", "decision_number", "decision_date", "plan_period", "revenue", "spending", "share",
        "finances_investment", "target_group", "note")}  # fmt: skip
    may_edit = has_capability(request.user, "finance.manage") and can_access_unit(
        request.user, record.unit, write=True
    )
    if form is None and may_edit:
        form = AutonomyForm(initial={**initial, "unit": record.unit_id}, user=request.user)
    return render(request, "finance/autonomy_detail.html", {
        "row": selectors.autonomy_row(record), "trend": trend, "chart": chart, "form": form,
    })  # fmt: skip
