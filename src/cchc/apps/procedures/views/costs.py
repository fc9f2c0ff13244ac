"""Edit a procedure's compliance-cost record, action by action (the input of the cost by channel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.apps.org.access import Obj, can_access_unit, declare, require_capability
from cchc.apps.org.requests import AuthenticatedRequest

from .. import selectors, services
from ..forms import CostActionFormSet, CostRecordForm
from ..models import CostRecord, Procedure


@declare("procedures.manage", "procedures.manage", procedure_pk=Obj("procedures.Procedure"))
@login_required
def cost_record_edit(request: AuthenticatedRequest, procedure_pk: int) -> HttpResponse:
    require_capability(request.user, "procedures.manage")
    try:
        procedure = selectors.procedure_detail(user=request.user, pk=procedure_pk)
    except Procedure.DoesNotExist as exc:
        raise Http404 from exc
    if not can_access_unit(request.user, procedure.unit, write=True):
        raise PermissionDenied(_("Thủ tục này thuộc đơn vị khác: bạn không có quyền sửa."))
    record = CostRecord.objects.filter(procedure=procedure).first() or CostRecord(procedure=procedure)
    data = request.POST if request.method == "POST" else None
    form = CostRecordForm(data, instance=record)
    actions = CostActionFormSet(data, instance=record, prefix="cv")
    if data is not None and form.is_valid() and actions.is_valid():
        services.save_cost_record(user=request.user, record=form.save(commit=False), actions=actions)
        messages.success(
            request, _("Đã lưu bảng chi phí tuân thủ của thủ tục %(code)s.") % {"code": procedure.code}
        )
        return redirect(reverse("procedures:procedure_detail", args=[procedure.pk]) + "#chi-phi-theo-kenh")
    return render(
        request,
        "procedures/cost_record_form.html",
        {"form": form, "actions": actions, "procedure": procedure},
    )
