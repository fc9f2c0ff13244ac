"""Staffing: biên chế được giao vs thực có per unit and year with the reduction target, XLSX import
(upload → preview, nothing written → import the valid rows, the rejected ones shown with their reasons)
and export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc.apps.core.params import year_param
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain import staffing as st

from .. import staffing
from ..access import declare, require_capability
from ..forms import StaffingUploadForm

SESSION_KEY = "org_staffing_import"


def _mapped(request: AuthenticatedRequest) -> bool:
    return request.GET.get("as_it_was") != "1"  # docs/org-history.md


@declare("org.view")
@login_required
def staffing_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "org.view")
    year = year_param(request.GET)
    rows = staffing.staffing_rows(user=request.user, year=year, mapped=_mapped(request))
    targets = st.targets()
    phase = targets.phase_of(year)
    years = sorted({y for r in rows for y in r.trend})
    return render(request, "org/staffing_list.html", {
        "rows": rows, "year": year, "phase": phase, "years": years, "mapped": _mapped(request),
        "scenarios": [s for s in targets.scenarios if s.year <= year],
    })  # fmt: skip


@declare("org.view")
@login_required
def staffing_export(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "org.view")
    year = year_param(request.GET)
    rows = staffing.staffing_rows(user=request.user, year=year, mapped=_mapped(request))
    response = HttpResponse(
        staffing.export_rows(rows, year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="bien-che-{year}.xlsx"'
    return response


@declare("org.manage", "org.manage")
@login_required
def staffing_import(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "org.manage")
    pending = request.session.get(SESSION_KEY)
    if request.method == "POST" and request.POST.get("confirm") and pending:
        try:
            path = staffing.stashed_path(pending["token"])
            result = staffing.import_quotas(path, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            request.session.pop(SESSION_KEY, None)
            return redirect("org:staffing_import")
        path.unlink(missing_ok=True)
        del request.session[SESSION_KEY]
        messages.success(request, _("Đã nhập %(n)s dòng; %(r)s dòng lỗi không được nhập (xem lý do bên dưới).") % {
            "n": len(result.records), "r": len(result.rejected)})  # fmt: skip
        return render(request, "org/staffing_import.html", _page(result=result, rejected=result.rejected))
    form = StaffingUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        token = staffing.stash_upload(upload)
        try:
            analysis = staffing.analyse(staffing.stashed_path(token), user=request.user)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            request.session[SESSION_KEY] = {"token": token, "file_name": upload.name}
            return render(request, "org/staffing_import.html", _page(
                analysis=analysis, rejected=analysis.rejected, file_name=upload.name))  # fmt: skip
    return render(request, "org/staffing_import.html", _page(form=form))


def _page(**context: object) -> dict[str, object]:
    """Every name the import template reads (the upload form, the preview or the result)."""
    return {"form": None, "analysis": None, "result": None, "rejected": [], "file_name": ""} | context
