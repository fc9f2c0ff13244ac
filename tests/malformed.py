"""The malformed-upload set: files every upload field must refuse (or read whole) with a Vietnamese
message and never a 500.

Used by the reader tests and by the adversarial suite (``tests/security``), which posts each case to
every upload field::

    from tests.malformed import malformed_files, looks_technical

    for case in malformed_files(".xlsx", limit_mb=settings.MAX_UPLOAD_MB):
        response = client.post(url, {"file": case.upload()})
        assert response.status_code != 500, case.name
        assert not looks_technical(response.content.decode()), case.name

A case has ``refused = True`` when the application must refuse it; the one exception is
``lying_dimension``, a valid workbook whose ``<dimension>`` tag claims one row: it must be read
*whole* (``rows`` data rows), never silently cut to the first row.

Plain Python (no Django import) so domain tests can use it too; ``upload()`` imports Django lazily.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass
from functools import cache
from typing import Any

__all__ = [
    "DIMENSION_ROWS",
    "Malformed",
    "deep_json",
    "javascript_pdf",
    "looks_technical",
    "lying_dimension_xlsx",
    "malformed_files",
    "xlsx_bytes",
    "zip_bomb_xlsx",
]

DIMENSION_ROWS = 10  # data rows of the lying-dimension workbook (its tag claims only the header row)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)

# Texts that only an exception, a traceback or an engine can have written; a Vietnamese user message
# never contains them. Kept narrow so a Vietnamese page mentioning e.g. "Excel" does not match.
_TECHNICAL = re.compile(
    r"Traceback \(most recent call last\)|\bFile \"[^\"]+\", line \d+"
    r"|codec can't (?:decode|encode)|can't decode byte|invalid start byte|unexpected end of data"
    r"|File is not a zip file|Bad magic number|BadZipFile|zipfile\."
    r"|field larger than field limit|_csv\.Error|\bcsv\.Error"
    r"|Expecting value: line|JSONDecodeError|RecursionError|maximum recursion depth"
    r"|(?:Invalid Input|Conversion|Catalog|Binder|Parser|IO|Invalid|Internal) Error:"
    r"|duckdb\.|openpyxl|KeyError|ValueError|TypeError|AttributeError|IndexError|OverflowError"
    r"|NoneType|object has no attribute|invalid literal for int\(\)|Need \d+ values? to unpack"
    r"|Errno \d+|Exception Value|Server Error \(500\)|could not convert string"
)


def looks_technical(text: str) -> bool:
    """True when ``text`` shows an exception's text, a traceback or an engine message."""
    return bool(_TECHNICAL.search(text))


