"""Import flow: upload → preview (nothing written) → import the valid rows → batch page with every
rejected row and its reasons (nothing lost)."""

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
from cchc.domain.names import full_name

from .. import imports, selectors
from ..forms import UploadForm

SESSION_KEY = "people_import"


@declare("people.manage", "people.manage")
@login_required
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "people.manage")
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        request.session[SESSION_KEY] = {
            "token": imports.stash_upload(data["file"]),
            "file_name": data["file"].name,
            "unit": data["unit"].pk,
        }
        return redirect("people:import_preview")
    return render(
        request,
        "people/import_upload.html",
        {"form": form, "batches": selectors.batches(user=request.user)[:20]},
    )


@declare("people.manage", "people.manage")
@login_required
def import_preview(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "people.manage")
    pending = request.session.get(SESSION_KEY)
    if not pending:
        raise Http404
    unit = unit_or_404(pending["unit"])
    try:
        path = imports.stashed_path(pending["token"])
        if request.method == "POST":
            batch = imports.import_file(path, user=request.user, unit=unit, file_name=pending["file_name"])
            path.unlink(missing_ok=True)
            del request.session[SESSION_KEY]
            messages.success(request, _("Đã nhập %(n)s dòng; %(r)s dòng lỗi được giữ lại cùng lý do.") % {
                "n": batch.imported_count, "r": batch.rejected_rows.count()})  # fmt: skip
            return redirect("people:batch_detail", pk=batch.pk)
        analysis = imports.analyse(path, user=request.user, unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        request.session.pop(SESSION_KEY, None)
        return redirect("people:import_upload")
    return render(request, "people/import_preview.html", {
        "analysis": analysis, "pending": pending, "unit": unit, "records": [_summary(r) for r in analysis.records],
    })  # fmt: skip


def _summary(record) -> dict[str, object]:
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
        request, "people/batch_detail.html", {"batch": batch, "rows": list(batch.rejected_rows.all())}
    )
