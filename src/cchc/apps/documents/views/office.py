"""Văn thư and lưu trữ pages: registers (+ Excel), incoming mail, verification, hồ sơ, KPI."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.params import year_param
from cchc.apps.org.access import Obj, check_unit, declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.documents.verify import report_vi

from .. import exports, selectors
from ..forms import AddDocumentForm, ArchiveFileForm, IncomingForm, VerifyForm
from ..models import IncomingDocument
from ..services import archive, incoming

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest) -> int:
    return year_param(request.GET)


@declare("documents.view", direction=("di", "den"))
@login_required
def register(request: AuthenticatedRequest, direction: str) -> HttpResponse:
    require_capability(request.user, "documents.view")
    if direction not in ("di", "den"):
        raise Http404
    year = _year(request)
    if direction == "di":
        rows = [exports.outgoing_row(d) for d in selectors.outgoing_register(user=request.user, year=year)]
        columns, title = (
            exports.shown(exports.OUTGOING_COLUMNS),
            _("Sổ đăng ký văn bản đi năm %(y)d") % {"y": year},
        )
    else:
        rows = [exports.incoming_row(d) for d in selectors.incoming_register(user=request.user, year=year)]
        columns, title = (
            exports.shown(exports.INCOMING_COLUMNS),
            _("Sổ đăng ký văn bản đến năm %(y)d") % {"y": year},
        )
    if request.GET.get("format") == "xlsx":
        data = exports.register_xlsx(title, columns, rows)
        name = f"so-van-ban-{direction}-{year}.xlsx"
        return HttpResponse(
            data, content_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'}
        )
    context = {"rows": rows, "columns": columns, "title": title, "year": year, "direction": direction}
    return render(request, "documents/register.html", context)


@declare("documents.issue", "documents.issue")
@login_required
def incoming_create(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "documents.issue")
    form = IncomingForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload, unit = data.pop("upload"), data.pop("receiving_unit")
        doc = incoming.register_incoming(
            user=request.user, receiving_unit=unit, data=data, pdf=upload.read() if upload else None
        )
        messages.success(request, _("Đã vào sổ văn bản đến số %(n)d.") % {"n": doc.arrival_number})
        return redirect("documents:incoming_detail", pk=doc.pk)
    return render(request, "documents/incoming_form.html", {"form": form})


@declare("documents.view", pk=Obj("documents.IncomingDocument", unit="receiving_unit"))
@login_required
def incoming_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "documents.view")
    doc = get_object_or_404(IncomingDocument.objects.select_related("receiving_unit"), pk=pk)
    check_unit(request.user, doc.receiving_unit)
    return render(request, "documents/incoming_detail.html", {"doc": doc})


@declare("documents.view", "documents.view")
@login_required
def verify(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "documents.view")
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = incoming.verify_upload(form.cleaned_data["upload"].read())
    report = report_vi(result) if result is not None else ""
    return render(request, "documents/verify.html", {"form": form, "result": result, "report": report})


@declare("documents.view")
@login_required
def archive_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "documents.view")
    files = selectors.archive_files(user=request.user)
    due = {f.pk for f in selectors.archive_due().filter(pk__in=files.values("pk"))}
    return render(request, "documents/archive_list.html", {"files": files, "due": due})


@declare("documents.archive", "documents.archive")
@login_required
def archive_create(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "documents.archive")
    org = request.user.unit.root() if request.user.unit is not None else None
    initial = {
        "file_catalog": timezone.localdate().year,
        "creator": request.user.get_full_name(),
        "unit": request.user.unit_id,
    }
    if org is not None:
        initial["organ_id"] = org.code[:13]
    form = ArchiveFileForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        created = archive.create_archive_file(user=request.user, unit=data.pop("unit"), data=data)
        messages.success(request, _("Đã lập hồ sơ."))
        return redirect("documents:archive_detail", pk=created.pk)
    return render(request, "documents/archive_form.html", {"form": form})


def _archive_file(request: AuthenticatedRequest, pk: int):  # type: ignore[no-untyped-def]
    require_capability(request.user, "documents.view")
    return get_object_or_404(selectors.archive_files(user=request.user), pk=pk)


@declare("documents.view", "documents.archive", pk=Obj("documents.ArchiveFile"))
@login_required
def archive_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    archive_file = _archive_file(request, pk)
    form = AddDocumentForm(request.POST or None, user=request.user)
    if request.method == "POST":
        require_capability(request.user, "documents.archive")
        if form.is_valid():
            try:
                archive.add_document(
                    user=request.user, archive_file=archive_file, document=form.cleaned_data["document"]
                )
                messages.success(request, _("Đã đưa văn bản vào hồ sơ và ghi giá trị băm SHA-256."))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("documents:archive_detail", pk=pk)
    items = archive_file.items.select_related("document").prefetch_related("checks")
    context = {
        "file": archive_file,
        "items": items,
        "form": form,
        "can_archive": has_capability(request.user, "documents.archive"),
    }
    return render(request, "documents/archive_detail.html", context)


@declare("documents.view", pk=Obj("documents.ArchiveFile"))
@login_required
def archive_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    archive_file = _archive_file(request, pk)
    name = f"hoso-{archive_file.file_catalog}-{archive_file.file_notation}.zip".replace("/", "-")
    return HttpResponse(
        archive.export_zip(archive_file), content_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip


@declare("documents.view")
@login_required
def kpi(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "documents.view")
    year = _year(request)
    rows, total = selectors.e_signature_kpi(
        user=request.user, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31)
    )
    context = {"rows": rows, "total": total, "year": year, "target": selectors.KPI_TARGET}
    return render(request, "documents/kpi.html", context)
