"""The periodic CCHC reports (quý, 6 tháng, năm): list and generate, read and edit the sections' texts,
refresh the figures, issue, turn into a drafted document, download DOCX/XLSX/PDF."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.org.access import Obj, can_access_unit, declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.errors import UserError
from cchc.domain.reports import content as rc
from cchc.domain.reports.periods import report_period

from .. import exports, generate, services
from .. import periodic_selectors as selectors
from ..forms import CreateReportForm
from ..models import Report, ReportStatus

LIST_LIMIT = 200


def _may_write(request: AuthenticatedRequest, report: Report) -> bool:
    return (
        report.status == ReportStatus.DRAFT
        and has_capability(request.user, "reports.create")
        and can_access_unit(request.user, report.unit, write=True)
    )


@declare("reports.view", "reports.create")
@login_required
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "reports.view")
    today = timezone.localdate()
    may_create = has_capability(request.user, "reports.create")
    form = CreateReportForm(request.POST or None, user=request.user, today=today) if may_create else None
    if request.method == "POST":
        require_capability(request.user, "reports.create")
        assert form is not None
        if form.is_valid():
            try:
                report = services.create_report(
                    user=request.user, unit=form.cleaned_data["unit"], period=form.cleaned_data["period"]
                )
            except UserError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã tạo dự thảo báo cáo."))
                return redirect("reports:report_detail", pk=report.pk)
    reports = selectors.report_list(user=request.user)[:LIST_LIMIT]
    return render(request, "reports/report_list.html", {"reports": reports, "form": form, "today": today})


@declare("reports.view", "reports.create", pk=Obj("reports.Report"))
@login_required
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "reports.view")
    report = selectors.report_detail(user=request.user, pk=pk)
    outline = generate.current_outline()
    if request.method == "POST":  # services.save_texts checks reports.create and the unit (write)
        texts = {
            s.key: request.POST[f"text-{s.key}"] for s in outline.sections if f"text-{s.key}" in request.POST
        }
        try:
            services.save_texts(user=request.user, report=report, texts=texts)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu nội dung báo cáo."))
            return redirect("reports:report_detail", pk=report.pk)
    period = report_period(report.period)
    values = rc.placeholder_values(period, report.unit.name)
    contents = rc.sections_from_json(report.figures)
    sections = [
        {
            "section": s,
            "text": report.texts.get(s.key, rc.fill(s.text, values)),
            "figures": contents[s.key].figures if s.key in contents else [],
            "lists": contents[s.key].lists if s.key in contents else [],
            "has_ytd": s.key in contents and any(f.ytd is not None for f in contents[s.key].figures),
        }
        for s in outline.sections
    ]
    document_url = ""
    if report.document_id is not None:
        try:
            document_url = reverse("documents:detail", args=[report.document_id])
        except NoReverseMatch:
            document_url = ""
    return render(request, "reports/report_detail.html", {
        "report": report, "period": period, "sections": sections, "may_write": _may_write(request, report),
        "may_draft_document": _may_write(request, report) and report.document_id is None
        and has_capability(request.user, "documents.draft"),
        "document_url": document_url,
    })  # fmt: skip


def _act(request: AuthenticatedRequest, pk: int, action: Callable[..., object], done: str) -> HttpResponse:
    """A POST on one report: the service checks reports.create and the unit (write); a rule of the report's
    state (issued, already drafted) comes back as a message."""
    report = selectors.report_detail(user=request.user, pk=pk)
    try:
        action(user=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("reports:report_detail", pk=report.pk)


@declare(None, "reports.create", pk=Obj("reports.Report"))
@login_required
@require_POST
def report_refresh(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, services.refresh_figures, _("Đã cập nhật số liệu; nội dung đã sửa được giữ nguyên.")
    )


@declare(None, "reports.create", pk=Obj("reports.Report"))
@login_required
@require_POST
def report_issue(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.issue_report, _("Đã ban hành báo cáo."))


@declare(None, "reports.create", pk=Obj("reports.Report"))
@login_required
@require_POST
def report_document(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    done = _("Đã tạo văn bản dự thảo từ báo cáo; văn bản đi qua cấp số và ký số như mọi văn bản.")
    return _act(request, pk, services.create_document, done)


@declare("reports.view", pk=Obj("reports.Report"), fmt=tuple(exports.FORMATS))
@login_required
def report_download(request: AuthenticatedRequest, pk: int, fmt: str) -> HttpResponse:
    require_capability(request.user, "reports.view")
    report = selectors.report_detail(user=request.user, pk=pk)
    response = HttpResponse(exports.render(report, fmt), content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{exports.filename(report, fmt)}"'
    return response
