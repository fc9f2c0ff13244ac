"""Is an uploaded file a PDF we may keep and open? The header, a strict parse and no active content.

An incoming letter or a file to verify comes from outside. Before it is stored or verified it must be a
PDF (header ``%PDF-`` in the first 1 024 bytes, ISO 32000-1 §7.5.2), readable by pypdf in strict mode,
and free of the actions a reader runs by itself or on a click: JavaScript, ``/OpenAction``, additional
actions (``/AA``), ``/Launch`` and embedded files. Plain Python; the Django app turns the problem into its
Vietnamese message.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

HEADER_WINDOW = 1024
MAX_OBJECTS = 200_000  # a walk longer than this is a malformed (or hostile) file, not a letter

# Keys whose presence is active content, and action types (/S) that are.
ACTIVE_KEYS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/OpenAction": "open_action",
    "/AA": "open_action",
    "/Launch": "launch",
    "/EmbeddedFile": "embedded_file",
    "/EmbeddedFiles": "embedded_file",
}
ACTIVE_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/GoToE": "embedded_file",
    "/ImportData": "launch",
}


@dataclass(frozen=True)
class PdfProblem:
    """``code``: ``not_pdf``, ``malformed``, ``javascript``, ``open_action``, ``launch``, ``embedded_file``."""

    code: str
    detail: str = ""


def _walk(reader: PdfReader) -> PdfProblem | None:
    stack: list[object] = [reader.trailer]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            return PdfProblem("malformed", "quá nhiều đối tượng")
        if isinstance(obj, DictionaryObject):
            for name, value in obj.items():
                if name == "/S" and isinstance(value, NameObject) and str(value) in ACTIVE_ACTIONS:
                    return PdfProblem(ACTIVE_ACTIONS[str(value)], str(value))
                if name in ACTIVE_KEYS:
                    return PdfProblem(ACTIVE_KEYS[name], name)
                if name in ("/Parent", "/P"):  # back-pointers: the tree is walked from the top
                    continue
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None


ACTIVE_CODES = frozenset({"javascript", "open_action", "launch", "embedded_file"})

# Plain-Python sentences for callers outside the documents app (the directive reader, the CLI).
DESCRIPTIONS = {
    "javascript": "Tệp PDF chứa mã JavaScript: không nhận vì lý do an toàn.",
    "open_action": "Tệp PDF chứa lệnh tự chạy khi mở hoặc khi thao tác: không nhận vì lý do an toàn.",
    "launch": "Tệp PDF chứa lệnh mở chương trình khác: không nhận vì lý do an toàn.",
    "embedded_file": "Tệp PDF chứa tệp nhúng bên trong: không nhận vì lý do an toàn.",
}


def active_content(data: bytes) -> PdfProblem | None:
    """Active content (JavaScript, automatic actions, launch, embedded files) in a PDF read leniently, as
    the directive reader reads letters: a file that a strict parse refuses may still carry a script."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        return _walk(PdfReader(io.BytesIO(data), strict=False))
    except RecursionError:
        return PdfProblem("malformed", "cấu trúc lồng quá sâu")
    except Exception:  # unreadable: the caller's own parse reports it
        return None


def check_pdf(data: bytes) -> PdfProblem | None:
    """The first problem of ``data`` as an uploaded PDF, or None when it may be kept."""
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        return PdfProblem("not_pdf")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=True)
        if reader.is_encrypted:
            return PdfProblem("malformed", "tệp được mã hóa")
        if len(reader.pages) == 0:
            return PdfProblem("malformed", "không có trang nào")
        for page in reader.pages:
            page.get_contents()  # every page's content stream must be readable
        return _walk(reader)
    except RecursionError:
        return PdfProblem("malformed", "cấu trúc lồng quá sâu")
    except Exception as exc:  # pypdf raises many types for a broken file; the type is enough
        return PdfProblem("malformed", type(exc).__name__)
