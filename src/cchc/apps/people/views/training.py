"""Digital-skills training: the share trained per unit against the year's target, courses and results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.params import year_param
from cchc.apps.org.access import Obj, declare, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.people.training import RULE_LABELS, STATUS_LABELS, Status

from .. import selectors, services
from ..forms import AttendanceForm, CourseForm, writable_units


@declare("people.view")
@login_required
def training(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "people.view")
    today = timezone.localdate()
    year = year_param(request.GET, "year", default=today.year)
    assert year is not None
    on = today if year == today.year else None
    rows = selectors.training_by_unit(user=request.user, year=year, on=on)
    return render(request, "people/training.html", {
        "year": year, "rows": rows[:-1], "total": rows[-1], "courses": selectors.course_list(user=request.user)[:50],
        "rule": _(RULE_LABELS[selectors.training_rule()]),
        "status_labels": [(s.value, _(STATUS_LABELS[s])) for s in Status],
    })  # fmt: skip


@declare("people.manage", "people.manage")
@login_required
def course_create(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "people.manage")
    form = CourseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.save_course(user=request.user, course=form.save(commit=False))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã tạo khóa học “%(name)s”.") % {"name": course.name})
            return redirect("people:course_detail", pk=course.pk)
    return render(request, "people/course_form.html", {"form": form})


@declare("people.view", "people.manage", pk=Obj("people.Course"))
@login_required
def course_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "people.view")
    course = selectors.course_detail(user=request.user, pk=pk)
    may_record = has_capability(request.user, "people.manage")
    form = None
    if may_record:
        units = writable_units(request.user)
        form = AttendanceForm(
            request.POST or None,
            staff=selectors.staff_queryset(user=request.user).filter(unit__in=units, is_active=True),
        )
    if request.method == "POST":
        require_capability(request.user, "people.manage")
        assert form is not None
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_attendance(
                    user=request.user, course=course, staff=data["staff"], completed_on=data["completed_on"],
                    certificate=data["certificate"],
                )  # fmt: skip
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("Đã ghi kết quả học tập của %(name)s.") % {"name": data["staff"].full_name}
                )
                return redirect("people:course_detail", pk=course.pk)
    return render(request, "people/course_detail.html", {
        "course": course, "rows": selectors.course_attendance(user=request.user, course=course), "form": form,
    })  # fmt: skip
