"""The unit tree, editable by those who manage the organisation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cchc.apps.org.requests import AuthenticatedRequest

from .. import selectors
from ..access import Obj, check_unit, declare, require_capability
from ..forms import UnitForm
from ..models import Unit


@declare("org.view")
@login_required
def unit_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "org.view")
    return render(request, "org/unit_list.html", {"units": selectors.unit_tree(user=request.user)})


@declare("org.manage", "org.manage", pk=Obj("org.Unit", unit=""))
@login_required
def unit_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    require_capability(request.user, "org.manage")
    unit = get_object_or_404(Unit, pk=pk) if pk else None
    if unit is not None:
        check_unit(request.user, unit, write=True)
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["parent"] is not None:
            check_unit(request.user, form.cleaned_data["parent"], write=True)
        saved = form.save()
        messages.success(request, _("Đã lưu đơn vị “%(name)s”.") % {"name": saved.name})
        return redirect("org:unit_list")
    return render(request, "org/unit_form.html", {"form": form, "unit": unit})
