"""Home page, audit trail, second-factor pages and friendly error pages. Thin: parse, call, render."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.apps.org.access import PUBLIC, SIGNED_IN, declare, require_capability, scope_for, visible_units
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.errors import log_failure

from . import otp, selectors
from .params import BadParameter


@declare("dashboard.view")
@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "dashboard.view")
    context = {
        "scope": scope_for(request.user),
        "units": visible_units(request.user).count(),
        "widgets": selectors.home_widgets(user=request.user),
    }
    return render(request, "core/home.html", context)


@declare("audit.view")
@login_required
def audit_list(request: AuthenticatedRequest) -> HttpResponse:
    require_capability(request.user, "audit.view")
    entries = selectors.audit_entries(
        user=request.user,
        model=request.GET.get("model", ""),
        actor=request.GET.get("actor", ""),
        date_from=request.GET.get("from", ""),
        date_to=request.GET.get("to", ""),
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "rows": [(entry, selectors.audit_changes(entry)) for entry in page],
            "models": selectors.audited_models(),
            "filters": request.GET,
            "actions": LogEntry.Action,
        },
    )


@declare(SIGNED_IN, SIGNED_IN)
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: AuthenticatedRequest) -> HttpResponse:
    # The middleware already sent a password-only session of a user with a device to the verification step.
    device = otp.pending_device(user=request.user)
    enabled = otp.has_confirmed(request.user)
    if request.method == "POST":
        if otp.confirm_device(
            device=device,
            token=request.POST.get("token", ""),
            current_token=request.POST.get("current_token", ""),
            request=request,
        ):
            messages.success(request, _("Đã bật xác thực hai lớp. Lần đăng nhập sau sẽ hỏi mã từ ứng dụng."))
            return redirect("home")
        if enabled:
            messages.error(
                request,
                _("Mã không đúng hoặc đã hết hạn. Cần mã của thiết bị đang dùng và mã của thiết bị mới."),
            )
        else:
            messages.error(request, _("Mã không đúng hoặc đã hết hạn. Vui lòng nhập mã mới trong ứng dụng."))
    return render(
        request,
        "core/otp_setup.html",
        {"qr_svg": otp.qr_svg(device), "secret": otp.secret_base32(device), "enabled": enabled},
    )


@declare(None, SIGNED_IN)
@login_required
@require_http_methods(["POST"])
def otp_disable(request: AuthenticatedRequest) -> HttpResponse:
    from .security import second_factor_required

    if second_factor_required(request.user):
        messages.error(request, _("Vai trò của bạn bắt buộc dùng xác thực hai lớp, không thể tắt."))
        return redirect("core:otp_setup")
    if otp.disable(user=request.user, current_token=request.POST.get("current_token", "")):
        messages.success(request, _("Đã tắt xác thực hai lớp."))
    else:
        messages.error(request, _("Cần nhập đúng mã hiện tại từ ứng dụng xác thực để tắt xác thực hai lớp."))
    return redirect("core:otp_setup")


@declare(SIGNED_IN, SIGNED_IN)
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if request.method == "POST":
        if otp.verify(request=request, token=request.POST.get("token", "")):
            return redirect(next_url)
        messages.error(request, _("Mã xác thực không đúng."))
    return render(request, "core/otp_verify.html", {"next": next_url})


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


@declare(PUBLIC)
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico before reading the page's <link rel="icon">: send them to the icon
    (a 404 on every first load otherwise). Served here, not redirected, so it carries the usual headers."""
    from pathlib import Path

    icon = Path(__file__).resolve().parents[2] / "static" / "favicon.svg"
    response = HttpResponse(icon.read_bytes(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response
