"""Import flow of the three finance registers: upload → preview (nothing written) → import the valid rows →
batch page with every rejected row and its reasons (nothing lost). The shared steps are
:class:`cchc.apps.core.importflow.ImportFlow`'s."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cchc.apps.core.importflow import ImportFlow
from cchc.apps.org.access import Obj, declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.apps.org.selectors import unit_or_404

from .. import imports, selectors
from ..forms import UploadForm
from ..models import BatchKind

FLOW = ImportFlow("finance_import", imports.STASH, "finance:import_upload", "finance:import_preview",
                  "finance:import_batch")  # fmt: skip
KIND_LABELS = dict(BatchKind.choices)


@declare("finance.manage", "finance.manage")
@login_required
def upload(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.manage")
    kind = request.GET.get("kind", "")
    initial = {"kind": kind} if kind in KIND_LABELS else {}
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return FLOW.remember(request, data["file"], unit=data["unit"].pk, kind=data["kind"])
    batches = [b for k in KIND_LABELS for b in selectors.batches(user=request.user, kind=k)[:10]]
    return render(request, "finance/import_upload.html", {
        "form": form, "batches": sorted(batches, key=lambda b: b.created_at, reverse=True),
        "batch_url": FLOW.batch_url, "kind_header": _("Sổ"),
    })  # fmt: skip


@declare("finance.manage", "finance.manage")
@login_required
def preview(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.manage")
    pending = FLOW.pending(request)
    if pending.get("kind") not in KIND_LABELS:
        raise Http404
    unit, kind = unit_or_404(pending["unit"]), pending["kind"]
    return FLOW.preview(
        request, pending,
        analyse=lambda path: imports.analyse(path, kind=kind, user=request.user, unit=unit),
        write=lambda path: imports.import_file(
            path, kind=kind, user=request.user, unit=unit, file_name=pending["file_name"]
        ),
        show=lambda analysis: render(request, "finance/import_preview.html", {
            "analysis": analysis, "pending": pending, "unit": unit, "kind_label": KIND_LABELS[kind],
            "cancel_url": FLOW.upload_url,
            "records": [{"row": r.row_number, "unit": u.name, "values": r.raw} for r, u in analysis.records],
        }),
    )  # fmt: skip


@declare("finance.manage", pk=Obj("finance.ImportBatch"))
@login_required
def batch_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "finance.manage")
    batch = selectors.batch_detail(user=request.user, pk=pk)
    return render(
        request, "core/imports/batch.html", {"batch": batch, "rows": list(batch.rejected_rows.all())}
    )
