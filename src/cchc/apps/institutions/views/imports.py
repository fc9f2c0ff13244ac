"""Import flow: upload → preview (nothing written) → import the valid rows → batch page with every
rejected row and its reasons (nothing lost). The shared steps are
:class:`cchc.apps.core.importflow.ImportFlow`'s."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cchc.apps.core.importflow import ImportFlow
from cchc.apps.org.access import Obj, declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.apps.org.selectors import unit_or_404
from cchc.domain.institutions import review as rules

from .. import imports, selectors, services
from ..forms import UploadForm

MANAGE = services.MANAGE
FLOW = ImportFlow("institutions_import", imports.STASH, "institutions:import_upload",
                  "institutions:import_preview", "institutions:batch_detail")  # fmt: skip


@declare(MANAGE, MANAGE)
@login_required
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, MANAGE)
    rounds = selectors.writable_rounds(user=request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rnd = data.get("round") if data["kind"] == "findings" else None
        unit = rnd.unit if rnd else data["unit"]
        return FLOW.remember(
            request, data["file"], kind=data["kind"], unit=unit.pk, round=rnd.pk if rnd else None
        )
    return render(request, "institutions/import_upload.html", {
        "form": form, "batches": selectors.batches(user=request.user)[:20], "batch_url": FLOW.batch_url,
        "kind_header": _("Loại bảng"),
    })  # fmt: skip


@declare(MANAGE, MANAGE)
@login_required
def import_preview(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, MANAGE)
    pending = FLOW.pending(request)
    unit = unit_or_404(pending["unit"])
    rnd = selectors.round_detail(user=request.user, pk=pending["round"]) if pending.get("round") else None
    kind = pending["kind"]
    return FLOW.preview(
        request, pending,
        analyse=lambda path: imports.analyse(path, user=request.user, unit=unit, kind=kind, rnd=rnd),
        write=lambda path: imports.import_file(
            path, user=request.user, unit=unit, kind=kind, rnd=rnd, file_name=pending["file_name"]
        ),
        show=lambda analysis: render(request, "institutions/import_preview.html", {
            "analysis": analysis, "pending": pending, "unit": unit, "rnd": rnd, "cancel_url": FLOW.upload_url,
            "records": [_summary(kind, r) for r in analysis.records],
        }),
    )  # fmt: skip


def _summary(kind: str, record: tuple) -> dict[str, object]:
    row, target = record
    if kind == "documents":
        return {"row": row.row_number, "symbol": row.symbol, "text": row.title, "detail": target.name}
    r = rules.load_rules()
    detail = " · ".join([r.effects[row.effect].label, *([r.forms[row.form].label] if row.form else [])])
    return {"row": row.row_number, "symbol": row.symbol, "text": target.document.title, "detail": detail}


@declare(MANAGE, pk=Obj("institutions.ImportBatch"))
@login_required
def batch_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, MANAGE)
    batch = selectors.batch_detail(user=request.user, pk=pk)
    return render(
        request, "institutions/batch_detail.html", {"batch": batch, "rows": list(batch.rejected_rows.all())}
    )
