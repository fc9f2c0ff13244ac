"""The year's self-assessment: the list of years, the table with scores and measured values, the steps,
the survey, the gaps, the history chart and the exports."""

from __future__ import annotations

import io
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.core.errors import report
from cchc.apps.core.params import YEAR_RANGE, int_param
from cchc.apps.org.access import declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.assessment import workflow
from cchc.domain.assessment.gaps import lost_by_field
from cchc.domain.assessment.report import write_docx, write_xlsx
from cchc.domain.errors import UserError
from cchc.domain.numbers import format_number

from .. import selectors, services
from ..models import CriteriaSetVersion
from .common import DOCX, XLSX, YEARS, NoAssessment, decimal_or_none, file_response, year_assessment

STEP_CAPABILITIES = {s.name: s.capability for s in workflow.STEPS}


def _no_assessment(view):  # type: ignore[no-untyped-def]
    @wraps(view)
    def wrapped(request, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            return view(request, *args, **kwargs)
        except NoAssessment as exc:
            return exc.response

    return wrapped


@declare("assessment.view", "assessment.manage")
@login_required
def index(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    can_manage = selectors.may_manage(request.user)
    if request.method == "POST":
        require_capability(request.user, "assessment.manage")
        try:
            year = int_param(request.POST, "year", minimum=YEAR_RANGE[0], maximum=YEAR_RANGE[1])
            version_id = int_param(request.POST, "criteria_set", minimum=1)
            version = CriteriaSetVersion.objects.filter(pk=version_id).first() if version_id else None
            if year is None or version is None:
                raise UserError(_("Chọn năm và bộ tiêu chí."))
            services.create_assessment(user=request.user, year=year, version=version)
        except Exception as exc:  # the one error path: a Vietnamese sentence on the page
            report(request, exc)
            return redirect("assessment:index")
        messages.success(
            request, _("Đã tạo bản tự đánh giá năm %(y)s; số liệu đo được đã được điền.") % {"y": year}
        )
        return redirect("assessment:year", year=year)
    if can_manage and not selectors.criteria_sets().exists():
        services.ensure_sample_set()
    rows = []
    for a in selectors.assessments(user=request.user):
        score = selectors.self_score(a)
        rows.append({"a": a, "score": score, "state": workflow.STATES[a.state]})  # a msgid: {% trans %}
    return render(request, "assessment/index.html", {
        "rows": rows, "can_manage": can_manage, "sets": selectors.criteria_sets(),
        "next_year": timezone.localdate().year,
    })  # fmt: skip


def _year_context(request: AuthenticatedRequest, year: int) -> dict[str, Any]:
    a = year_assessment(request, year)
    cset = selectors.criteria_set(a.criteria_set)
    rows = selectors.entries(a)
    score = selectors.self_score(a, cset, rows)
    data = selectors.report(a)
    user = request.user
    steps = [
        {"step": s, "blockers": selectors.blockers(a, s.name)}
        for s in workflow.steps_from(a.state)
        if has_capability(user, s.capability)
        and (s.capability != "assessment.manage" or selectors.may_manage(user, a))
    ]
    editable = {code for code, e in rows.items() if selectors.may_fill(user, a, e)}
    return {
        "a": a, "cset": cset, "score": score, "data": data, "entries": rows, "steps": steps,
        "state": workflow.STATES[a.state], "can_manage": selectors.may_manage(user, a), "editable": editable,
        "show_detail": selectors.may_see_details(user, a),
        "lines": [{"line": ln, "entry": rows.get(ln.code) if ln.scored else None} for ln in data.lines],
    }  # fmt: skip


@declare("assessment.view", year=YEARS)
@login_required
@_no_assessment
def year_detail(request: AuthenticatedRequest, year: int) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    return render(request, "assessment/year.html", _year_context(request, year))


@declare(None, STEP_CAPABILITIES, year=YEARS, step=tuple(STEP_CAPABILITIES))
@require_POST
@login_required
@_no_assessment
def step(request: AuthenticatedRequest, year: int, step: str) -> HttpResponse:
    if step not in STEP_CAPABILITIES:
        return redirect("assessment:year", year=year)
    require_capability(request.user, STEP_CAPABILITIES[step])
    a = year_assessment(request, year)
    try:
        services.take_step(user=request.user, assessment=a, name=step)
    except Exception as exc:
        report(request, exc)
    else:
        messages.success(
            request, _("Bản tự đánh giá chuyển sang bước “%(s)s”.") % {"s": _(workflow.STATES[a.state])}
        )
    return redirect("assessment:year", year=year)


@declare(None, "assessment.manage", year=YEARS)
@require_POST
@login_required
@_no_assessment
def refresh_measured(request: AuthenticatedRequest, year: int) -> HttpResponse:
    require_capability(request.user, "assessment.manage")
    a = year_assessment(request, year)
    if not selectors.may_manage(request.user, a):
        messages.error(request, _("Bạn không có quyền cập nhật số liệu của bản tự đánh giá này."))
        return redirect("assessment:year", year=year)
    if a.state not in workflow.EDITABLE_SELF:
        messages.error(request, _("Bản tự đánh giá đã trình lãnh đạo: số liệu không được cập nhật nữa."))
        return redirect("assessment:year", year=year)
    n = services.fill_measured(user=request.user, assessment=a)
    messages.success(request, _("Đã cập nhật %(n)s tiêu chí từ số liệu đo được.") % {"n": n})
    return redirect("assessment:year", year=year)


@declare(None, "assessment.manage", year=YEARS)
@require_POST
@login_required
@_no_assessment
def survey(request: AuthenticatedRequest, year: int) -> HttpResponse:
    require_capability(request.user, "assessment.manage")
    a = year_assessment(request, year)
    try:
        points = decimal_or_none(request.POST.get("survey", ""), _("Điểm điều tra xã hội học"))
        services.set_survey(
            user=request.user, assessment=a, points=points, note=request.POST.get("survey_note", "")
        )
    except Exception as exc:
        report(request, exc)
    else:
        messages.success(request, _("Đã lưu điểm điều tra xã hội học."))
    return redirect("assessment:year", year=year)


@declare("assessment.view", year=YEARS)
@login_required
@_no_assessment
def gaps(request: AuthenticatedRequest, year: int) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    a = year_assessment(request, year)
    cset = selectors.criteria_set(a.criteria_set)
    rows = selectors.entries(a)
    score = selectors.self_score(a, cset, rows)
    gap_list = selectors.gap_rows(a, cset=cset, rows=rows, score=score)
    names = {i.code: i for i in cset.items()}
    return render(request, "assessment/gaps.html", {
        "a": a, "cset": cset, "score": score, "gaps": gap_list, "items": names,
        "by_field": lost_by_field(cset, score),
        "missing": [g for g in gap_list if g.missing_evidence],
    })  # fmt: skip


@declare("assessment.view")
@login_required
def history(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    fields, rows = selectors.history(user=request.user)
    chart = {
        "years": [str(r.year) for r in rows],
        "fields": [
            {"name": f"{code}. {name}", "data": [float(r.fields.get(code, 0)) for r in rows]}
            for code, name in fields
        ],
        "total": [float(r.total) for r in rows],
    }
    table = []
    previous: selectors.HistoryRow | None = None
    for r in rows:
        change: dict[str, Decimal] = {}
        if previous is not None:
            change = {c: r.fields.get(c, Decimal(0)) - previous.fields.get(c, Decimal(0)) for c, _n in fields}
        table.append({"row": r, "cells": [(r.fields.get(c), change.get(c)) for c, _n in fields]})
        previous = r
    return render(request, "assessment/history.html", {"fields": fields, "table": table, "chart": chart})


@declare("assessment.view", year=YEARS)
@login_required
@_no_assessment
def export_xlsx(request: AuthenticatedRequest, year: int) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    a = year_assessment(request, year)
    buf = io.BytesIO()
    write_xlsx(selectors.report(a), buf)
    return file_response(buf.getvalue(), f"tu-danh-gia-chi-so-cchc-{year}.xlsx", XLSX)


@declare("assessment.view", year=YEARS)
@login_required
@_no_assessment
def export_docx(request: AuthenticatedRequest, year: int) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    a = year_assessment(request, year)
    buf = io.BytesIO()
    write_docx(selectors.report(a), buf)
    return file_response(buf.getvalue(), f"bao-cao-tu-danh-gia-chi-so-cchc-{year}.docx", DOCX)


@declare("assessment.manage", "assessment.manage", year=YEARS)
@login_required
@_no_assessment
def appraisal(request: AuthenticatedRequest, year: int) -> HttpResponse:
    """The appraisal council's table entered at once, beside the self-scores: every criterion's points and,
    where they differ from the self-score, the reason (after the leader's approval)."""
    require_capability(request.user, "assessment.manage")
    a = year_assessment(request, year)
    if not selectors.may_manage(request.user, a):
        messages.error(request, _("Chỉ đầu mối CCHC ghi kết quả thẩm định."))
        return redirect("assessment:year", year=year)
    if a.state not in workflow.EDITABLE_APPRAISAL:
        messages.info(
            request, _("Chỉ ghi điểm thẩm định sau khi bản tự đánh giá đã được phê duyệt, gửi thẩm định.")
        )
        return redirect("assessment:year", year=year)
    cset = selectors.criteria_set(a.criteria_set)
    rows = selectors.entries(a)
    score = selectors.self_score(a, cset, rows)
    posted: dict[str, tuple[str, str]] = {}
    errors: dict[str, str] = {}
    if request.method == "POST":
        scores: dict[str, tuple[Decimal | None, str]] = {}
        for item in cset.items():
            raw, reason = request.POST.get(f"p-{item.code}", ""), request.POST.get(f"r-{item.code}", "")
            posted[item.code] = (raw, reason)
            try:
                scores[item.code] = (
                    decimal_or_none(raw, _("Điểm thẩm định %(c)s") % {"c": item.code}),
                    reason,
                )
            except UserError as exc:
                errors[item.code] = str(exc)
        if not errors:
            try:
                n = services.save_appraisals(user=request.user, assessment=a, scores=scores)
            except Exception as exc:
                report(request, exc)
            else:
                messages.success(request, _("Đã lưu điểm thẩm định của %(n)s tiêu chí.") % {"n": n})
                return redirect("assessment:year", year=year)
        else:
            messages.error(request, _("Chưa lưu: %(n)s dòng có lỗi, xem từng dòng.") % {"n": len(errors)})
    lines = []
    for item in cset.items():
        e = rows[item.code]
        raw, reason = posted.get(item.code, ("", ""))
        lines.append({
            "item": item, "self": score.item(item.code).points, "error": errors.get(item.code, ""),
            "points": raw if item.code in posted else "" if e.appraisal_points is None else format_number(e.appraisal_points, 2, strip_zeros=True),
            "reason": reason if item.code in posted else e.difference_reason,
        })  # fmt: skip
    return render(request, "assessment/appraisal.html", {"a": a, "lines": lines})
