"""Simplification plans, the dashboard of simplification targets, exports and shared settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.params import YEAR_RANGE, int_param
from cchc.apps.org.access import (
    ORGANISATION_MANAGER,
    Obj,
    can_access_unit,
    declare,
    has_capability,
    is_admin,
    require_capability,
)
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.procedures.exports import write_plans_docx, write_plans_xlsx
from cchc.domain.procedures.plans import evaluate_plan

from .. import selectors, services
from ..conversions import to_domain_plan
from ..forms import CostParameterForm, PlanForm, TargetLinkForm
from ..models import CostParameter, Procedure, SimplificationPlan
from .catalogue import DOCX, XLSX, file_response


def _year(request: HttpRequest) -> int | None:
    return int_param(request.GET, "nam", minimum=YEAR_RANGE[0], maximum=YEAR_RANGE[1])


def _department_manager(user) -> bool:
    if not has_capability(user, "procedures.manage"):
        return False
    return is_admin(user) or (user.unit is not None and can_access_unit(user, user.unit.root(), write=True))


@declare("procedures.view")
@login_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "procedures.view")
    data = selectors.portfolio(user=request.user, year=_year(request))
    rows = [(p, evaluate_plan(to_domain_plan(p))) for p in selectors.plans(user=request.user, year=data.year)]
    return render(request, "procedures/dashboard.html", {
        "data": data, "rows": rows, "can_manage": has_capability(request.user, "procedures.manage"),
        "department_manager": _department_manager(request.user),
    })  # fmt: skip


@declare("procedures.manage", "procedures.manage", procedure_pk=Obj("procedures.Procedure"), year=("2026",))
@login_required
def plan_edit(request: AuthenticatedRequest, procedure_pk: int, year: int | None = None) -> HttpResponse:
    require_capability(request.user, "procedures.manage")
    try:
        procedure = selectors.procedure_detail(user=request.user, pk=procedure_pk)
    except Procedure.DoesNotExist as exc:
        raise Http404 from exc
    if not can_access_unit(request.user, procedure.unit, write=True):
        raise PermissionDenied(_("Thủ tục này thuộc đơn vị khác: bạn không có quyền sửa."))
    year = year or timezone.localdate().year
    plan = SimplificationPlan.objects.filter(procedure=procedure, year=year).first()
    if plan is None:
        plan = SimplificationPlan(procedure=procedure, unit=procedure.unit, year=year,
                                  time_before=procedure.working_days, cost_parameter=services.default_cost_parameter())  # fmt: skip
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        saved = services.save_plan(user=request.user, plan=form.save(commit=False))
        messages.success(request, _("Đã lưu phương án đơn giản hóa năm %(y)s.") % {"y": saved.year})
        return redirect("procedures:procedure_detail", pk=procedure.pk)
    result = evaluate_plan(to_domain_plan(plan)) if plan.pk else None
    return render(
        request,
        "procedures/plan_form.html",
        {"form": form, "procedure": procedure, "plan": plan, "result": result},
    )


def _export_plans(request: AuthenticatedRequest) -> tuple[list, int]:
    require_capability(request.user, "procedures.view")
    year = _year(request) or selectors.default_year(user=request.user)
    return [to_domain_plan(p) for p in selectors.plans(user=request.user, year=year)], year


@declare("procedures.view")
@login_required
def plans_docx(request: AuthenticatedRequest) -> HttpResponse:
    plans, year = _export_plans(request)
    subtitle = _("Năm %(y)s") % {"y": year}
    return file_response(
        lambda path: write_plans_docx(plans, path, subtitle=subtitle), ".docx", DOCX, f"phuong-an-{year}.docx"
    )


@declare("procedures.view")
@login_required
def plans_xlsx(request: AuthenticatedRequest) -> HttpResponse:
    plans, year = _export_plans(request)
    title = _("Phương án đơn giản hóa thủ tục hành chính năm %(y)s") % {"y": year}
    return file_response(
        lambda path: write_plans_xlsx(plans, path, title=title), ".xlsx", XLSX, f"phuong-an-{year}.xlsx"
    )


@declare("procedures.view", ORGANISATION_MANAGER, pk=Obj("procedures.CostParameter", unit=None))
@login_required
def parameters(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    require_capability(request.user, "procedures.view")
    parameter = get_object_or_404(CostParameter, pk=pk) if pk else None
    form = CostParameterForm(request.POST or None, instance=parameter)
    if request.method == "POST":
        if not _department_manager(request.user):
            raise PermissionDenied(_("Chỉ Văn phòng Sở được sửa tham số chi phí."))
        if form.is_valid():
            services.save_cost_parameter(user=request.user, parameter=form.save(commit=False))
            messages.success(request, _("Đã lưu tham số; các phương án dùng tham số này đã được tính lại."))
            return redirect("procedures:parameters")
    return render(request, "procedures/parameters.html", {
        "form": form, "parameter": parameter, "parameters": CostParameter.objects.all(),
        "can_edit": _department_manager(request.user),
    })  # fmt: skip


@declare(ORGANISATION_MANAGER, ORGANISATION_MANAGER)
@login_required
def target_links(request: AuthenticatedRequest) -> HttpResponse:
    if not _department_manager(request.user):
        raise PermissionDenied(_("Chỉ Văn phòng Sở được liên kết chỉ tiêu."))
    choices = selectors.linkable_targets(user=request.user)
    current = {kind: target.pk for kind, target in selectors.linked_targets().items()}
    form = TargetLinkForm(request.POST or None, targets=choices, initial_links=current)
    if request.method == "POST" and form.is_valid():
        allowed = {str(t.pk) for t in choices}
        for kind, value in form.cleaned_data.items():
            if value and value not in allowed:
                raise PermissionDenied
            services.set_target_link(user=request.user, kind=kind, target_id=int(value) if value else None)
        messages.success(request, _("Đã lưu liên kết chỉ tiêu và cập nhật số liệu sang nhiệm vụ."))
        return redirect("procedures:dashboard")
    return render(request, "procedures/target_links.html", {"form": form})
