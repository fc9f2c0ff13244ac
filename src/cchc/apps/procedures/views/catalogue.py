"""Catalogue pages: scoped list with filters, detail with history and plans, edit, XLSX export."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.params import year_param
from cchc.apps.org.access import Obj, can_access_unit, declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.procedures.exports import write_catalogue_xlsx

from .. import selectors, services
from ..conversions import fee_label, time_limit_label, to_domain_procedure
from ..forms import FilterForm, ProcedureForm
from ..models import Procedure

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def file_response(write, suffix: str, content_type: str, name: str) -> HttpResponse:
    """Run a domain writer into a temporary file and send it as a download."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        write(path)
        data = path.read_bytes()
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _filters(request: AuthenticatedRequest) -> tuple[FilterForm, dict[str, str]]:
    form = FilterForm(
        request.GET or None,
        units=selectors.units_with_procedures(user=request.user),
        fields=selectors.fields_for(user=request.user),
    )
    values = form.cleaned_data if form.is_valid() else {}
    return form, {k: str(v) for k, v in values.items() if k in selectors.FILTERS}


@declare("procedures.view")
@login_required
def procedure_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "procedures.view")
    form, values = _filters(request)
    qs = selectors.procedure_list(user=request.user, filters=values)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for p in page:
        p.time_label = time_limit_label(p)  # type: ignore[attr-defined]  # for the template
    return render(request, "procedures/procedure_list.html", {
        "form": form, "page": page, "total": qs.count(), "query": request.GET.urlencode(),
        "can_manage": has_capability(request.user, "procedures.manage"),
    })  # fmt: skip


@declare("procedures.view")
@login_required
def catalogue_export(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "procedures.view")
    _form, values = _filters(request)
    procedures = [to_domain_procedure(p) for p in selectors.procedure_list(user=request.user, filters=values)]
    name = f"danh-muc-tthc-{timezone.localdate():%Y%m%d}.xlsx"
    return file_response(lambda path: write_catalogue_xlsx(procedures, path), ".xlsx", XLSX, name)


@declare("procedures.view", pk=Obj("procedures.Procedure"))
@login_required
def procedure_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "procedures.view")
    try:
        procedure = selectors.procedure_detail(user=request.user, pk=pk)
    except Procedure.DoesNotExist as exc:
        raise Http404 from exc
    can_edit = has_capability(request.user, "procedures.manage") and can_access_unit(request.user, procedure.unit, write=True)  # fmt: skip
    plans = procedure.plans.select_related("unit", "cost_parameter").order_by("-year")
    return render(request, "procedures/procedure_detail.html", {
        "procedure": procedure, "time_label": time_limit_label(procedure), "fee_label": fee_label(procedure),
        "versions": procedure.versions.select_related("decision", "created_by", "batch"), "plans": plans,
        "can_edit": can_edit, "current_year": timezone.localdate().year,
        **_channel_context(request, procedure),
    })  # fmt: skip


def _channel_context(request: AuthenticatedRequest, procedure: Procedure) -> dict[str, Any]:
    """Cost by channel on the procedure's page: its record for everyone who reads the catalogue; the year's
    dossier volumes per unit only for who reads the 766 pages (and only their units)."""
    from cchc.apps.dossiers.storage import StoreBusy
    from cchc.domain.procedures.channel_cost import ASSUMPTION

    from ..channels import channel_report, record_view

    year = year_param(request.GET, "nam")
    context: dict[str, Any] = {
        "cost_view": record_view(procedure), "channel_year": year, "channel_assumption": _(ASSUMPTION),
        "channel_report": None, "channel_busy": "",
    }  # fmt: skip
    if has_capability(request.user, "indicators.view"):
        try:
            context["channel_report"] = channel_report(
                user=request.user, period=str(year), procedure=procedure, wait_seconds=0
            )
        except StoreBusy as exc:
            context["channel_busy"] = str(exc)
    return context


@declare("procedures.manage", "procedures.manage", pk=Obj("procedures.Procedure"))
@login_required
def procedure_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    require_capability(request.user, "procedures.manage")
    procedure = None
    if pk is not None:
        try:
            procedure = selectors.procedure_detail(user=request.user, pk=pk)
        except Procedure.DoesNotExist as exc:
            raise Http404 from exc
    form = ProcedureForm(request.POST or None, instance=procedure, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = services.save_procedure(user=request.user, procedure=form.save(commit=False))
        messages.success(request, _("Đã lưu thủ tục %(code)s.") % {"code": saved.code})
        return redirect("procedures:procedure_detail", pk=saved.pk)
    return render(request, "procedures/procedure_form.html", {"form": form, "procedure": procedure})
