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
from cchc.domain.errors import UserError
from cchc.domain.institutions import review as rules

from .. import imports, selectors, services
from ..forms import UploadForm

SESSION_KEY = "institutions_import"
MANAGE = services.MANAGE


@declare(MANAGE, MANAGE)
@login_required
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, MANAGE)
    rounds = selectors.writable_rounds(user=request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rnd = data.get("round")
        unit = rnd.unit if data["kind"] == "findings" and rnd else data["unit"]
        request.session[SESSION_KEY] = {
            "token": imports.stash_upload(data["file"]), "file_name": data["file"].name, "kind": data["kind"],
            "unit": unit.pk, "round": rnd.pk if data["kind"] == "findings" and rnd else None,
        }  # fmt: skip
        return redirect("institutions:import_preview")
    return render(
        request, "institutions/import_upload.html",
        {"form": form, "batches": selectors.batches(user=request.user)[:20]},
    )  # fmt: skip


@declare(MANAGE, MANAGE)
@login_required
def import_preview(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, MANAGE)
    pending = request.session.get(SESSION_KEY)
    if not pending:
        raise Http404
    unit = unit_or_404(pending["unit"])
    rnd = selectors.round_detail(user=request.user, pk=pending["round"]) if pending.get("round") else None
    kind = pending["kind"]
    try:
        path = imports.stashed_path(pending["token"])
        if request.method == "POST":
            batch = imports.import_file(
                path, user=request.user, unit=unit, kind=kind, rnd=rnd, file_name=pending["file_name"]
            )
            path.unlink(missing_ok=True)
            del request.session[SESSION_KEY]
            messages.success(request, _("Đã nhập %(n)s dòng; %(r)s dòng lỗi được giữ lại cùng lý do.") % {
                "n": batch.imported_count, "r": batch.rejected_rows.count()})  # fmt: skip
            return redirect("institutions:batch_detail", pk=batch.pk)
        analysis = imports.analyse(path, user=request.user, unit=unit, kind=kind, rnd=rnd)
    except (ValidationError, UserError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        request.session.pop(SESSION_KEY, None)
        return redirect("institutions:import_upload")
    return render(request, "institutions/import_preview.html", {
        "analysis": analysis, "pending": pending, "unit": unit, "rnd": rnd,
        "records": [_summary(kind, r) for r in analysis.records],
    })  # fmt: skip


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
