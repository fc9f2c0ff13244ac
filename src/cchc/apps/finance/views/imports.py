"""Import flow of the three finance registers: upload → preview (nothing written) → import the valid rows →
batch page with every rejected row and its reasons (nothing lost)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc.apps.org.access import Obj, declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.apps.org.selectors import unit_or_404

from .. import imports, selectors
from ..forms import KIND_CHOICES, UploadForm

SESSION_KEY = "finance_import"
KIND_LABELS = dict(KIND_CHOICES)


@declare("finance.manage", "finance.manage")
@login_required
def upload(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.manage")
    kind = request.GET.get("kind", "")
    initial = {"kind": kind} if kind in KIND_LABELS else {}
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request.session[SESSION_KEY] = {
            "token": imports.stash_upload(data["file"]), "file_name": data["file"].name, "unit": data["unit"].pk,
            "kind": data["kind"],
        }  # fmt: skip
        return redirect("finance:import_preview")
    batches = [b for k in KIND_LABELS for b in selectors.batches(user=request.user, kind=k)[:10]]
    return render(request, "finance/import_upload.html", {
        "form": form, "batches": sorted(batches, key=lambda b: b.created_at, reverse=True), "kinds": KIND_LABELS,
    })  # fmt: skip


@declare("finance.manage", "finance.manage")
@login_required
def preview(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.manage")
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("kind") not in KIND_LABELS:
        raise Http404
    unit, kind = unit_or_404(pending["unit"]), pending["kind"]
    try:
        path = imports.stashed_path(pending["token"])
        if request.method == "POST":
            batch = imports.import_file(
                path, kind=kind, user=request.user, unit=unit, file_name=pending["file_name"]
            )
            path.unlink(missing_ok=True)
            del request.session[SESSION_KEY]
            messages.success(request, _("Đã nhập %(n)s dòng; %(r)s dòng lỗi được giữ lại cùng lý do.") % {
                "n": batch.imported_count, "r": batch.rejected_rows.count()})  # fmt: skip
            return redirect("finance:import_batch", pk=batch.pk)
        analysis = imports.analyse(path, kind=kind, user=request.user, unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        request.session.pop(SESSION_KEY, None)
        return redirect("finance:import_upload")
    return render(request, "finance/import_preview.html", {
        "analysis": analysis, "pending": pending, "unit": unit, "kind_label": KIND_LABELS[kind],
        "records": [{"row": r.row_number, "unit": u.name, "values": r.raw} for r, u in analysis.records],
    })  # fmt: skip


@declare("finance.manage", pk=Obj("finance.ImportBatch"))
@login_required
def batch_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "finance.manage")
    batch = selectors.batch_detail(user=request.user, pk=pk)
    return render(request, "finance/import_batch.html", {
        "batch": batch, "rows": list(batch.rejected_rows.all()), "kind_label": KIND_LABELS.get(batch.kind, batch.kind),
    })  # fmt: skip
