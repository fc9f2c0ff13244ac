"""Staff accounts, editable by those who manage the organisation (or the account's own manager)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cchc.apps.core.params import id_param
from cchc.apps.org.requests import AuthenticatedRequest

from .. import selectors
from ..access import (
    Obj,
    can_manage_account,
    can_see_personal,
    check_manage_account,
    check_unit,
    declare,
    require_capability,
)
from ..forms import UserForm
from ..models import User


@declare("org.view")
@login_required
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "org.view")
    users = selectors.user_list(
        user=request.user,
        unit_id=id_param(request.GET, "unit"),
        query=request.GET.get("q", ""),
    )
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "org/user_list.html",
        {
            "page": page,
            "query": request.GET.get("q", ""),
            "can_create": can_manage_account(request.user, None),
        },
    )


@declare("org.view", pk=Obj("org.User"))
@login_required
def user_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    require_capability(request.user, "org.view")
    account = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    check_unit(request.user, account.unit)
    can_edit = can_manage_account(request.user, account)
    return render(
        request,
        "org/user_detail.html",
        {
            "account": account,
            "can_edit": can_edit,
            # e-mail and phone are personal data (NĐ 13/2023): the person, their managers and the roles
            # named for it in access.py, as on the staff record — not everyone who may see the organisation
            "show_contacts": can_edit or can_see_personal(request.user, account.unit, account.pk),
        },
    )


@declare("org.manage", "org.manage", pk=Obj("org.User"))
@login_required
def user_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    require_capability(request.user, "org.manage")
    account = get_object_or_404(User.objects.select_related("unit"), pk=pk) if pk else None
    if account is not None:
        check_unit(request.user, account.unit, write=True)
    check_manage_account(request.user, account)
    form = UserForm(request.POST or None, instance=account, user=request.user)
    if request.method == "POST" and form.is_valid():
        check_unit(request.user, form.cleaned_data["unit"], write=True)
        saved = form.save()
        messages.success(request, _("Đã lưu người dùng “%(name)s”.") % {"name": saved})
        return redirect("org:user_detail", pk=saved.pk)
    return render(request, "org/user_form.html", {"form": form, "account": account})
