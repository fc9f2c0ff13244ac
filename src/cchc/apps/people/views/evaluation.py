"""Evaluation under NĐ 335/2025: the person's own view and self-assessment, the unit's list and rollup,
the unit head's review of one evaluation, the leader's approval of a unit (cap applied), the annual rating."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.core.params import id_param, year_param
from cchc.apps.org.access import Obj, declare, has_capability, may_decide_on, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.apps.org.selectors import unit_or_404
from cchc.domain.people import evaluation as ev

from .. import selectors, services
from ..models import EvaluationStatus
from ..periods import period_param, periods_around


def _lines_and_score(evaluation, staff, period: str) -> dict:
    lines = selectors.product_lines(staff=staff, period=period)
    sch = ev.scheme(evaluation.scheme) if evaluation and evaluation.scheme else selectors.scheme()
    results = ev.results([line.product for line in lines], sch)
    return {"lines": lines, "preview": results, "scheme": sch}


@declare("evaluation.self", "evaluation.self")
@login_required
def my_evaluation(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "evaluation.self")
    period = period_param(request.POST if request.method == "POST" else request.GET)
    staff, evaluation = selectors.own_evaluation(user=request.user, period=period)
    if request.method == "POST" and staff is not None:
        try:
            evaluation = services.submit_self_evaluation(
                user=request.user, period=period, marks=request.POST, note=request.POST.get("self_note", "")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã gửi bản tự đánh giá kỳ %(p)s.") % {"p": period})
            return redirect(f"{request.path}?period={period}")
    context: dict[str, Any] = {
        "staff": staff,
        "evaluation": evaluation,
        "period": period,
        "periods": periods_around(period),
    }
    if staff is not None:
        context |= _lines_and_score(evaluation, staff, period)
        context["history"] = selectors.own_evaluations(staff=staff)
        own = evaluation.self_marks if evaluation else {}
        context["marks"] = [(c, own.get(c.code, "")) for c in context["scheme"].general]
    return render(request, "people/my_evaluation.html", context)


@declare("evaluation.view")
@login_required
def evaluation_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "evaluation.view")
    period = period_param(request.GET)
    unit_id = id_param(request.GET, "unit")
    rows = selectors.period_rows(user=request.user, period=period, unit_id=unit_id)
    units = selectors.rollup(rows)
    for u in units:
        u.may_approve = has_capability(request.user, "evaluation.approve") and u.evaluated > u.approved  # type: ignore[attr-defined]
    return render(request, "people/evaluation_list.html", {
        "period": period, "periods": periods_around(period), "rows": rows, "units": units,
        "unit_id": unit_id or "", "all_units": selectors.units_for_forms(user=request.user),
        "labels": [(r.value, ev.RATING_SHORT[r]) for r in ev.RATING_ORDER],
    })  # fmt: skip


@declare("evaluation.view", "evaluation.review", pk=Obj("people.Evaluation", unit="staff__unit"))
@login_required
def evaluation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "evaluation.view")
    evaluation = selectors.evaluation_detail(user=request.user, pk=pk)
    staff = evaluation.staff
    if request.method == "POST":  # the service checks evaluation.review and the unit (write)
        try:
            services.review_evaluation(
                user=request.user, evaluation=evaluation, marks=request.POST,
                note=request.POST.get("review_note", ""), grades=_grades(request.POST),
            )  # fmt: skip
        except (ValidationError, ev.EvaluationError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request,
                _("Đã chấm điểm kỳ %(p)s của %(name)s.") % {"p": evaluation.period, "name": staff.full_name},
            )
            return redirect("people:evaluation_detail", pk=evaluation.pk)
    context = {"evaluation": evaluation, "staff": staff} | _lines_and_score(
        evaluation, staff, evaluation.period
    )
    source = evaluation.marks or evaluation.self_marks
    context["marks"] = [
        (c, source.get(c.code, ""), evaluation.self_marks.get(c.code, "")) for c in context["scheme"].general
    ]
    context["may_review"] = (
        has_capability(request.user, "evaluation.review")
        and evaluation.status != EvaluationStatus.APPROVED
        and may_decide_on(request.user, staff.user_id)
    )
    return render(request, "people/evaluation_detail.html", context)


def _grades(data) -> dict[int, services.GradeInput]:
    """grade-<task id>-weight / -quality ("", "1", "0") / -objective from the review form."""
    out = {}
    for key in data:
        m = re.fullmatch(r"grade-(\d{1,18})-weight", key)
        if not m:
            continue
        task_id = int(m[1])
        try:
            weight = Decimal(str(data.get(key) or "1").replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("Hệ số quy đổi phải là một số.")) from None
        quality = data.get(f"grade-{task_id}-quality", "")
        out[task_id] = services.GradeInput(
            weight=weight,
            met_quality=None if quality == "" else quality == "1",
            objective_cause=bool(data.get(f"grade-{task_id}-objective")),
        )
    return out


@declare(None, "evaluation.approve", unit=Obj("org.Unit", unit=""))
@login_required
@require_POST
def approve_unit(request: AuthenticatedRequest, unit: int) -> HttpResponse:
    target = unit_or_404(unit)  # the service checks evaluation.approve and the unit (write)
    period = period_param(request.POST)
    approved = services.approve_unit(user=request.user, unit=target, period=period)
    capped = sum(1 for e in approved if e.capped)
    messages.success(request, _("Đã phê duyệt %(n)s kết quả của %(u)s kỳ %(p)s; %(c)s người chuyển xuống HTTNV do giới hạn 20 %% HTXSNV.") % {
        "n": len(approved), "u": target.name, "p": period, "c": capped})  # fmt: skip
    return redirect(reverse("people:evaluation_list") + f"?period={period}")


@declare("evaluation.view")
@login_required
def annual(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "evaluation.view")
    today = timezone.localdate()
    year = year_param(request.GET, "year", default=today.year)
    unit_id = id_param(request.GET, "unit")
    rows = selectors.annual_rows(user=request.user, year=year, unit_id=unit_id)
    units: dict[int, dict] = {}
    for r in rows:
        u = units.setdefault(r.staff.unit_id, {"unit": r.staff.unit, "rows": []})
        u["rows"].append(r)
    deadline = ev.annual_deadline(year)
    return render(request, "people/annual.html", {
        "year": year, "groups": list(units.values()), "deadline": deadline, "late": today > deadline,
        "may_lock": has_capability(request.user, "evaluation.approve"), "unit_id": unit_id or "",
        "all_units": selectors.units_for_forms(user=request.user),
        "periods": ev.periods_of(year, settings.PEOPLE_EVALUATION_PERIOD),
    })  # fmt: skip


@declare(None, "evaluation.approve", unit=Obj("org.Unit", unit=""))
@login_required
@require_POST
def annual_lock(request: AuthenticatedRequest, unit: int) -> HttpResponse:
    target = unit_or_404(unit)  # the service checks evaluation.approve and the unit (write)
    year = year_param(request.POST, "year")
    locked = services.lock_annual(user=request.user, unit=target, year=year)
    messages.success(
        request,
        _("Đã chốt xếp loại năm %(y)s của %(n)s người thuộc %(u)s.")
        % {"y": year, "n": len(locked), "u": target.name},
    )
    return redirect(reverse("people:annual") + f"?year={year}")
