"""The API's side of the one error-message path: every failure answers JSON ``{"detail": "<Vietnamese>"}``.

Registered on the :class:`~ninja.NinjaAPI` by :func:`install`: a parameter of the wrong type or range
(422, with the field names), a user error or refused form (400), no permission (403), nothing found
(404), the dossier store busy (503), anything else (500, the detail logged, never a traceback — not
even with ``DEBUG``, where django-ninja would answer the traceback as text). ninja's own English
messages ("Unauthorized", "Not Found"…) are replaced by Vietnamese ones.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from cchc.apps.core import errors

__all__ = ["install", "parameter_problems"]


def _status_text(status: int) -> str:
    texts = {
        400: _("Yêu cầu không hợp lệ."),
        401: _("Cần đăng nhập để dùng API."),
        403: _("Bạn không có quyền thực hiện thao tác này."),
        404: _("Không tìm thấy dữ liệu yêu cầu."),
        405: _("Phương thức không được hỗ trợ ở địa chỉ này."),
        409: _("Dữ liệu đã thay đổi; hãy tải lại rồi thử lại."),
        413: _("Dữ liệu gửi lên quá lớn."),
        503: _("Hệ thống đang bận; vui lòng thử lại sau ít phút."),
    }
    return texts.get(status, errors.generic_message())


def _problem(error: dict[str, Any]) -> str:
    kind, ctx = str(error.get("type", "")), error.get("ctx") or {}
    if kind == "missing":
        return _("bắt buộc")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("phải là số nguyên")
    if kind in ("float_parsing", "float_type", "decimal_parsing"):
        return _("phải là số")
    if kind in ("bool_parsing", "bool_type"):
        return _("phải là true hoặc false")
    if kind.startswith(("date", "datetime", "time")):
        return _("ngày giờ không hợp lệ")
    if kind in ("greater_than_equal", "greater_than"):
        return _("phải lớn hơn hoặc bằng %(n)s") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("phải nhỏ hơn hoặc bằng %(n)s") % {"n": ctx.get("le", ctx.get("lt"))}
    if kind in ("string_too_long", "too_long"):
        return _("quá dài")
    if kind in ("literal_error", "enum"):
        return _("không thuộc các giá trị cho phép")
    return _("không hợp lệ")


def parameter_problems(errors_: list[dict[str, Any]]) -> list[dict[str, str]]:
    """ninja/pydantic's English validation errors → ``[{"field": "offset", "message": "…"}]``."""
    out = []
    for error in errors_:
        loc = [str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body", "form", "file")]
        out.append({"field": ".".join(loc) or "?", "message": _problem(error)})
    return out


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
        return api.create_response(request, {"detail": detail, **extra}, status=status)

    @api.exception_handler(NinjaValidationError)
    def invalid_parameters(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        problems = parameter_problems(list(exc.errors))
        detail = _("Tham số không hợp lệ: %(list)s.") % {
            "list": "; ".join(f"{p['field']} {p['message']}" for p in problems)
        }
        return respond(request, 422, detail, errors=problems)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        message = str(exc)
        # Our endpoints raise HttpError with Vietnamese text; ninja's own are short English phrases.
        if not message or message.isascii():
            message = _status_text(exc.status_code)
        return respond(request, exc.status_code, message)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, _status_text(404))

    @api.exception_handler(Exception)
    def any_failure(request: HttpRequest, exc: Exception) -> HttpResponse:
        status = errors.status_of(exc)
        message = errors.user_message(exc, context=f"API {request.method} {request.path}")
        if status == 404 and not message:
            message = _status_text(404)
        return respond(request, status, message)
