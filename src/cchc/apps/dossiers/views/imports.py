"""Import pages: upload → job page with a progress bar → counts, quarantine, resume/rollback/retry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.core.params import int_param
from cchc.apps.org.access import Obj, declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.dossiers import MAPPABLE, given_mapping
from cchc.domain.errors import UserError

from .. import exports, selectors, services
from ..forms import ImportForm
from ..models import ImportJob
from . import store_guard

QUARANTINE_PAGE = 100


@declare("dossiers.import", "dossiers.import")
@login_required
def import_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "dossiers.import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        pending = {
            "name": upload.name,
            "source": form.cleaned_data["source"].strip() or "mot-cua",
            "unknown_codes": form.cleaned_data["unknown_codes"],
        }
        try:
            path = services.keep_upload(user=request.user, upload=upload)
            preview = _preview(path, pending["source"])
            if preview is None or preview.columns.complete:  # nothing to ask (or the job will say why)
                return _queue(request, path, pending, mapping=None)
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            request.session[PENDING] = {**pending, "path": str(path)}
            return redirect("dossiers:import_preview")
    page = Paginator(selectors.import_jobs(user=request.user), 20).get_page(request.GET.get("page"))
    page.object_list = [services.check_import_job_worker(job) for job in page.object_list]
    return render(request, "dossiers/import_list.html", {"form": form, "page": page})


PENDING = "dossiers_import_pending"


def _preview(path: Path, source: str) -> selectors.Preview | None:
    """The columns of a kept upload; None when the file cannot be read here (the job then says why, in
    the words of the import)."""
    try:
        return selectors.preview_file(path, source)
    except UserError:
        return None


def _queue(
    request: AuthenticatedRequest, path: Path, pending: dict[str, str], *, mapping: dict[str, str] | None
) -> HttpResponse:
    job = services.queue_import_job(
        user=request.user,
        path=path,
        file_name=pending["name"],
        source=pending["source"],
        unknown_codes=pending["unknown_codes"],
        mapping=mapping,
    )
    if pending.get("feed_file"):  # a feed's file a person mapped: it follows its job (views/feeds.py)
        services.attach_feed_job(user=request.user, feed_file_id=int(pending["feed_file"]), job=job)
    messages.success(request, _("Đã nhận tệp “%(n)s”; hệ thống đang nhập.") % {"n": job.file_name})
    return redirect("dossiers:import_detail", pk=job.pk)


@declare("dossiers.import", "dossiers.import")
@login_required
def import_preview(request: AuthenticatedRequest) -> HttpResponse:
    """The column-mapping step: each column of the uploaded file → a field or "không dùng", the profile
    detected and how sure it is, look-alike columns flagged; the person may change the mapping, save it as
    the source's profile (used with no question next time) and start the import."""
    require_capability(request.user, "dossiers.import")
    pending = request.session.get(PENDING)
    if not pending:
        messages.info(request, _("Chưa có tệp nào chờ ghép cột; hãy tải tệp lên."))
        return redirect("dossiers:import_list")
    path = Path(pending["path"])
    preview = _preview(path, pending["source"]) if path.is_file() else None
    if preview is None:
        del request.session[PENDING]
        messages.error(request, _("Không đọc được tệp đã tải lên; hãy tải lại tệp."))
        return redirect("dossiers:import_list")
    proposed = preview.columns
    errors: list[str] = []
    chosen = {h: proposed.mapping.get(h, "") for h in proposed.columns}
    if request.method == "POST":
        if "cancel" in request.POST:
            del request.session[PENDING]
            return redirect("dossiers:import_list")
        chosen = {h: request.POST.get(f"col_{i}", "") for i, h in enumerate(proposed.headers) if h in chosen}
        try:
            given = given_mapping(proposed.headers, chosen)
        except UserError as exc:
            errors.append(str(exc))
        else:
            if given.missing:
                errors.append(_("Chưa có cột cho trường bắt buộc: %(f)s.") % {"f": ", ".join(given.missing)})
            else:
                if request.POST.get("save_profile"):
                    services.save_column_profile(
                        user=request.user,
                        source=pending["source"],
                        mapping=given.mapping,
                        ignored=given.ignored,
                    )
                    messages.success(
                        request,
                        _("Đã lưu mẫu cột cho nguồn “%(s)s”; lần sau tệp của nguồn này được ghép tự động.")
                        % {"s": pending["source"]},
                    )
                del request.session[PENDING]
                return _queue(request, path, pending, mapping=chosen)
    rows = [
        {
            "index": i,
            "header": h,
            "samples": preview.samples.get(h, [])[:3],
            "field": chosen.get(h, ""),
            "looks_like": MAPPABLE[proposed.suspect[h]].label if h in proposed.suspect else "",
        }
        for i, h in enumerate(proposed.headers)
        if h in chosen
    ]
    context = {
        "pending": pending,
        "rows": rows,
        "fields": [(f.name, f.label, f.required) for f in MAPPABLE.values()],
        "proposed": proposed,
        "percent": round(100 * proposed.confidence),
        "errors": errors,
    }
    return render(request, "dossiers/import_preview.html", context)


