"""Deployment safety middleware: sessions that end, a second factor some roles cannot skip, and a
Content-Security-Policy header.

Django 5.2 (the LTS this project runs on Python 3.11) has no built-in CSP (Django 6.0 added one), so a
small middleware sends the policy built from ``settings.CONTENT_SECURITY_POLICY``; the templates carry no
inline scripts or event handlers, so the policy needs no nonces.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

SESSION_STARTED = "cchc_session_started"
SESSION_SEEN = "cchc_session_seen"
# The "last seen" stamp is written at most once a minute, so an active user does not cost a session
# write on every request; the idle timeout is therefore exact to within this many seconds.
SEEN_GRANULARITY_SECONDS = 60


def _now() -> float:
    return time.time()


class SessionTimeoutMiddleware:
    """Ends a signed-in session after ``SESSION_IDLE_SECONDS`` without a request, and in any case
    ``SESSION_MAX_SECONDS`` after sign-in (absolute lifetime), whatever the activity."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        session = request.session
        now = _now()
        started = session.get(SESSION_STARTED)
        seen = session.get(SESSION_SEEN)
        idle = int(settings.SESSION_IDLE_SECONDS)
        lifetime = int(settings.SESSION_MAX_SECONDS)
        if started is None:
            session[SESSION_STARTED] = started = now  # sign-in (or a session from before this check)
        if seen is None:
            session[SESSION_SEEN] = seen = now
        expired = (idle and now - float(seen) > idle) or (lifetime and now - float(started) > lifetime)
        if expired:
            logout(request)  # flushes the session: a new anonymous one starts
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Phiên làm việc đã hết hạn, vui lòng đăng nhập lại.")}, status=401
                )
            messages.info(request, _("Phiên làm việc đã hết hạn, vui lòng đăng nhập lại."))
            return redirect(f"{reverse('login')}?next={quote(request.get_full_path())}")
        if now - float(seen) >= SEEN_GRANULARITY_SECONDS:
            session[SESSION_SEEN] = now
        return self.get_response(request)


def otp_required_roles() -> frozenset[str]:
    from cchc.apps.org.access import role_names

    roles = frozenset(settings.OTP_REQUIRED_ROLES)
    unknown = sorted(roles - set(role_names()))
    if unknown:
        raise ImproperlyConfigured(
            f"CCHC_OTP_REQUIRED_ROLES có vai trò không tồn tại: {', '.join(unknown)} "
            f"(các vai trò: {', '.join(role_names())})"
        )
    return roles


def second_factor_required(user) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``user``'s role (a superuser counts as the administrator) must use a second factor."""
    roles = otp_required_roles()
    if not roles or not user.is_authenticated:
        return False
    return getattr(user, "role", "") in roles or (user.is_superuser and "admin" in roles)


class RequireOTPDeviceMiddleware:
    """Users whose role is listed in ``OTP_REQUIRED_ROLES`` and who have no confirmed TOTP device are
    sent to the set-up page before anything else (the verification itself is RequireOTPVerifiedMiddleware's)."""

    ALLOWED_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/accounts/login/", "/static/", "/i18n/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        otp_required_roles()  # refuse an unknown role name at start-up, not at the first sign-in

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and second_factor_required(user)
        ):
            from django_otp import user_has_device

            if not user_has_device(user, confirmed=True):
                if request.path.startswith("/api/"):
                    return JsonResponse(
                        {"detail": _("Vai trò của bạn phải bật xác thực hai lớp.")}, status=403
                    )
                messages.warning(
                    request, _("Vai trò của bạn phải bật xác thực hai lớp trước khi sử dụng hệ thống.")
                )
                return redirect("core:otp_setup")
        return self.get_response(request)


def csp_header(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *values]) for name, values in policy.items())


class ContentSecurityPolicyMiddleware:
    """Sends ``Content-Security-Policy`` (or ``…-Report-Only`` with ``CSP_REPORT_ONLY``) on every response
    that has none yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = csp_header(settings.CONTENT_SECURITY_POLICY)
        self.name = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault(self.name, self.header)
        return response
