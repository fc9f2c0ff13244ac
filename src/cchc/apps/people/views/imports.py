"""Import flow: upload → preview (nothing written) → import the valid rows → batch page with every
rejected row and its reasons (nothing lost). The shared steps are
:class:`cchc.apps.core.importflow.ImportFlow`'s."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cchc.apps.core.importflow import ImportFlow
from cchc.apps.org.access import Obj, declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.apps.org.selectors import unit_or_404
from cchc.domain.names import full_name

from .. import imports, selectors
from ..forms import UploadForm

FLOW = ImportFlow("people_import", imports.STASH, "people:import_upload", "people:import_preview",
                  "people:batch_detail")  # fmt: skip


@declare("people.manage", "people.manage")
@login_required
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "people.manage")
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        return FLOW.remember(request, form.cleaned_data["file"], unit=form.cleaned_data["unit"].pk)
    return render(request, "people/import_upload.html", {
        "form": form, "batches": selectors.batches(user=request.user)[:20], "batch_url": FLOW.batch_url,
        "kind_header": _("Loại"),
    })  # fmt: skip


@declare("people.manage", "people.manage")
@login_required
def import_preview(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "people.manage")
    pending = FLOW.pending(request)
    unit = unit_or_404(pending["unit"])
    return FLOW.preview(
        request, pending,
        analyse=lambda path: imports.analyse(path, user=request.user, unit=unit),
        write=lambda path: imports.import_file(path, user=request.user, unit=unit, file_name=pending["file_name"]),
        show=lambda analysis: render(request, "people/import_preview.html", {
            "analysis": analysis, "pending": pending, "unit": unit, "cancel_url": FLOW.upload_url,
            "records": [_summary(r) for r in analysis.records],
        }),
    )  # fmt: skip


def _summary(record: tuple[Any, ...]) -> dict[str, object]:
    row = record[0]
    if len(record) == 2:
        return {
            "row": row.row_number,
            "code": row.code,
            "name": full_name(row.family_name, row.given_name),
            "detail": record[1].name,
        }
    return {"row": row.row_number, "code": row.code, "name": record[1].full_name, "detail": record[2].name}


@declare("people.manage", pk=Obj("people.ImportBatch"))
@login_required
def batch_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "people.manage")
    batch = selectors.batch_detail(user=request.user, pk=pk)
    return render(
        request, "core/imports/batch.html", {"batch": batch, "rows": list(batch.rejected_rows.all())}
    )
