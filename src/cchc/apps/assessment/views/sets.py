"""Criteria sets: the versions stored, one version's tree, its XLSX, the coordinator's edit in the browser
(saved as a new version) and the import of a province's XLSX table with a preview."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cchc.apps.core.errors import report
from cchc.apps.core.params import int_param
from cchc.apps.core.uploads import check_upload
from cchc.apps.org.access import Obj, declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.assessment.criteria import FIELDS, NA_POLICIES, RULE_KINDS, CriteriaError, parse_set
from cchc.domain.assessment.table import read_table, write_table

from .. import selectors, services
from ..models import CriteriaSetVersion
from .common import XLSX, file_response

SESSION_KEY = "assessment_set_import"
SET_OBJ = Obj("assessment.CriteriaSetVersion", unit=None)
EDIT_KEYS = ("code", "name", "max", "rule", "bands", "lower_is_better", "per", "floor", "no_points", "na", "evidence", "source", "note")  # fmt: skip
BLANK_ROWS = 5


def _version(pk: int) -> CriteriaSetVersion:
    return get_object_or_404(CriteriaSetVersion, pk=pk)


@declare("assessment.view")
@login_required
def set_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    if selectors.may_manage(request.user) and not selectors.criteria_sets().exists():
        services.ensure_sample_set()
    return render(request, "assessment/sets.html", {
        "sets": selectors.criteria_sets(), "can_manage": selectors.may_manage(request.user),
    })  # fmt: skip


@declare("assessment.view", pk=SET_OBJ)
@login_required
def set_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    version = _version(pk)
    cset = selectors.criteria_set(version)
    return render(request, "assessment/set_detail.html", {
        "version": version, "cset": cset, "rule_kinds": RULE_KINDS, "na_policies": NA_POLICIES,
        "can_manage": selectors.may_manage(request.user), "used": version.assessments.count(),
    })  # fmt: skip


@declare("assessment.view", pk=SET_OBJ)
@login_required
def set_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    version = _version(pk)
    buf = io.BytesIO()
    write_table(selectors.criteria_set(version), buf)
    return file_response(buf.getvalue(), f"bo-tieu-chi-{version.code}-{version.version}.xlsx", XLSX)


def _rows_from_post(post: Any) -> list[dict[str, Any]]:
    rows = []
    count = int_param(post, "rows", default=0, minimum=0, maximum=100_000) or 0
    for i in range(min(count, 500)):
        row = {k: post.get(f"r{i}-{k}", "").strip() for k in EDIT_KEYS}
        if not any(row.values()):
            continue
        row["lower_is_better"] = row["lower_is_better"] == "1"
        rows.append({k: v for k, v in row.items() if v not in ("", False)})
    return rows


@declare("assessment.manage", "assessment.manage", pk=SET_OBJ)
@login_required
def set_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "assessment.manage")
    version = _version(pk)
    header = dict(version.header)
    rows = [dict(r) for r in version.rows]
    problems: list[Any] = []
    if request.method == "POST":
        header = {
            k: request.POST.get(k, "").strip()
            for k in ("code", "name", "version", "year", "basis", "scale", "survey_max")
        }
        header["sample"] = request.POST.get("sample") == "1"
        if not header["year"]:
            header.pop("year")
        rows = _rows_from_post(request.POST)
        try:
            saved = services.edit_criteria_set(user=request.user, base=version, header=header, rows=rows)
        except CriteriaError as exc:
            problems = exc.problems
            messages.error(
                request,
                _("Bộ tiêu chí chưa lưu: có %(n)s lỗi, xem từng dòng bên dưới.") % {"n": len(problems)},
            )
        except Exception as exc:
            report(request, exc)
        else:
            messages.success(
                request,
                _("Đã lưu phiên bản “%(v)s”; các năm đã chấm giữ phiên bản cũ.") % {"v": saved.version},
            )
            return redirect("assessment:set_detail", pk=saved.pk)
    for row in rows:
        if isinstance(row.get("evidence"), list):
            row["evidence"] = "; ".join(row["evidence"])
        if isinstance(row.get("bands"), list):
            row["bands"] = "; ".join(f"{a}:{b}" for a, b in row["bands"])
    padded = rows + [{} for _i in range(BLANK_ROWS)]
    by_row: dict[int, list[Any]] = {}
    for p in problems:
        by_row.setdefault(p.row or 0, []).append(p)
    return render(request, "assessment/set_edit.html", {
        "version": version, "header": header, "count": len(padded),
        "rows": [(i, [(k, r.get(k, "")) for k in EDIT_KEYS], by_row.get(i + 1, [])) for i, r in enumerate(padded)],
        "labels": [FIELDS[k] for k in EDIT_KEYS], "width": len(EDIT_KEYS), "head_problems": by_row.get(0, []),
        "rule_kinds": RULE_KINDS, "na_policies": NA_POLICIES,
    })  # fmt: skip


@declare("assessment.manage", "assessment.manage")
@login_required
def set_import(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "assessment.manage")
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                from cchc.domain.errors import UserError

                raise UserError(_("Chọn tệp Excel (.xlsx) của bộ tiêu chí."))
            check_upload(upload, extensions=(".xlsx",), label=_("tệp bộ tiêu chí"))
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "bo-tieu-chi.xlsx"
                path.write_bytes(upload.read())
                table = read_table(path, name=upload.name or "")
        except Exception as exc:
            report(request, exc)
            return redirect("assessment:set_import")
        request.session[SESSION_KEY] = {
            "file_name": upload.name, "header": _jsonable(table.header), "rows": [_jsonable(r) for r in table.rows],
            "numbers": table.row_numbers, "ignored": table.ignored,
        }  # fmt: skip
        return redirect("assessment:set_import_preview")
    return render(request, "assessment/set_import.html", {"fields": FIELDS, "rule_kinds": RULE_KINDS})


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, str | int | bool) or v is None else str(v)) for k, v in row.items()}


@declare("assessment.manage", "assessment.manage")
@login_required
def set_import_preview(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "assessment.manage")
    pending = request.session.get(SESSION_KEY)
    if not pending:
        raise Http404
    header = dict(pending["header"])
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("set-") and value.strip():
            header[key[4:]] = value.strip()
    cset, problems = None, []
    try:
        cset = parse_set(
            header, pending["rows"], row_numbers=pending["numbers"], known_sources=services.known_sources()
        )
    except CriteriaError as exc:
        problems = exc.problems
    if request.method == "POST" and request.POST.get("confirm") == "1" and cset is not None:
        try:
            saved = services.save_criteria_set(user=request.user, cset=cset, origin="xlsx")
        except Exception as exc:
            report(request, exc)
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _("Đã nhập bộ tiêu chí “%(n)s” phiên bản “%(v)s”.") % {"n": saved.name, "v": saved.version},
            )
            return redirect("assessment:set_detail", pk=saved.pk)
    return render(request, "assessment/set_import_preview.html", {
        "pending": pending, "header": header, "cset": cset, "problems": problems, "rule_kinds": RULE_KINDS,
    })  # fmt: skip
