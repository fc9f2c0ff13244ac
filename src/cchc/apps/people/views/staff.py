"""Staff register: list, export, record, own record, discipline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cchc.apps.core.params import id_param
from cchc.apps.org.access import SIGNED_IN, Obj, declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest

from .. import exports, selectors, services
from ..forms import DisciplineRecordForm, StaffForm


@declare("people.view")
@login_required
def staff_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "people.view")
    query = request.GET.get("q", "").strip()
    unit_id = id_param(request.GET, "unit")
    records = selectors.staff_list(user=request.user, unit_id=unit_id, query=query)
    statuses = selectors.statuses([s.pk for s in records])
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    for s in page:
        s.skill_status = statuses[s.pk]  # type: ignore[attr-defined]
    return render(request, "people/staff_list.html", {
        "page": page, "query": query, "unit_id": unit_id or "", "units": selectors.units_for_forms(user=request.user),
        "total": len(records),
    })  # fmt: skip


@declare("people.view")
@login_required
def staff_export(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "people.view")
    records = selectors.staff_list(
        user=request.user, unit_id=id_param(request.GET, "unit"), query=request.GET.get("q", "")
    )
    # Personal columns only for who holds people.personal: every row of the export lies in their scope.
    personal = has_capability(request.user, "people.personal")
    return exports.staff_xlsx(
        records, personal=personal, statuses=selectors.statuses([s.pk for s in records])
    )


def _detail_context(request: AuthenticatedRequest, staff) -> dict:
    return {
        "staff": staff,
        "personal": selectors.personal_data(user=request.user, staff=staff),
        "discipline": selectors.discipline_of(user=request.user, staff=staff),
        "attendance": list(staff.attendance.select_related("course")),
        "skill_status": selectors.statuses([staff.pk])[staff.pk],
    }


@declare("people.view", pk=Obj("people.StaffRecord"))
@login_required
def staff_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "people.view")
    staff = selectors.staff_detail(user=request.user, pk=pk)
    context = _detail_context(request, staff)
    context["evaluations"] = (
        selectors.own_evaluations(staff=staff) if has_capability(request.user, "evaluation.view") else None
    )
    return render(request, "people/staff_detail.html", context)


@declare(SIGNED_IN)
@login_required
def my_record(request: AuthenticatedRequest) -> HttpResponse:
    staff = selectors.own_record(user=request.user)
    if staff is None:
        return render(request, "people/my_record.html", {"staff": None})
    context = _detail_context(request, staff)
    context["evaluations"] = selectors.own_evaluations(staff=staff)
    return render(request, "people/my_record.html", context)


@declare("people.manage", "people.manage")
@login_required
def staff_create(request: AuthenticatedRequest) -> HttpResponse:
    return _edit(request, None)


@declare("people.manage", "people.manage", pk=Obj("people.StaffRecord"))
@login_required
def staff_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _edit(request, pk)


def _edit(request: AuthenticatedRequest, pk: int | None) -> HttpResponse:
    require_capability(request.user, "people.manage")
    staff = selectors.staff_detail(user=request.user, pk=pk) if pk else None
    form = StaffForm(request.POST or None, instance=staff, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_staff(user=request.user, staff=form.save(commit=False))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu hồ sơ “%(name)s”.") % {"name": saved.full_name})
            return redirect("people:staff_detail", pk=saved.pk)
    return render(request, "people/staff_form.html", {"form": form, "staff": staff})


@declare("people.discipline", "people.discipline", pk=Obj("people.StaffRecord"))
@login_required
def discipline_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "people.discipline")
    staff = selectors.staff_detail(user=request.user, pk=pk)
    form = DisciplineRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_discipline(
                user=request.user, staff=staff, form=data["form"], decided_on=data["decided_on"],
                decision_number=data["decision_number"], reason=data["reason"],
            )  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ghi quyết định kỷ luật."))
            return redirect("people:staff_detail", pk=staff.pk)
    return render(request, "people/discipline_form.html", {"form": form, "staff": staff})
