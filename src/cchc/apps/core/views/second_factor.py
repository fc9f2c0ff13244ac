"""Second-factor pages: set up, turn off and verify the authenticator app's code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cchc.apps.org.access import SIGNED_IN, declare
from cchc.apps.org.requests import AuthenticatedRequest

from .. import otp


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
    from ..security import second_factor_required

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
