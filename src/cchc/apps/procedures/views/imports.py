"""Import flow: upload → preview (nothing written) → "import all" or "valid rows only" → batch page,
where rejected rows can be fixed and re-imported one by one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cchc.apps.org.access import Obj, check_unit, declare, require_capability, scope_queryset
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.apps.org.selectors import unit_or_404
from cchc.domain.numbers import format_number

if TYPE_CHECKING:  # annotations only: the view reads units through org.selectors
    from cchc.apps.org.models import Unit

from .. import imports
from ..forms import RejectedRowForm, UploadForm
from ..models import ImportBatch, RejectedRow

SESSION_KEY = "procedures_import"


@declare("procedures.manage", "procedures.manage")
@login_required
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "procedures.manage")
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        check_unit(request.user, data["unit"], write=True)
        request.session[SESSION_KEY] = {
            "token": imports.stash_upload(data["file"]),
            "file_name": data["file"].name,
            "unit": data["unit"].pk,
            "year": data.get("year"),
            "decision_number": data.get("decision_number") or "",
            "decision_date": data["decision_date"].isoformat() if data.get("decision_date") else "",
        }
        return redirect("procedures:import_preview")
    batches = scope_queryset(request.user, ImportBatch.objects.select_related("unit", "created_by"))[:20]
    return render(request, "procedures/import_upload.html", {"form": form, "batches": batches})


def _pending(request: AuthenticatedRequest) -> tuple[dict, Unit]:
    pending = request.session.get(SESSION_KEY)
    if not pending:
        raise Http404
    unit = unit_or_404(pending["unit"])
    check_unit(request.user, unit, write=True)
    return pending, unit


@declare("procedures.manage", "procedures.manage")
@login_required
def import_preview(request: AuthenticatedRequest) -> HttpResponse:
    """Nothing is written until the user confirms: new / changed (with each change) / unchanged rows, name
    conflicts and the targets the rows would move are shown first (imports.preview)."""
    require_capability(request.user, "procedures.manage")
    pending, unit = _pending(request)
    try:
        path = imports.stashed_path(pending["token"])
        if request.method == "POST":
            valid_only = request.POST.get("mode") == "valid"
            changes = request.POST.get("changes")
            batch = imports.import_file(
                path, user=request.user, unit=unit, file_name=pending["file_name"], valid_only=valid_only,
                decision_number=pending["decision_number"], year=pending["year"],
                decision_date=date.fromisoformat(pending["decision_date"]) if pending["decision_date"] else None,
                changes=changes if changes in (imports.Changes.APPLY, imports.Changes.NEW_ONLY) else None,
                confirm_conflicts=request.POST.get("confirm_conflicts") == "1",
                expected=request.POST.get("fingerprint", ""),
            )  # fmt: skip
            path.unlink(missing_ok=True)
            del request.session[SESSION_KEY]
            messages.success(request, _("Đã nhập %(n)s dòng; %(r)s dòng lỗi được giữ lại để sửa.") % {
                "n": batch.imported_count, "r": batch.rejected_rows.count()})  # fmt: skip
            return redirect("procedures:batch_detail", pk=batch.pk)
        result = imports.preview(path, user=request.user, unit=unit, year=pending["year"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        if request.method == "POST" and isinstance(exc, imports.ImportRefused):
            return redirect("procedures:import_preview")
        request.session.pop(SESSION_KEY, None)
        return redirect("procedures:import_upload")
    rows = [_row(o) for o in result.outcomes]
    return render(request, "procedures/import_preview.html", {
        "analysis": result.analysis, "pending": pending, "unit": unit, "preview": result, "rows": rows,
        "counts": result.counts, "effects": result.effects, "changed_rows": [r for r in rows if r["kind"] == "changed"],
    })  # fmt: skip


def _row(outcome: imports.Outcome) -> dict:
    """One parsed row for the preview table: its kind, name conflict and changes, with a short description."""
    summary = _summary(outcome.record)
    stored = next((d.stored_name for d in outcome.diffs if d.name_conflict), "")
    return {
        **summary,
        "kind": outcome.kind.value if outcome.diffs else "",
        "kind_label": imports.kind_label(outcome.kind) if outcome.diffs else "",
        "conflict": stored,
        "changes": [(d.target, c) for d in outcome.diffs for c in d.changes],
    }


def _summary(record) -> dict[str, str]:
    """Code, name and a short description of a parsed record for the preview table."""
    procedure = getattr(record, "procedure", None)
    if procedure is not None:
        limit = procedure.time_limit.label() if procedure.time_limit else ""
        return {"row": record.row_number, "code": procedure.code, "name": procedure.name, "detail": limit}
    if hasattr(record, "before") and hasattr(record.before, "working_days"):
        detail = _("%(a)s → %(b)s ngày làm việc") % {
            "a": format_number(record.before.working_days, 2, strip_zeros=True),
            "b": format_number(record.after.working_days, 2, strip_zeros=True),
        }
        return {"row": record.row_number, "code": record.code, "name": record.name, "detail": detail}
    if hasattr(record, "label"):
        return {
            "row": "",
            "code": ", ".join(record.procedure_codes),
            "name": record.description,
            "detail": record.label(),
        }
    rows = getattr(record, "row_numbers", ()) or ("",)
    return {"row": rows[0], "code": record.code, "name": record.name, "detail": ""}


@declare("procedures.view", pk=Obj("procedures.ImportBatch"))
@login_required
def batch_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "procedures.view")
    batch = get_object_or_404(
        scope_queryset(request.user, ImportBatch.objects.select_related("unit", "decision")), pk=pk
    )
    rows = list(batch.rejected_rows.all())
    for row in rows:
        row.fixable = imports.row_fixable(row)
    changed = [r for r in (batch.summary or {}).get("rows", []) if r.get("kind") == "changed"]
    return render(
        request, "procedures/batch_detail.html", {"batch": batch, "rows": rows, "changed_rows": changed}
    )


@declare("procedures.manage", "procedures.manage", pk=Obj("procedures.RejectedRow", unit="batch__unit"))
@login_required
def row_fix(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "procedures.manage")
    qs = scope_queryset(
        request.user, RejectedRow.objects.select_related("batch__unit"), unit_field="batch__unit"
    )
    row = get_object_or_404(qs, pk=pk)
    check_unit(request.user, row.batch.unit, write=True)
    form = RejectedRowForm(request.POST or None, headers=row.batch.headers or list(row.raw), raw=row.raw)
    if request.method == "POST" and form.is_valid():
        try:
            reasons = imports.reimport_row(user=request.user, row=row, values=form.values())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("procedures:batch_detail", pk=row.batch_id)
        if not reasons:
            messages.success(request, _("Đã nhập lại dòng %(n)s.") % {"n": row.row_number})
            return redirect("procedures:batch_detail", pk=row.batch_id)
        messages.error(request, _("Dòng vẫn còn lỗi, xem lý do bên dưới."))
    return render(request, "procedures/row_fix.html", {"row": row, "form": form})
