"""Đối chiếu với Cổng DVCQG: upload of the portal's 766 scores, the list of imports, and per unit × period
the portal's scores beside cchc's with every gap explained (docs/analytics.md)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.apps.core.params import id_param
from cchc.apps.org.access import Obj, check_unit, declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.apps.org.selectors import unit_or_404
from cchc.domain.reconcile766 import KINDS, STATUSES
from cchc.domain.reconcile766 import render as render_messages

from .. import reconciliation, services
from ..forms import PortalImportForm, vn_period_label
from ..models import PortalImport
from . import store_guard


@declare("indicators.view", "dossiers.import")
@login_required
def portal_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require_capability(user, "indicators.view")
    may_import = has_capability(user, "dossiers.import")
    form = PortalImportForm(request.POST or None, request.FILES or None, user=user) if may_import else None
    if request.method == "POST":
        require_capability(user, "dossiers.import")
        assert form is not None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            name = upload.name or "cong-dvcqg.csv"
            try:
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / ("tep" + Path(name).suffix.lower())
                    with path.open("wb") as fh:
                        for chunk in upload.chunks():
                            fh.write(chunk)
                    imp = services.import_portal_file(
                        user=user,
                        unit=form.cleaned_data["unit"],
                        path=path,
                        file_name=name,
                        period=form.cleaned_data["period"] or None,
                    )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                messages.success(
                    request,
                    _("Đã nhập %(n)s điểm từ tệp “%(f)s”.") % {"n": imp.rows_count, "f": imp.file_name},
                )
                return redirect("dossiers:portal_detail", pk=imp.pk)
    page = Paginator(reconciliation.portal_imports(user=user), 20).get_page(request.GET.get("page"))
    return render(request, "dossiers/portal_list.html", {"form": form, "page": page})


def _line_rows(rec: Any, *, unit_pk: int, period: str) -> list[dict[str, Any]]:
    """The table's rows: each line with its explanations rendered in the page's language and, for the
    dossiers behind kind (d), the link to the drill-down listing them."""
    drill = reverse("dossiers:drilldown")
    out = []
    for ln in rec.lines:
        explanations = []
        for e in ln.explanations:
            link = ""
            if e.suspects and ln.level == "indicator":
                query = {
                    "unit": unit_pk,
                    "period": vn_period_label(period),
                    "indicator": ln.id,
                    "subset": e.subset,
                }
                link = f"{drill}?{urlencode(query)}"
            explanations.append(
                {
                    "kind": e.kind,
                    "kind_name": _(KINDS[e.kind]),
                    "text": render_messages(e.messages, _),
                    "points": e.points,
                    "needed": e.needed,
                    "suspects": [
                        {"code": s.code, "reasons": "; ".join(render_messages([r], _) for r in s.reasons)}
                        for s in e.suspects
                    ],
                    "link": link,
                }
            )
        out.append(
            {
                "line": ln,
                "name": _(ln.name),
                "status_name": _(STATUSES[ln.status]),
                "explanations": explanations,
            }
        )
    return out


@declare(
    "indicators.view", pk=Obj("dossiers.PortalImport", unit="unit"), query={"unit": Obj("org.Unit", unit="")}
)
@login_required
@store_guard
def portal_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    require_capability(user, "indicators.view")
    imp = get_object_or_404(PortalImport.objects.select_related("unit", "user"), pk=pk)
    check_unit(user, imp.unit)
    items = reconciliation.entries(imp)
    context: dict[str, Any] = {"imp": imp, "unmatched": reconciliation.unmatched(imp)}
    unit_id = id_param(request.GET, "unit")
    period = request.GET.get("period", "").strip()
    if unit_id is not None:
        unit = unit_or_404(unit_id)
        check_unit(user, unit)
        chosen = next(
            (
                e
                for e in items
                if e.unit is not None and e.unit.pk == unit.pk and (not period or e.period == period)
            ),
            None,
        )
        if chosen is None:
            messages.info(request, _("Tệp này không có điểm của đơn vị và kỳ đã chọn."))
            return redirect("dossiers:portal_detail", pk=imp.pk)
        rec = reconciliation.reconciliation(user=user, imp=imp, unit=unit, period=chosen.period)
        context |= {
            "unit": unit,
            "entry": chosen,
            "period_label": vn_period_label(chosen.period),
            "rec": rec,
            "rows": _line_rows(rec, unit_pk=unit.pk, period=chosen.period) if rec else [],
            "kinds": [(k, _(v)) for k, v in KINDS.items() if k != "tong_hop"],
        }
        return render(request, "dossiers/portal_unit.html", context)
    context["entries"] = [
        {"entry": e, "label": vn_period_label(e.period)}
        for e in reconciliation.with_local_totals(user=user, items=items)
    ]
    return render(request, "dossiers/portal_detail.html", context)
