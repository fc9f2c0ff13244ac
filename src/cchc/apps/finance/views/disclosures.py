"""The budget-disclosure register (TT 61/2017/TT-BTC Điều 6): duties per unit and year with their due
dates, status and proof of publication; late or missing ones listed first for the leader."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.core.params import year_param
from cchc.apps.org.access import (
    Obj,
    declare,
    has_capability,
    require_capability,
    visible_units,
)
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.apps.org.selectors import unit_or_404
from cchc.domain.finance import disclosure as dr

from .. import exports, selectors, services
from ..forms import DisclosureForm
from . import common


@declare("finance.view")
@login_required
def register(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.view")
    today = timezone.localdate()
    year = common.year(request)
    rows = selectors.register(user=request.user, year=year, today=today)
    late = [r for r in rows if r.status in (dr.Status.OVERDUE, dr.Status.LATE)]
    ok, judged, value = dr.on_time_share(r.status for r in rows)
    may_manage = has_capability(request.user, "finance.manage")
    return render(request, "finance/register.html", {
        "year": year, "rows": rows, "late": late, "ok": ok, "judged": judged, "share": value,
        "may_manage": may_manage, "units": visible_units(request.user).filter(is_active=True) if may_manage else [],
        "rules": dr.load_rules(),
    })  # fmt: skip


@declare("finance.view")
@login_required
def export(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.view")
    year = common.year(request)
    return exports.disclosures_xlsx(selectors.register(user=request.user, year=year), year)


@declare(None, "finance.manage", unit=Obj("org.Unit", unit=""))
@login_required
@require_POST
def open_year(request: AuthenticatedRequest, unit: int) -> HttpResponse:
    target = unit_or_404(unit)  # the service checks finance.manage and the unit (write)
    year = year_param(request.POST, "year", default=timezone.localdate().year)
    assert year is not None
    created = services.open_year(user=request.user, unit=target, year=year)
    messages.success(request, _("Đã lập %(n)s nghĩa vụ công khai năm %(y)s của %(u)s.") % {
        "n": len(created), "y": year, "u": target.name})  # fmt: skip
    return redirect(reverse("finance:register") + f"?year={year}")


@declare("finance.view", "finance.manage", pk=Obj("finance.Disclosure"))
@login_required
def disclosure_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "finance.view")
    disclosure = selectors.disclosure_detail(user=request.user, pk=pk)
    may_manage = common.may_edit(request.user, disclosure.unit)
    initial = {
        "event_date": disclosure.event_date, "published_on": disclosure.published_on, "form": disclosure.form,
        "link": disclosure.link, "proof_document": disclosure.proof_document, "note": disclosure.note,
    }  # fmt: skip
    documents = selectors.issued_documents(user=request.user) if may_manage else []
    form = DisclosureForm(request.POST or None, request.FILES or None, initial=initial, documents=documents)
    if request.method == "POST":
        require_capability(request.user, "finance.manage")
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["issued_document"] = selectors.issued_document(user=request.user, pk=data["issued_document"])
            if common.save(
                request, form, lambda: services.record_disclosure(user=request.user, disclosure=disclosure, **data),
                lambda _saved: _("Đã ghi nghĩa vụ công khai."),
            ):  # fmt: skip
                return redirect(reverse("finance:register") + f"?year={disclosure.year}")
    rules = dr.load_rules()
    duty = rules.duties.get(disclosure.duty)
    row = next(iter(selectors._rows(type(disclosure).objects.filter(pk=disclosure.pk), timezone.localdate())))
    return render(request, "finance/disclosure_detail.html", {
        "d": disclosure, "duty": duty, "row": row, "form": form if may_manage else None,
    })  # fmt: skip
