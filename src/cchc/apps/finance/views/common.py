"""What the register pages of finance (disclosures, autonomy, assets) do alike: the year a page shows, who may
edit a record, a write through a service whose refusal lands on the form, and a record's edit form on its
detail page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.params import year_param
from cchc.apps.org.access import can_access_unit, has_capability, require_capability
from cchc.apps.org.requests import AuthenticatedRequest

if TYPE_CHECKING:  # annotations only: views go through other apps' selectors, never their models
    from cchc.apps.org.models import Unit, User

MANAGE = "finance.manage"
T = TypeVar("T")


def year(request: AuthenticatedRequest) -> int:
    """The ``year`` of the query string (a bad one is a Vietnamese 400), this year by default."""
    value = year_param(request.GET, "year", default=timezone.localdate().year)
    assert value is not None
    return value


def may_edit(user: User, unit: Unit) -> bool:
    """Who sees the edit form of a record of ``unit``: finance.manage with write scope over the unit."""
    return has_capability(user, MANAGE) and can_access_unit(user, unit, write=True)


def save(
    request: AuthenticatedRequest, form: forms.Form, write: Callable[[], T], done: Callable[[T], str]
) -> T | None:
    """``write()`` through the service (which returns what it saved); its refusal (ValidationError) is shown
    on ``form`` and gives None, success shows ``done(result)`` and gives the result."""
    try:
        result = write()
    except ValidationError as exc:
        for m in exc.messages:
            form.add_error(None, m)
        return None
    messages.success(request, done(result))
    return result


def edit_form(
    request: AuthenticatedRequest,
    form_class: Callable[..., forms.Form],
    record: Any,
    fields: Iterable[str],
    submit: Callable[[forms.Form], bool],
) -> tuple[forms.Form | None, bool]:
    """The edit form on a record's detail page and whether it was saved. A POST (finance.manage) binds it and
    calls ``submit`` when it is valid; otherwise it is filled from the record's ``fields`` for who may edit
    the record's unit, and None for the others."""
    if request.method == "POST":
        require_capability(request.user, MANAGE)
        form = form_class(request.POST, user=request.user)
        return form, form.is_valid() and submit(form)
    if not may_edit(request.user, record.unit):
        return None, False
    initial = {f: getattr(record, f) for f in fields}
    return form_class(initial={**initial, "unit": record.unit_id}, user=request.user), False


def delete(
    request: AuthenticatedRequest,
    record: Any,
    *,
    what: str,
    remove: Callable[[], None],
    back: str,
    cancel: str,
) -> HttpResponse:
    """GET: the confirmation page naming ``what``. POST: ``remove()`` through the service (its own check:
    finance.manage with write scope over the record's unit; it leaves the audit trail), then back to the
    register ``back`` with a message. The view has required finance.manage and read ``record`` through its
    scoped selector: the same users as :func:`may_edit` (who holds finance.manage writes where they read)."""
    if request.method == "POST":
        remove()
        messages.success(request, _("Đã xóa %(what)s.") % {"what": what})
        return redirect(back)
    return render(request, "finance/confirm_delete.html", {"what": what, "cancel": cancel})
