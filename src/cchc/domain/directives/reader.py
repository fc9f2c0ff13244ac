"""Read a directive file (.txt in UTF-8/UTF-16/cp1258, .docx, .pdf with a text layer) into a str.

All errors are :class:`DirectiveInputError` with a Vietnamese message naming the problem.
"""

from __future__ import annotations

import io
from pathlib import Path

from cchc.domain import files
from cchc.domain.documents.pdf_safety import DESCRIPTIONS, active_content

from .encoding import EncodingUnsure, decode_8bit, legacy_in_unicode
from .legacy import detect_legacy
from .model import DirectiveInputError


class ScannedPdf(DirectiveInputError):
    """A PDF without a text layer: it must be read by OCR (:mod:`.ocr`), a job of minutes, not of a request."""


MAX_FILE_BYTES = 20 * 1024 * 1024  # a scanned-then-OCRed PDF of 100 pages stays below this
MAX_TEXT_CHARS = 2_000_000  # ≈ 500 pages; more is not a directive


def read_bytes(data: bytes, *, name: str = "") -> str:
    """Decode bytes by file kind (extension in ``name``, else by magic number)."""
    if len(data) > MAX_FILE_BYTES:
        raise DirectiveInputError(
            f"Tệp quá lớn ({len(data) / 1048576:.1f} MB); giới hạn là {MAX_FILE_BYTES // 1048576} MB."
        )
    if not data.strip():
        raise DirectiveInputError("Tệp rỗng: không có nội dung văn bản.")
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        text = _read_pdf(data)
    elif suffix == ".docx" or (data.startswith(b"PK\x03\x04") and suffix != ".txt"):
        text = _read_docx(data)
    elif suffix in (".doc", ".xls", ".xlsx", ".odt", ".rtf"):
        raise DirectiveInputError(
            f"Định dạng {suffix} chưa được hỗ trợ; hãy lưu văn bản dưới dạng .docx, .pdf hoặc .txt."
        )
    else:
        text = _decode_text(data)
    return _check_text(text)


def read_path(path: str | Path) -> str:
    p = Path(path)
    if not p.exists():
        raise DirectiveInputError(f"Không tìm thấy tệp: {p.name}")
    if not p.is_file():
        raise DirectiveInputError(f"Không phải là tệp: {p.name}")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DirectiveInputError(
            f"Tệp quá lớn ({size / 1048576:.1f} MB); giới hạn là {MAX_FILE_BYTES // 1048576} MB."
        )
    return read_bytes(p.read_bytes(), name=p.name)


def _check_text(text: str) -> str:
    if len(text) > MAX_TEXT_CHARS:
        raise DirectiveInputError(
            f"Văn bản quá dài ({len(text):,} ký tự); giới hạn là {MAX_TEXT_CHARS:,} ký tự.".replace(",", ".")
        )
    if detect_legacy(text) is not None:
        # legacy-font text saved as Unicode (or a .docx in ".VnTime"): converted when that reads better
        text, _kind = legacy_in_unicode(text)
        if _kind == "vni" and detect_legacy(text) is not None:
            raise DirectiveInputError(
                "Văn bản gõ bằng phông VNI không chuyển được sang Unicode; hãy chuyển mã (Unikey) rồi thử lại."
            )
    letters = sum(1 for c in text if c.isalpha())
    if letters < 20:
        raise DirectiveInputError("Tệp không chứa văn bản đọc được (quá ít chữ).")
    return text


def _decode_text(data: bytes) -> str:
    if b"\x00" in data and not (data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data)):
        raise DirectiveInputError("Tệp nhị phân, không phải văn bản: hãy dùng .txt, .docx hoặc .pdf.")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(data):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise DirectiveInputError("Tệp UTF-16 bị hỏng, không giải mã được.") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    probe = data.decode("cp1258", errors="replace")
    bad = probe.count("\ufffd")
    control = sum(1 for c in probe if ord(c) < 32 and c not in "\r\n\t\f")
    if bad + control > max(10, len(probe) // 50):
        raise DirectiveInputError("Tệp nhị phân hoặc bảng mã không xác định: không đọc được văn bản.")
    # Windows-1258, TCVN3 and VNI all decode every byte: the one that reads as Vietnamese wins, or we say so
    try:
        text, _encoding = decode_8bit(data)
    except EncodingUnsure as exc:
        raise DirectiveInputError(str(exc)) from exc
    return text


def _looks_utf16(data: bytes) -> bool:
    head = data[:2000]
    if len(head) < 4:
        return False
    zeros_odd = head[1::2].count(0)
    zeros_even = head[0::2].count(0)
    return max(zeros_odd, zeros_even) > len(head) // 4


def _read_docx(data: bytes) -> str:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise DirectiveInputError("Thiếu thư viện python-docx để đọc tệp .docx.") from exc
    try:
        files.check_zip(data, kind="Word (.docx)")  # a zip bomb is refused before python-docx inflates it
    except files.FileProblem as exc:
        raise DirectiveInputError(str(exc)) from exc
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise DirectiveInputError("Tệp .docx bị hỏng hoặc không phải tài liệu Word.") from exc
    parts: list[str] = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.append("")
        for row in table.rows:
            parts.append("|")
            for cell in row.cells:
                parts.append(cell.text)
                parts.append("|")
    return "\n".join(parts)


def _read_pdf(data: bytes) -> str:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover
        raise DirectiveInputError("Thiếu thư viện pypdf để đọc tệp PDF.") from exc
    problem = active_content(data)
    if problem is not None:
        raise DirectiveInputError(DESCRIPTIONS.get(problem.code, "Tệp PDF bị hỏng, không đọc được."))
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DirectiveInputError("Tệp PDF được mã hóa (có mật khẩu); hãy gỡ mật khẩu rồi thử lại.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DirectiveInputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise DirectiveInputError("Tệp PDF bị hỏng, không đọc được.") from exc
    text = "\n".join(pages)
    if sum(1 for c in text if c.isalpha()) < 20:
        raise ScannedPdf(
            "Tệp PDF không có lớp văn bản (bản quét/ảnh chụp): cần nhận dạng chữ (OCR) trước khi đọc."
        )
    return text
