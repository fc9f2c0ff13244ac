"""Staffing: biên chế được giao vs thực có per unit and year with the reduction target, XLSX import
(upload → preview, nothing written → import the valid rows → batch page with every rejected row and its
reasons; the shared steps are :class:`cchc.apps.core.importflow.ImportFlow`'s) and export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from cchc.apps.core.importflow import ImportFlow
from cchc.apps.core.params import year_param
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain import staffing as st

from .. import staffing
from ..access import Obj, declare, has_capability, require_capability
from ..forms import StaffingUploadForm

FLOW = ImportFlow("org_staffing_import", staffing.STASH, "org:staffing_import", "org:staffing_import_preview",
                  "org:staffing_batch")  # fmt: skip


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
        "batches": staffing.import_batches(user=request.user)[:5]
        if has_capability(request.user, "org.manage") else [],
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
    form = StaffingUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return FLOW.remember(request, form.cleaned_data["file"])
    return render(request, "org/staffing_import.html", {
        "form": form, "batches": staffing.import_batches(user=request.user)[:20], "batch_url": FLOW.batch_url,
    })  # fmt: skip


@declare("org.manage", "org.manage")
@login_required
def staffing_import_preview(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "org.manage")
    pending = FLOW.pending(request)
    return FLOW.preview(
        request, pending,
        analyse=lambda path: staffing.analyse(path, user=request.user),
        write=lambda path: staffing.import_quotas(path, user=request.user, file_name=pending["file_name"]),
        show=lambda analysis: render(request, "org/staffing_import_preview.html", {
            "analysis": analysis, "pending": pending, "cancel_url": FLOW.upload_url,
        }),
    )  # fmt: skip


@declare("org.manage", pk=Obj("org.ImportBatch", unit="unit"))
@login_required
def staffing_batch(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "org.manage")
    batch = staffing.import_batch(user=request.user, pk=pk)
    return render(
        request, "org/staffing_batch.html", {"batch": batch, "rows": list(batch.rejected_rows.all())}
    )
