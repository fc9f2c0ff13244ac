"""Second factor: a user who has a confirmed TOTP device must verify it after the password.

Until then the session reaches only what is needed to finish or abandon signing in (``otp_allowed``):
the login page, the verification step, logout, the language switch and static files. Everything else —
including the second-factor settings, password change and the API — answers a redirect to the
verification step (403 for the API), so a password alone can neither use the site nor remove the factor.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

# URL names a password-only session may reach (exact paths, not prefixes).
OTP_ALLOWED_URL_NAMES = ("login", "logout", "core:otp_verify", "set_language")


def otp_allowed(path: str) -> bool:
    """True for the paths reachable before the second factor is verified."""
    if settings.STATIC_URL and path.startswith(settings.STATIC_URL):
        return True
    return path in {reverse(name) for name in OTP_ALLOWED_URL_NAMES}


class RequireOTPVerifiedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not otp_allowed(request.path)
            and user_has_device(user, confirmed=True)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Cần nhập mã xác thực hai lớp trước khi dùng API.")}, status=403
                )
            verify = reverse("core:otp_verify")
            return redirect(f"{verify}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class VietnameseByDefaultLocaleMiddleware:
    """Vietnamese unless the user chose another language (cookie set by /i18n/setlang/).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office PCs run an
    English browser; the interface language of a Vietnamese public body should not depend on that.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
