"""Directive pages: list, detail, upload → review → confirm, and creation by hand. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.org.access import Obj, declare, require_capability, visible_units
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.dates import format_vn_date, parse_vn_date
from cchc.domain.directives import DirectiveInputError
from cchc.domain.directives.deadline_checks import deadline_warnings
from cchc.domain.directives.reader import ScannedPdf

from .. import selectors, services
from ..extraction import highlighted, initial_tasks, read_and_extract
from ..forms import DirectiveForm, ManualTaskFormSet, TaskDraftFormSet, UploadForm
from ..models import ImportDraft
from ..services.calendar import calendar
from ..services.ocr import create_scanned_draft


@declare("directives.view")
@login_required
def directive_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "directives.view")
    qs = selectors.directive_list(user=request.user, query=request.GET.get("q", ""))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request, "directives/directive_list.html", {"page": page, "query": request.GET.get("q", "")}
    )


@declare("directives.view", pk=Obj("directives.Directive"))
@login_required
def directive_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "directives.view")
    directive, tasks = selectors.directive_detail(user=request.user, pk=pk)
    today = timezone.localdate()
    rows = [(t, selectors.task_state(t, today=today)) for t in tasks]
    return render(
        request, "directives/directive_detail.html", {"directive": directive, "rows": rows, "today": today}
    )


def _units(request: AuthenticatedRequest):
    return visible_units(request.user).order_by("path")


@declare("directives.import", "directives.import")
@login_required
def directive_upload(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "directives.import")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        data = f.read()
        try:
            text, parsed = read_and_extract(data=data, name=f.name, units=list(_units(request)))
        except ScannedPdf:
            # a scan: read by OCR in the background; the review screen shows the pages done until it is ready
            draft = create_scanned_draft(user=request.user, name=f.name, data=data)
            return redirect("directives:directive_review", pk=draft.pk)
        except DirectiveInputError as exc:
            form.add_error("file", str(exc))
        else:
            if not parsed.get("tasks"):
                form.add_error(
                    "file",
                    _(
                        "Không tìm thấy nhiệm vụ nào trong tệp: có thể đây không phải văn bản chỉ đạo. Hãy kiểm tra tệp hoặc tạo văn bản thủ công."
                    ),
                )
            else:
                draft = services.import_draft_create(
                    user=request.user, name=f.name, data=data, text=text, parsed=parsed
                )
                return redirect("directives:directive_review", pk=draft.pk)
    return render(request, "directives/upload.html", {"form": form})


def _save(request: AuthenticatedRequest, form: DirectiveForm, formset, draft: ImportDraft | None):
    tasks = [t for t in (f.to_input() for f in formset) if t is not None]
    if draft is not None:
        return services.directive_confirm_draft(
            user=request.user, draft=draft, directive=form.to_input(), tasks=tasks
        )
    return services.directive_create(user=request.user, directive=form.to_input(), tasks=tasks)


def _edit(request: AuthenticatedRequest, draft: ImportDraft | None) -> HttpResponse:
    units = _units(request)
    low_forms: list[tuple[str, int]] = []
    duplicate = None
    deadline_notes: list[str] = []
    if draft is not None:
        parsed = draft.parsed
        duplicate = selectors.same_letter(
            number=parsed.get("doc_number") or "",
            issuer=parsed.get("issuer") or "",
            issued_on=parse_vn_date(parsed.get("signed_date") or ""),
            text=draft.text,
        )
    if request.method == "POST":
        form = DirectiveForm(request.POST, units=units)
        fs_class = TaskDraftFormSet if draft else ManualTaskFormSet
        formset = fs_class(request.POST, prefix="tasks", form_kwargs={"units": units})
        if draft is not None and form.is_valid():
            d = form.cleaned_data
            duplicate = duplicate or selectors.same_letter(
                number=d["number"], issuer=d["issuer"], issued_on=d["issued_on"], text=""
            )
        if duplicate is not None and not request.POST.get("confirm_duplicate"):
            messages.error(
                request,
                _(
                    "Văn bản này đã được nhập (số %(n)s, ngày %(d)s). Đánh dấu “Vẫn nhập văn bản này” nếu muốn tạo thêm một bản."
                )
                % {
                    "n": duplicate.number or "—",
                    "d": duplicate.issued_on.strftime("%d/%m/%Y") if duplicate.issued_on else "—",
                },
            )
        elif (
            form.is_valid()
            and formset.is_valid()
            and (request.POST.get("confirm_deadlines") or not (deadline_notes := _deadline_notes(formset)))
        ):
            try:
                directive = _save(request, form, formset, draft)
            except ValidationError as exc:
                for msg in exc.messages:
                    messages.error(request, msg)
            else:
                messages.success(
                    request,
                    _("Đã tạo văn bản %(n)s với %(c)s nhiệm vụ.")
                    % {"n": directive.number or directive.subject[:40], "c": directive.tasks.count()},
                )
                return redirect("directives:directive_detail", pk=directive.pk)
        elif deadline_notes:
            messages.warning(request, _("Xem lại các thời hạn được nêu bên dưới rồi xác nhận."))
        else:
            messages.error(request, _("Thông tin chưa hợp lệ, xem các ô được đánh dấu."))
    else:
        parsed = draft.parsed if draft else {}
        default_unit = (
            request.user.unit
            if request.user.unit and units.filter(pk=request.user.unit_id).exists()
            else None
        )
        signed = parse_vn_date(parsed.get("signed_date") or "")
        form = DirectiveForm(
            units=units,
            initial={
                "doc_type": parsed.get("doc_type") or "",
                "number": parsed.get("doc_number") or "",
                "issued_on": signed.strftime("%d/%m/%Y") if signed else "",
                "issuer": parsed.get("issuer") or "",
                "subject": parsed.get("subject") or "",
                "signer": parsed.get("signer") or "",
                "unit": default_unit,
                "cited": "\n".join(parsed.get("cited_documents") or []),
            },
        )
        if draft:
            rows = initial_tasks(parsed, list(units))
            low_forms = [(r["number"], i) for i, r in enumerate(rows) if r["low"]]
            formset = TaskDraftFormSet(prefix="tasks", initial=rows, form_kwargs={"units": units})
        else:
            formset = ManualTaskFormSet(prefix="tasks", form_kwargs={"units": units})
    context = {
        "form": form,
        "formset": formset,
        "low_forms": low_forms,
        "duplicate": duplicate,
        "deadline_notes": deadline_notes,
        "draft": draft,
        "highlighted": highlighted(draft.text, draft.parsed) if draft else None,
    }
    return render(request, "directives/review.html", context)


def _deadline_notes(formset) -> list[str]:
    """Deadlines to confirm before saving: past ones, and ones on a day off (due the next working day)."""
    today = timezone.localdate()
    notes = []
    for i, f in enumerate(formset.forms, start=1):
        data = getattr(f, "cleaned_data", None) or {}
        if not data or data.get("DELETE"):
            continue
        notes.extend(deadline_notes(data.get("number") or str(i), data.get("deadline"), today=today))
    return notes


def deadline_notes(label: str, deadline, *, today) -> list[str]:
    """What to confirm about one task's deadline: in the past, or on a day off (due the next working day).
    The review screen, "Tạo thủ công", adding a task and changing a deadline all ask the same."""
    notes = []
    for w in deadline_warnings(deadline, today=today, cal=calendar()):
        if w.kind == "past":
            notes.append(
                _("Nhiệm vụ %(n)s: thời hạn %(d)s đã qua (hôm nay là %(t)s). Kiểm tra lại năm của thời hạn.")
                % {"n": label, "d": format_vn_date(w.deadline), "t": format_vn_date(today)}
            )
        else:
            notes.append(
                _(
                    "Nhiệm vụ %(n)s: thời hạn %(d)s là ngày nghỉ%(h)s; hạn xử lý sẽ là ngày làm việc tiếp theo "
                    "%(w)s. Giữ như vậy hoặc sửa thời hạn."
                )
                % {
                    "n": label,
                    "d": format_vn_date(w.deadline),
                    "h": f" ({w.day_name})" if w.day_name else "",
                    "w": format_vn_date(w.due_on),
                }
            )
    return notes


@declare(
    "directives.import", "directives.import", pk=Obj("directives.ImportDraft", unit=None, owner="created_by")
)
@login_required
def directive_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "directives.import")
    draft = get_object_or_404(ImportDraft, pk=pk, created_by=request.user)
    if draft.directive_id:
        messages.info(request, _("Văn bản này đã được xác nhận."))
        return redirect("directives:directive_detail", pk=draft.directive_id)
    if draft.ocr_waiting or draft.ocr_status == "failed":
        return render(request, "directives/ocr_progress.html", {"draft": draft})
    return _edit(request, draft)


@declare("directives.import", "directives.import")
@login_required
def directive_create(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "directives.import")
    return _edit(request, None)
