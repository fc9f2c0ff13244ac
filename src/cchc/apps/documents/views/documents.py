"""Outgoing documents: draft, preview, submit, sign, seal and issue, download. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.core.downloads import file_response
from cchc.apps.org.access import Obj, check_unit, declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.documents.signing import SigningFailed

from .. import selectors
from ..forms import DraftForm
from ..models import OutgoingDocument, Status
from ..services import drafting, signing


def _visible(request: AuthenticatedRequest, pk: int) -> OutgoingDocument:
    """The document if the user's scope covers its drafting unit (a phòng never sees another's drafts)."""
    require_capability(request.user, "documents.view")
    return get_object_or_404(selectors.documents(user=request.user), pk=pk)


@declare("documents.view")
@login_required
def document_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "documents.view")
    status = request.GET.get("status", "")
    qs = selectors.documents(user=request.user, status=status, query=request.GET.get("q", ""))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/document_list.html",
        {"page": page, "statuses": Status.choices, "status": status, "query": request.GET.get("q", "")},
    )


@declare("documents.draft", "documents.draft", pk=Obj("documents.OutgoingDocument"))
@login_required
def document_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    require_capability(request.user, "documents.draft")
    document = _visible(request, pk) if pk else None
    if document is not None and document.status != Status.DRAFT:
        messages.error(request, _("Chỉ sửa được văn bản ở trạng thái dự thảo."))
        return redirect("documents:detail", pk=document.pk)
    form = DraftForm(request.POST or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        if document is None:
            document = drafting.create_draft(user=request.user, unit=unit, data=data)
        else:
            check_unit(request.user, unit, write=True)
            document.unit = unit
            document = drafting.update_draft(user=request.user, document=document, data=data)
        messages.success(request, _("Đã lưu dự thảo. Xem bản PDF trước khi trình ký."))
        return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/document_form.html", {"form": form, "document": document})


@declare("documents.view", pk=Obj("documents.OutgoingDocument"))
@login_required
def document_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = _visible(request, pk)
    user = request.user
    context = {
        "document": document,
        "signatures": document.signatures.select_related("signer"),
        "can_edit": document.status == Status.DRAFT and has_capability(user, "documents.draft"),
        # Only the designated signer sees "Ký số"; others with the capability may still send it back.
        "can_sign": document.status == Status.PENDING
        and has_capability(user, "documents.sign")
        and signing.is_designated_signer(user, document),
        "can_return": document.status == Status.PENDING and has_capability(user, "documents.sign"),
        "can_issue": document.status == Status.SIGNED and has_capability(user, "documents.issue"),
        "can_issue_paper": document.status == Status.PENDING and has_capability(user, "documents.issue"),
    }
    return render(request, "documents/document_detail.html", context)


def _act(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    document = _visible(request, pk)
    done = {
        "submit": (drafting.submit_for_signing, _("Đã trình ký.")),
        "return": (drafting.return_to_draft, _("Đã trả lại dự thảo để chỉnh sửa.")),
        "sign": (signing.sign_as_person, _("Đã ký số văn bản.")),
        "issue": (signing.seal_and_issue, _("Đã cấp số, ký số cơ quan và ban hành văn bản.")),
        "issue_paper": (signing.issue_paper, _("Đã cấp số văn bản giấy.")),
    }
    service, message = done[action]
    try:
        document = service(user=request.user, document=document)
    except (ValidationError, SigningFailed) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, message + (f" {document.number_symbol}" if document.number else ""))
    return redirect("documents:detail", pk=pk)


@declare(
    None,
    {
        "submit": "documents.draft",
        "return": "documents.sign",
        "sign": "documents.sign",
        "issue": "documents.issue",
        "issue_paper": "documents.issue",
    },
    pk=Obj("documents.OutgoingDocument"),
    action=("submit", "return", "sign", "issue", "issue_paper"),
)
@login_required
@require_POST
def document_action(request: AuthenticatedRequest, pk: int, action: str) -> HttpResponse:
    if action not in {"submit", "return", "sign", "issue", "issue_paper"}:
        raise Http404
    return _act(request, pk, action)


def _download(file: FieldFile, name: str) -> HttpResponseBase:
    return file_response(file, name)  # the one download helper: attachment, safe name, X-Accel option


@declare("documents.view", pk=Obj("documents.OutgoingDocument"), kind=("preview", "docx", "signed"))
@login_required
def document_file(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponseBase:
    document = _visible(request, pk)
    stem = (document.number_symbol or f"du-thao-{document.pk}").replace("/", "-")
    if kind == "preview":  # rendered fresh so the preview shows the current text
        data = drafting.render_preview(document)
        return HttpResponse(data, content_type="application/pdf", headers={"Content-Disposition": "inline"})
    if kind == "docx":
        return _download(document.docx, f"{stem}.docx")
    if kind == "signed":
        return _download(document.signed_pdf, f"{stem}.pdf")
    raise Http404