@dataclass(frozen=True)
class Malformed:
    """One malformed upload: ``name`` identifies the case, ``filename`` carries the field's extension."""

    name: str
    filename: str
    data: bytes
    refused: bool = True
    rows: int | None = None  # for a case to be read whole: the data rows it holds

    def upload(self, content_type: str = "application/octet-stream") -> Any:
        from django.core.files.uploadedfile import SimpleUploadedFile

        return SimpleUploadedFile(self.filename, self.data, content_type=content_type)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """A plain workbook (openpyxl) of ``rows`` on its first sheet."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _rewrite(xlsx: bytes, member: str, change: Any) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, change(data) if info.filename == member else data)
    return out.getvalue()


def lying_dimension_xlsx(rows: list[list[Any]] | None = None) -> bytes:
    """A workbook whose sheet says ``<dimension ref="A1:B1"/>`` while holding a header and
    ``DIMENSION_ROWS`` data rows (openpyxl in read-only mode trusts the tag and stops after row 1)."""
    rows = rows or [["MaHoSo", "SoThuTu"], *([f"H.{i:03d}", i] for i in range(1, DIMENSION_ROWS + 1))]
    width = chr(ord("A") + len(rows[0]) - 1)
    return _rewrite(
        xlsx_bytes(rows),
        "xl/worksheets/sheet1.xml",
        lambda data: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="A1:{width}1"'.encode(), data),
    )


@cache
def zip_bomb_xlsx(inflated_mb: int = 16) -> bytes:
    """A real workbook whose sheet XML inflates to ``inflated_mb`` MB of rows from a few hundred KB
    (ratio ~ 1000:1, like the 1.6 MB → 852 MB file of the audit, scaled down to keep tests fast)."""
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["MaHoSo", "SoThuTu"]])))
    row = b'<row><c t="inlineStr"><is><t>H</t></is></c><c><v>1</v></c></row>'
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'  # fmt: skip
    tail = b"</sheetData></worksheet>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in base.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                dst.writestr(info, base.read(info.filename))
                continue
            block = row * (1 << 14)
            member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            member.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(member, "w", force_zip64=True) as sheet:
                sheet.write(head)
                for _ in range(inflated_mb * (1 << 20) // len(block)):
                    sheet.write(block)
                sheet.write(tail)
    return out.getvalue()


def javascript_pdf() -> bytes:
    """A small, well-formed PDF that runs JavaScript when opened (/OpenAction /JavaScript)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R /Names << /JavaScript << /Names [(a) 4 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Type /Action /S /JavaScript /JS (app.alert\\('x'\\);) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def deep_json(depth: int = 100_000) -> bytes:
    """``[[[[…]]]]`` nested ``depth`` times (Python's json recurses once per level)."""
    return b"[" * depth + b"]" * depth


def malformed_files(extension: str, *, limit_mb: int = 20) -> list[Malformed]:
    """Every malformed case, each named ``*<extension>`` (".csv", ".xlsx", ".json", ".pdf", ".docx"…),
    so the field's extension check passes and the content is what gets tested.

    ``limit_mb`` is the upload limit of the field (``settings.MAX_UPLOAD_MB``): ``oversize`` is one byte
    more. Cases: empty, renamed (PNG bytes; text named like a binary format), oversize, zip_bomb,
    lying_dimension (read whole, not refused), javascript_pdf, nul_bytes, invalid_encoding (a byte no
    code page maps, 0x90 in cp1258), utf16_without_bom garbage, deep_json, long_field (a 200 KB CSV cell).
    """
    ext = extension if extension.startswith(".") else f".{extension}"
    header = b"MaHoSo,TenThuTuc\n"
    cases = [
        Malformed("empty", f"rong{ext}", b""),
        Malformed("renamed_png", f"anh{ext}", PNG + b"\x00" * 64),
        Malformed("renamed_text", f"van-ban{ext}", b"Day khong phai tep nhi phan\n" * 4),
        Malformed("oversize", f"lon{ext}", b"a" * (limit_mb * 1024 * 1024 + 1)),
        Malformed("zip_bomb", f"bom{ext}", zip_bomb_xlsx()),
        Malformed("javascript_pdf", f"js{ext}", javascript_pdf()),
        Malformed("nul_bytes", f"nul{ext}", header + b"H.001,\x00\x00\x00thu\x00tuc\n" * 8),
        Malformed("invalid_encoding", f"ma{ext}", header + b"H.001,Th\x90\x81 t\x8d\x8e\n" * 8),
        Malformed(
            "utf16_odd", f"u16{ext}", codecs.BOM_UTF16_LE + "MaHoSo,Tên\n".encode("utf-16-le") + b"\x00"
        ),
        Malformed("deep_json", f"sau{ext}", deep_json()),
        Malformed("long_field", f"dai{ext}", header + b'H.001,"' + b"x" * (200 * 1024) + b'"\n'),
    ]
    if ext == ".txt":  # free text: plain words and a long line are a readable (if useless) letter
        cases = [Malformed(c.name, c.filename, c.data, refused=False) if c.name in ("renamed_text", "long_field") else c for c in cases]  # fmt: skip
    if ext in (".xlsx", ".xlsm"):
        cases.append(Malformed("lying_dimension", f"kich-thuoc{ext}", lying_dimension_xlsx(), refused=False, rows=DIMENSION_ROWS))  # fmt: skip
    return cases
