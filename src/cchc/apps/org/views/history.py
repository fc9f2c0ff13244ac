"""Organisation over time: the list of unit changes, recording one, and one unit's history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.apps.org.requests import AuthenticatedRequest

from .. import selectors, services
from ..access import Obj, check_unit, declare, require_capability
from ..forms import UnitChangeForm
from ..models import Unit


@declare("org.view")
@login_required
def change_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "org.view")
    return render(request, "org/change_list.html", {"changes": selectors.change_list(user=request.user)})


@declare("org.manage", "org.manage")
@login_required
def change_create(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "org.manage")
    form = UnitChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.ChangeInput(
            kind=d["kind"],
            effective_on=d["effective_on"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            sources=list(d["sources"]),
            targets=list(d["targets"]),
            history_to=d["history_to"],
            new_name=d["new_name"],
            new_parent=d["new_parent"],
            note=d["note"],
        )
        try:
            change = services.record_change(user=request.user, data=data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if change.pending:
                messages.success(
                    request,
                    _(
                        "Đã ghi thay đổi theo quyết định %(n)s; cây tổ chức sẽ đổi vào ngày có hiệu lực "
                        "%(day)s. Trước ngày đó có thể rút lại."
                    )
                    % {"n": change.decision_number, "day": change.effective_on.strftime("%d/%m/%Y")},
                )
            else:
                messages.success(
                    request, _("Đã ghi thay đổi theo quyết định %(n)s.") % {"n": change.decision_number}
                )
            return redirect("org:change_list")
    return render(request, "org/change_form.html", {"form": form})


@declare(None, "org.manage", pk=Obj("org.UnitChange", unit=None))
@login_required
@require_POST
def change_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Withdraw a change still waiting for its effective date."""
    require_capability(request.user, "org.manage")
    change = get_object_or_404(selectors.change_queryset(user=request.user), pk=pk)
    try:
        services.withdraw_change(user=request.user, change=change)
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(
            request, _("Đã rút lại thay đổi theo quyết định %(n)s.") % {"n": change.decision_number}
        )
    return redirect("org:change_list")


@declare("org.view", pk=Obj("org.Unit", unit=""))
@login_required
def unit_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "org.view")
    unit = get_object_or_404(Unit, pk=pk)
    check_unit(request.user, unit)
    return render(request, "org/unit_history.html", selectors.unit_history(user=request.user, unit=unit))
