"""The evidence library: every file attached to criteria, in any year, with its fixity hash and the years
it served; uploads and files cchc already stores (issued documents, task evidence) enter it once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.core.errors import report
from cchc.apps.core.params import id_param
from cchc.apps.core.uploads import check_upload
from cchc.apps.org.access import declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.errors import UserError

from .. import selectors, services
from .entries import EVIDENCE_EXTENSIONS


@declare("assessment.view", "assessment.fill")
@login_required
def library(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "assessment.view")
    if request.method == "POST":
        require_capability(request.user, "assessment.fill")
        try:
            if request.POST.get("action") == "reference":
                model, _sep, raw_pk = request.POST.get("ref", "").rpartition(":")
                pk = id_param({"pk": raw_pk}, "pk")
                if pk is None:
                    raise UserError(_("Chọn một văn bản hoặc minh chứng nhiệm vụ."))
                evidence = services.reference_evidence(user=request.user, model=model, pk=pk)
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise UserError(_("Chọn tệp để tải lên."))
                check_upload(upload, extensions=EVIDENCE_EXTENSIONS, label=_("tệp tài liệu kiểm chứng"))
                evidence = services.upload_evidence(
                    user=request.user, upload=upload, name=request.POST.get("name", "")
                )
        except Exception as exc:
            report(request, exc)
        else:
            messages.success(
                request, _("“%(n)s” có trong thư viện tài liệu kiểm chứng.") % {"n": evidence.name}
            )
        return redirect("assessment:library")
    query = request.GET.get("q", "").strip()[:100]
    files = list(selectors.library(user=request.user)[:200])
    can_add = has_capability(request.user, "assessment.fill")
    years, links = selectors.linked_years(files), selectors.reference_links(files)
    rows = [{"f": f, "url": links.get(f.pk, ""), "years": years.get(f.pk, [])} for f in files]
    return render(request, "assessment/library.html", {
        "rows": rows, "can_add": can_add, "q": query, "extensions": ", ".join(EVIDENCE_EXTENSIONS),
        "candidates": selectors.candidates(user=request.user, query=query, limit=20) if can_add else [],
        "can_verify": has_capability(request.user, "assessment.manage"),
    })  # fmt: skip


@declare(None, "assessment.manage")
@require_POST
@login_required
def verify(request: AuthenticatedRequest) -> HttpResponse:
    """Re-verify every library file's fixity hash (the coordinator's button; `cchc assessment verify-evidence`)."""
    require_capability(request.user, "assessment.manage")
    results = services.verify_evidence(user=request.user)
    bad = [r for r in results if r.status != "ok"]
    if bad:
        messages.error(request, _("Đã kiểm tra lại %(n)s tài liệu: %(b)s tài liệu bị thay đổi hoặc không còn tệp: %(names)s.")
                       % {"n": len(results), "b": len(bad), "names": "; ".join(r.evidence.name for r in bad[:10])})  # fmt: skip
    else:
        messages.success(request, _("Đã kiểm tra lại %(n)s tài liệu: mã băm đều khớp.") % {"n": len(results)})
    return redirect("assessment:library")
