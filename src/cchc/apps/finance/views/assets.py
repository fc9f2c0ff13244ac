"""The public-asset register (../shared/standards.md §11): trụ sở, xe, thiết bị per unit with value, status and,
after the reorganisation, the handling form and its progress; totals per unit; the §11 timers as warnings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.params import id_param
from cchc.apps.org.access import (
    Obj,
    declare,
    require_capability,
    visible_units,
)
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.finance import assets as ar

from .. import exports, selectors, services
from ..forms import AssetForm
from . import common


def _filters(request: AuthenticatedRequest) -> dict[str, Any]:
    rules = ar.load_rules()
    kind = request.GET.get("kind", "")
    return {
        "unit_id": id_param(request.GET, "unit"),
        "kind": kind if kind in rules.kinds else "",
        "pending": request.GET.get("pending") == "1",
    }


@declare("finance.view")
@login_required
def register(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.view")
    filters = _filters(request)
    qs = selectors.assets(user=request.user, **filters)
    today = timezone.localdate()
    return render(request, "finance/assets.html", {
        "rows": [selectors.asset_row(a, today) for a in qs], "totals": selectors.asset_totals(qs),
        "filters": filters, "rules": ar.load_rules(), "units": visible_units(request.user).filter(is_active=True),
        "reports": list(ar.load_rules().reports.values()),
    })  # fmt: skip


@declare("finance.view")
@login_required
def export(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.view")
    today = timezone.localdate()
    qs = selectors.assets(user=request.user, **_filters(request))
    return exports.assets_xlsx([selectors.asset_row(a, today) for a in qs])


def _save(request: AuthenticatedRequest, form: forms.Form, asset: Any = None) -> Any:
    data = dict(form.cleaned_data)
    unit, code = data.pop("unit"), data.pop("code")
    for name in ("handling_form", "handling_decision", "note"):
        data[name] = data.get(name) or ""
    return common.save(
        request, form,
        lambda: services.save_asset(user=request.user, unit=unit, code=code, asset=asset, **data),
        lambda saved: _("Đã ghi tài sản %(c)s.") % {"c": saved.code},
    )  # fmt: skip


@declare("finance.manage", "finance.manage")
@login_required
def create(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "finance.manage")
    form = AssetForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form)
        if saved is not None:
            return redirect("finance:asset_detail", pk=saved.pk)
    return render(request, "finance/asset_form.html", {"form": form})


@declare("finance.view", "finance.manage", pk=Obj("finance.Asset"))
@login_required
def detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "finance.view")
    asset = selectors.asset_detail(user=request.user, pk=pk)
    form, saved = common.edit_form(
        request,
        AssetForm,
        asset,
        ("code", *services.ASSET_FIELDS),
        lambda f: _save(request, f, asset) is not None,
    )
    if saved:
        return redirect("finance:asset_detail", pk=asset.pk)
    return render(request, "finance/asset_detail.html", {
        "row": selectors.asset_row(asset, timezone.localdate()), "form": form,
        "may_delete": common.may_edit(request.user, asset.unit),
    })  # fmt: skip


@declare("finance.manage", "finance.manage", pk=Obj("finance.Asset"))
@login_required
def delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "finance.manage")
    asset = selectors.asset_detail(user=request.user, pk=pk)
    return common.delete(
        request, asset,
        what=_("tài sản %(c)s — %(n)s") % {"c": asset.code, "n": asset.name},
        remove=lambda: services.delete_asset(user=request.user, asset=asset),
        back=reverse("finance:assets"),
        cancel=reverse("finance:asset_detail", args=[asset.pk]),
    )  # fmt: skip
