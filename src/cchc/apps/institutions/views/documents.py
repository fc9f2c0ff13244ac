"""The register of legal documents a unit drafts or applies: list with filters and paging, export, detail
(with the reviews of the document), add and edit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc.apps.core.params import id_param
from cchc.apps.org.access import Obj, declare, require_capability, visible_units
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.errors import UserError
from cchc.domain.institutions import review as rules

from .. import exports, selectors, services
from ..forms import DocumentForm
from ..models import Relation

VIEW, MANAGE = "institutions.view", services.MANAGE


def _filters(request: AuthenticatedRequest) -> dict:
    return {
        "query": request.GET.get("q", "").strip(),
        "unit_id": id_param(request.GET, "unit"),
        "effect": request.GET.get("effect", "").strip(),
        "relation": request.GET.get("relation", "").strip(),
        "doc_type": request.GET.get("type", "").strip(),
    }


@declare(VIEW)
@login_required
def document_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, VIEW)
    f = _filters(request)
    docs = selectors.documents(user=request.user, **f)
    page = Paginator(docs, 50).get_page(request.GET.get("page"))
    return render(request, "institutions/document_list.html", {
        "page": page, "total": page.paginator.count, **f, "units": visible_units(request.user).filter(is_active=True),
        "effects": rules.load_rules().effects.values(), "relations": Relation.choices,
        "doc_types": selectors.doc_types(user=request.user), "query_string": request.GET.urlencode(),
    })  # fmt: skip


@declare(VIEW)
@login_required
def document_export(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, VIEW)
    return exports.documents_xlsx(list(selectors.documents(user=request.user, **_filters(request))))


@declare(VIEW, pk=Obj("institutions.LegalDocument"))
@login_required
def document_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, VIEW)
    doc = selectors.document_detail(user=request.user, pk=pk)
    return render(
        request,
        "institutions/document_detail.html",
        {"doc": doc, "items": selectors.document_items(user=request.user, document=doc)},
    )


@declare(MANAGE, MANAGE)
@login_required
def document_create(request: AuthenticatedRequest) -> HttpResponse:
    return _edit(request, None)


@declare(MANAGE, MANAGE, pk=Obj("institutions.LegalDocument"))
@login_required
def document_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _edit(request, pk)


def _edit(request: AuthenticatedRequest, pk: int | None) -> HttpResponse:
    require_capability(request.user, MANAGE)
    doc = selectors.document_detail(user=request.user, pk=pk) if pk else None
    form = DocumentForm(request.POST or None, instance=doc, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_document(actor=request.user, document=form.save(commit=False))
        except (UserError, ValidationError) as exc:
            messages.error(request, str(exc) if isinstance(exc, UserError) else " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu văn bản %(s)s.") % {"s": saved.symbol})
            return redirect("institutions:document_detail", pk=saved.pk)
    return render(request, "institutions/document_form.html", {"form": form, "doc": doc})
