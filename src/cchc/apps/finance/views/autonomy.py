"""The autonomy register of public-service units (NĐ 60/2021, NĐ 111/2025; ../shared/standards.md §9): per unit
and year the group, the granting decision, the figures that justify it and the directive's target; a unit's
page shows its trend over the years (chart)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.org.access import Obj, declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.finance import autonomy as au
from cchc.domain.measures import share

from .. import exports, selectors, services
from ..forms import AutonomyForm
from ..models import AutonomyRecord
from . import common

AUTONOMY_FIELDS = (
    "year", "group", "decision_number", "decision_date", "plan_period", "revenue", "spending", "share",
    "finances_investment", "target_group", "note",
)  # fmt: skip


@declare("finance.view")
@login_required
def register(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.view")
    year = common.year(request)
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
    year = common.year(request)
    return exports.autonomy_xlsx(selectors.autonomy_register(user=request.user, year=year), year)


def _save(request: AuthenticatedRequest, form: forms.Form) -> bool:
    data = dict(form.cleaned_data)
    return common.save(
        request, form, lambda: services.save_autonomy(user=request.user, **data),
        lambda _record: _("Đã ghi tự chủ tài chính của %(u)s năm %(y)s.") % {"u": data["unit"].name, "y": data["year"]},
    ) is not None  # fmt: skip


def _save_same_unit(request: AuthenticatedRequest, form: forms.Form, record: AutonomyRecord) -> bool:
    if form.cleaned_data["unit"] != record.unit:
        form.add_error("unit", _("Không đổi đơn vị của bản ghi; hãy thêm bản ghi mới."))
        return False
    return _save(request, form)


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
    form, saved = common.edit_form(
        request, AutonomyForm, record, AUTONOMY_FIELDS, lambda f: _save_same_unit(request, f, record)
    )
    if saved:
        return redirect("finance:autonomy_detail", pk=record.pk)
    trend = selectors.autonomy_trend(record=record)
    chart = {
        "years": [r.record.year for r in trend],
        "share": [float(r.basis) if r.basis is not None else None for r in trend],
        "group": [r.record.group for r in trend],
        "target": [r.record.target_group for r in trend],
        "labels": {"share": _("Mức tự bảo đảm chi thường xuyên (%)"), "group": _("Nhóm tự chủ"),
                   "target": _("Nhóm mục tiêu")},
    }  # fmt: skip
    return render(request, "finance/autonomy_detail.html", {
        "row": selectors.autonomy_row(record), "trend": trend, "chart": chart, "form": form,
        "may_delete": common.may_edit(request.user, record.unit),
    })  # fmt: skip


@declare("finance.manage", "finance.manage", pk=Obj("finance.AutonomyRecord"))
@login_required
def delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "finance.manage")
    record = selectors.autonomy_detail(user=request.user, pk=pk)
    return common.delete(
        request, record,
        what=_("bản ghi tự chủ tài chính của %(u)s năm %(y)s") % {"u": record.unit.name, "y": record.year},
        remove=lambda: services.delete_autonomy(user=request.user, record=record),
        back=reverse("finance:autonomy") + f"?year={record.year}",
        cancel=reverse("finance:autonomy_detail", args=[record.pk]),
    )  # fmt: skip