def _job(request: AuthenticatedRequest, pk: int) -> ImportJob:
    require_capability(request.user, "dossiers.import")
    job = get_object_or_404(ImportJob.objects.select_related("user"), pk=pk)
    services.check_job_visible(user=request.user, job=job)
    return services.check_import_job_worker(job)


@declare("dossiers.import", pk=Obj("dossiers.ImportJob", unit=None))
@login_required
@store_guard
def import_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    total, rows = 0, list[dict[str, Any]]()
    if job.finished and job.store_job_id is not None:
        page_no = int_param(request.GET, "page", default=1, minimum=1, maximum=10**9) or 1
        total, rows = selectors.quarantine_rows(
            job=job, limit=QUARANTINE_PAGE, offset=(page_no - 1) * QUARANTINE_PAGE
        )
        page = Paginator(range(total), QUARANTINE_PAGE).get_page(page_no)
    else:
        page = None
    return render(
        request,
        "dossiers/import_detail.html",
        {"job": job, "quarantine": rows, "quarantine_total": total, "page": page},
    )


@declare("dossiers.import", pk=Obj("dossiers.ImportJob", unit=None))
@login_required
def import_status(request: AuthenticatedRequest, pk: int) -> JsonResponse:
    """Polled by the job page (dossiers-progress.js) every second until the job finishes."""
    job = _job(request, pk)
    return JsonResponse(_status(job))


def _status(job: ImportJob) -> dict[str, object]:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": str(job.get_status_display()),
        "percent": job.percent,
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "imported": job.imported,
        "updated": job.updated,
        "quarantined": job.quarantined,
        "duplicates": job.duplicates,
        "error": job.error,
        "finished": job.finished,
    }


@declare(
    None, "dossiers.import", pk=Obj("dossiers.ImportJob", unit=None), action=("resume", "rollback", "retry")
)
@login_required
@require_POST
@store_guard
def import_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    job = _job(request, pk)
    actions = {
        "resume": (services.resume_import_job, _("Đang tiếp tục lô nhập.")),
        "rollback": (services.rollback_import_job, _("Đã hủy lô nhập; dữ liệu hồ sơ giữ nguyên như trước.")),
        "retry": (services.retry_import_job, _("Đang chạy lại lô nhập từ đầu.")),
    }
    if action not in actions:
        return HttpResponse(status=404)
    func, text = actions[action]
    try:
        func(user=request.user, job=job)
        messages.success(request, text)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("dossiers:import_detail", pk=job.pk)


@declare("dossiers.import", pk=Obj("dossiers.ImportJob", unit=None))
@login_required
@store_guard
def quarantine_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return exports.quarantine_file(source=job.source, fmt=request.GET.get("format", "csv"))
