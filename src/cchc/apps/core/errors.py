"""The one error-message path of the web layer: any expected failure becomes a Vietnamese sentence.

:func:`user_message` extends :func:`cchc.domain.errors.user_message` (user errors, file readers and
engines) with Django's exceptions; views call :func:`report` to flash it, the API's exception handlers
(:mod:`cchc.api`) and the 500 page use the same words. Whatever is not a user error is logged with its
traceback (logger ``cchc.errors``); its text never reaches the user.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import DatabaseError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from cchc.domain import errors as domain_errors
from cchc.domain.errors import UserError, log_failure

__all__ = ["UserError", "generic_message", "report", "status_of", "user_message"]


def generic_message() -> str:
    return _(
        "Đã xảy ra lỗi không mong muốn. Lỗi đã được ghi lại; vui lòng thử lại hoặc báo quản trị hệ thống."
    )


def _busy(exc: BaseException) -> bool:
    return "StoreBusy" in {c.__name__ for c in type(exc).__mro__}


def user_message(exc: BaseException, *, context: str = "") -> str:
    """The Vietnamese sentence for ``exc``: a form's or service's own message when it was written for a
    user (``ValidationError``, ``PermissionDenied``, :class:`UserError`), else words chosen by kind."""
    if isinstance(exc, ValidationError):
        return " ".join(str(m) for m in exc.messages) or generic_message()
    if isinstance(exc, PermissionDenied):
        # access.py raises it with a Vietnamese reason; Django's own (CSRF…) without one
        return str(exc) or _("Bạn không có quyền thực hiện thao tác này.")
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return _("Không tìm thấy dữ liệu yêu cầu (có thể đã bị xóa hoặc bạn không có quyền xem).")
    if isinstance(exc, UserError) or _busy(exc):
        return str(exc) or generic_message()
    if isinstance(exc, DatabaseError):
        log_failure(exc, context=context)
        if "locked" in str(exc).lower():
            return _("Hệ thống đang bận ghi dữ liệu; vui lòng thử lại sau giây lát.")
        return generic_message()
    return domain_errors.user_message(exc, context=context)


def status_of(exc: BaseException) -> int:
    """The HTTP status that goes with :func:`user_message` (400 bad input, 403, 404, 503 busy, 500)."""
    if isinstance(exc, PermissionDenied):
        return 403
    if isinstance(exc, Http404 | ObjectDoesNotExist):
        return 404
    if _busy(exc) or (isinstance(exc, DatabaseError) and "locked" in str(exc).lower()):
        return 503
    if isinstance(exc, ValidationError | UserError) or domain_errors.engine_message(exc) is not None:
        return 400
    return 500


def report(request: HttpRequest, exc: BaseException, *, context: str = "") -> str:
    """Flash :func:`user_message` as an error on the next page; returns it."""
    message = user_message(exc, context=context or request.path)
    messages.error(request, message)
    return message
