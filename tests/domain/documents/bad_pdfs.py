"""Files that must not pass as PDF uploads, built at run time: name → (file name, bytes, expected code).

``oversize`` is not here: its size depends on ``CCHC_MAX_UPLOAD_MB`` (see :func:`oversize`).
"""

from __future__ import annotations

import io
from functools import cache

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from cchc.domain.documents.layout_pdf import render_pdf
from tests.domain.documents import samples

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript_pdf() -> bytes:
    writer = _writer()
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")}
    )
    names = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(action)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): names})
    return _bytes(writer)


def launch_pdf() -> bytes:
    writer = _writer()
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _bytes(writer)


def embedded_file_pdf() -> bytes:
    writer = _writer()
    writer.add_attachment("chay-toi.exe", b"MZ\x90\x00")
    return _bytes(writer)


@cache
def malformed() -> dict[str, tuple[str, bytes, str]]:
    good = render_pdf(samples.letter()).data
    return {
        "empty": ("rong.pdf", b"", "empty"),
        "png_named_pdf": ("anh.pdf", PNG + b"\x00" * 64, "not_pdf"),
        "wrong_extension": ("van-ban.exe", good, "extension"),
        "truncated": ("cut.pdf", good[: len(good) // 2], "malformed"),
        "garbage_after_header": ("rac.pdf", b"%PDF-1.7\n" + b"\xff\xfe rac " * 50, "malformed"),
        "nul_bytes": ("nul.pdf", b"%PDF-1.7\n" + b"\x00" * 4096, "malformed"),
        "javascript": ("js.pdf", javascript_pdf(), "javascript"),
        "launch": ("launch.pdf", launch_pdf(), "open_action"),
        "embedded_file": ("nhung.pdf", embedded_file_pdf(), "embedded_file"),
    }


def oversize(limit_mb: int) -> tuple[str, bytes]:
    """A real PDF padded past the limit (trailing bytes after %%EOF are what a large scan looks like)."""
    good = render_pdf(samples.letter()).data
    return "lon.pdf", good + b"\n" + b"0" * (limit_mb * 1024 * 1024 + 1 - len(good))
