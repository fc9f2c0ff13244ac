"""Friendly Vietnamese error pages (400, 403, CSRF failure, 404, 500): never an exception's text."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cchc.domain.errors import log_failure

from ..params import BadParameter


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # A BadParameter (core.params) carries a Vietnamese message; Django's own (SuspiciousOperation…) not.
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "errors/400.html", {"message": message}, status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", {"message": str(exception or "")}, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token (an old tab, expired session): the Vietnamese 403 page;
    Django's ``reason`` is technical English, so it is not shown."""
    message = _("Biểu mẫu đã cũ hoặc phiên làm việc đã hết hạn. Hãy tải lại trang rồi gửi lại.")
    return render(request, "errors/403.html", {"message": message}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """The Vietnamese 500 page; never the exception (Django logged it). If even the page fails to render
    (the database is down, a context processor fails), a bare Vietnamese page is answered instead."""
    try:
        return render(request, "errors/500.html", status=500)
    except Exception as exc:
        log_failure(exc, context="error_500 page")
        return HttpResponse(FALLBACK_500, status=500, content_type="text/html; charset=utf-8")


FALLBACK_500 = (
    '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Hệ thống gặp lỗi</title>'
    "<h1>Hệ thống gặp lỗi (500)</h1><p>Đã xảy ra lỗi không mong muốn. Lỗi đã được ghi lại; "
    'vui lòng thử lại sau ít phút.</p><p><a href="/">Về trang chủ</a></p></html>'
)
