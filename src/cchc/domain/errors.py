"""The one error-message path: what a user reads when something fails, and what the log keeps.

An exception whose message was written for a user derives from :class:`UserError` (Vietnamese text,
no exception text interpolated into it). Every other exception — a reader or engine failure (zip,
openpyxl, csv, json, DuckDB, a codec), or a bug — is turned by :func:`user_message` into a Vietnamese
sentence chosen by its kind; its own text goes to the log (logger ``cchc.errors``), never to the user.

Plain Python: the web layer (:mod:`cchc.apps.core.errors`) adds Django's exceptions on top, the CLI
prints :func:`user_message` and exits non-zero. Engines are recognised by module name so that this
module imports none of them.
"""

from __future__ import annotations

import csv
import json
import logging
import zipfile

__all__ = ["GENERIC", "UserError", "engine_message", "is_user_error", "log_failure", "user_message"]

logger = logging.getLogger("cchc.errors")

GENERIC = "Đã xảy ra lỗi không mong muốn. Lỗi đã được ghi lại; vui lòng thử lại hoặc báo quản trị hệ thống."


class UserError(ValueError):
    """A failure explained to the user: ``str(exc)`` is a complete Vietnamese sentence."""


def is_user_error(exc: BaseException) -> bool:
    return isinstance(exc, UserError)


def _module(exc: BaseException) -> str:
    return type(exc).__module__ or ""


def engine_message(exc: BaseException) -> str | None:
    """A Vietnamese sentence for a failure of a file reader or an engine, by kind (None: not one)."""
    if isinstance(exc, UnicodeError):
        return "Tệp có ký tự không đọc được theo bảng mã của tệp; hãy lưu lại tệp với mã UTF-8."
    if isinstance(exc, zipfile.BadZipFile | zipfile.LargeZipFile):
        return "Tệp không đúng định dạng (tệp Excel/Word bị hỏng hoặc là tệp khác đổi đuôi)."
    if isinstance(exc, csv.Error):
        return "Tệp CSV sai cấu trúc (dấu ngoặc kép không khớp hoặc ô quá dài)."
    if isinstance(exc, json.JSONDecodeError):
        return f"Tệp JSON sai cú pháp ở dòng {exc.lineno}, cột {exc.colno}."
    if isinstance(exc, RecursionError):
        return "Dữ liệu lồng nhau quá sâu, không xử lý được."
    if isinstance(exc, MemoryError):
        return "Tệp quá lớn để xử lý; hãy chia nhỏ tệp rồi thử lại."
    module = _module(exc)
    if module.startswith(("openpyxl", "xml.", "lxml", "defusedxml", "docx", "pypdf")):
        return "Tệp bị hỏng hoặc sai định dạng, không đọc được nội dung."
    if module.startswith(("duckdb", "_duckdb")):
        text = str(exc).lower()
        if "lock" in text or "conflicting lock" in text:
            return "Đang có lô nhập khác ghi vào kho dữ liệu hồ sơ; vui lòng thử lại sau."
        if "unicode" in text or "utf-8" in text or "encoding" in text:
            return "Tệp có ký tự không phải UTF-8; hãy lưu lại tệp với mã UTF-8 rồi thử lại."
        if "csv" in text or "sniff" in text or "line" in text or "column" in text:
            return "Tệp CSV sai cấu trúc (số cột không đều, dấu ngoặc kép không khớp hoặc dòng quá dài)."
        return "Kho dữ liệu hồ sơ không xử lý được yêu cầu; lỗi đã được ghi lại."
    if isinstance(exc, FileNotFoundError):
        return "Không tìm thấy tệp."
    if isinstance(exc, PermissionError):
        return "Không có quyền đọc hoặc ghi tệp trên máy chủ."
    if isinstance(exc, OSError):
        return "Không đọc hoặc ghi được tệp trên máy chủ."
    return None


def log_failure(exc: BaseException, *, context: str = "") -> None:
    """Keep the technical detail (type, text, traceback) of a failure the user sees only in words."""
    logger.warning("%s%s: %s", f"{context}: " if context else "", type(exc).__name__, exc, exc_info=exc)


def user_message(exc: BaseException, *, context: str = "") -> str:
    """The Vietnamese sentence to show for ``exc``; anything but a :class:`UserError` is logged."""
    if isinstance(exc, UserError):
        return str(exc) or GENERIC
    log_failure(exc, context=context)
    return engine_message(exc) or GENERIC
