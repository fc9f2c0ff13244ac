"""Safe reading of the files users upload: every spreadsheet, CSV, JSON and Word reader goes through here.

What a file may not do to the server, checked before a library trusts it:

- a zip container (XLSX, DOCX) is checked from its central directory before anything is inflated:
  total uncompressed size at most :data:`MAX_INFLATED_BYTES` and no member inflating more than
  :data:`MAX_RATIO` times its compressed size (a 1.6 MB workbook inflating to 852 MB took a worker to
  3.95 GB) — :func:`check_zip`;
- a workbook is read to its real last row: openpyxl's read-only mode trusts the sheet's ``<dimension>``
  tag, and a wrong tag silently cut 10 rows to 1 — :func:`workbook_rows` resets it;
- text is decoded as UTF-8 (with or without BOM), UTF-16 (BOM or the zero-byte pattern) or cp1258
  (Vietnamese Windows code page), strictly: an undecodable byte or a NUL byte is refused with a
  Vietnamese message naming the line — :func:`decode_text`, :func:`transcode_to_utf8`;
- CSV cells are at most :data:`MAX_FIELD_BYTES` — :func:`csv_rows`;
- JSON is nested at most :data:`MAX_JSON_DEPTH` levels (checked before parsing, so no RecursionError)
  — :func:`load_json`.

Every refusal is a :class:`FileProblem` (a :class:`~cchc.domain.errors.UserError`): a Vietnamese
sentence naming the file, never a library's text.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cchc.domain.errors import UserError, log_failure

__all__ = [
    "MAX_FIELD_BYTES",
    "MAX_INFLATED_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_RATIO",
    "FileProblem",
    "check_content",
    "check_kept_file",
    "check_no_nul",
    "check_zip",
    "csv_rows",
    "decode_text",
    "detect_encoding",
    "load_json",
    "scan_text_file",
    "sniff",
    "transcode_to_utf8",
    "workbook_rows",
]

MAX_INFLATED_BYTES = (
    512 * 1024 * 1024
)  # a full 1 M-row dossier sheet stays below; the audit's bomb was 852 MB
MAX_RATIO = 100  # real workbooks compress 5–30×; a repeated-row bomb compresses 300–1000×
RATIO_FLOOR = 1024 * 1024  # members under 1 MB inflated may have any ratio (styles, empty sheets)
MAX_FIELD_BYTES = 128 * 1024  # one CSV cell; Python's csv default, now refused in words
MAX_JSON_DEPTH = 64

_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16", "cp1258": "Windows-1258"}  # fmt: skip


class FileProblem(UserError):
    """A file refused before or while reading it (Vietnamese message naming the file)."""


def _q(name: str) -> str:
    """' “name”' to follow "Tệp" in a sentence, or nothing when the name is unknown."""
    return f" “{name}”" if name else ""


# --- zip containers (XLSX, DOCX) -----------------------------------------------------------------


def check_zip(source: str | Path | bytes | IO[bytes], *, name: str = "", kind: str = "Excel (.xlsx)") -> None:
    """Refuse ``source`` unless it is a zip whose directory promises a bounded inflation.

    Reads only the central directory (sizes are checked before any member is inflated). ``kind``
    names the expected format in the message ("Excel (.xlsx)", "Word (.docx)").
    """
    if isinstance(source, str | Path):
        name = name or Path(source).name
    handle: Any = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    label = _q(name)
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        log_failure(exc, context=f"check_zip {name}")
        raise FileProblem(
            f"Tệp{label} không phải tệp {kind} hợp lệ (tệp bị hỏng hoặc là tệp khác đổi đuôi)."
        ) from exc
    finally:
        if hasattr(handle, "seek"):
            handle.seek(0)
    total = sum(m.file_size for m in members)
    if total > MAX_INFLATED_BYTES:
        raise FileProblem(
            f"Tệp{label} khi giải nén lớn tới {total // 1048576} MB (giới hạn {MAX_INFLATED_BYTES // 1048576} MB): "
            "không đọc tệp này; hãy chia nhỏ tệp."
        )
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise FileProblem(
                f"Tệp{label} có nội dung nén bất thường (giải nén gấp {member.file_size // max(member.compress_size, 1)} lần, "
                f"giới hạn {MAX_RATIO} lần): có thể là tệp “bom nén”, không đọc tệp này."
            )


def workbook_rows(path: str | Path, *, name: str = "", formats: bool = False) -> Iterator[list[Any]]:
    """The rows (lists of cell values) of the first sheet of an XLSX, every row to the real last one.

    The zip is checked first (:func:`check_zip`); the sheet's ``<dimension>`` tag is ignored
    (``reset_dimensions``) because openpyxl's read-only mode otherwise stops where the tag says. A
    damaged workbook raises :class:`FileProblem`. ``formats``: each cell as (value, number format), so a
    number shown "1.010" (format ``0.000``) can be read back as the text it shows.
    """
    from openpyxl import load_workbook  # imported here: only XLSX reads pay for it

    path = Path(path)
    name = name or path.name
    check_zip(path, name=name)
    damaged = f"Tệp Excel{_q(name)} bị hỏng hoặc sai định dạng, không đọc được nội dung."
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a damaged file
        log_failure(exc, context=f"workbook {name}")
        raise FileProblem(damaged) from exc
    try:
        if not book.worksheets:
            raise FileProblem(f"Tệp Excel{_q(name)} không có trang tính nào.")
        sheet = book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()
        try:
            if formats:
                for cells in sheet.iter_rows():
                    yield [(c.value, getattr(c, "number_format", None)) for c in cells]
            else:
                for row in sheet.iter_rows(values_only=True):
                    yield list(row)
        except FileProblem:
            raise
        except Exception as exc:  # malformed sheet XML, bad shared-string index…
            log_failure(exc, context=f"workbook rows {name}")
            raise FileProblem(damaged) from exc
    finally:
        book.close()


# --- text: encodings, NUL bytes --------------------------------------------------------------------


def _looks_utf16(head: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when every other byte of the start is zero (UTF-16 text without BOM)."""
    sample = head[:4000]
    if len(sample) < 8:
        return None
    half = len(sample) // 2
    if sample[1::2].count(0) > half * 0.6 and sample[0::2].count(0) < half * 0.1:
        return "utf-16-le"
    if sample[0::2].count(0) > half * 0.6 and sample[1::2].count(0) < half * 0.1:
        return "utf-16-be"
    return None


def detect_encoding(head: bytes) -> str:
    """'utf-8-sig', 'utf-16' (BOM), 'utf-16-le'/'utf-16-be' (no BOM), 'utf-8' or 'cp1258' from the
    first bytes of a file (a character cut at the end of ``head`` still counts as UTF-8)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    guess = _looks_utf16(head)
    if guess:
        return guess
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError as exc:
        # Valid multi-byte UTF-8 before the bad byte: a UTF-8 file with a broken character (reading
        # it as cp1258 would garble every accent); only ASCII before it: a cp1258 file.
        return "utf-8" if _has_high_bytes(head[: exc.start]) else "cp1258"


def _has_high_bytes(data: bytes) -> bool:
    return not data.isascii()


def _undecodable(name: str, encoding: str, data: bytes, position: int, line_offset: int = 0) -> FileProblem:
    line = line_offset + data.count(b"\n", 0, position) + 1
    byte = data[position : position + 1].hex().upper() or "?"
    return FileProblem(
        f"Tệp{_q(name)} dòng {line}: có ký tự không đọc được (byte 0x{byte}) theo bảng mã "
        f"{_ENCODING_NAMES.get(encoding, encoding)}. Hãy lưu lại tệp với mã UTF-8 rồi tải lên lại."
    )


def _nul(name: str, line: int) -> FileProblem:
    return FileProblem(
        f"Tệp{_q(name)} dòng {line}: chứa ký tự NUL (dữ liệu nhị phân), không phải tệp văn bản."
    )


def decode_text(data: bytes, *, name: str = "") -> str:
    """The text of ``data`` (UTF-8 with or without BOM, UTF-16, else cp1258), NFC-normalised.

    Refuses with :class:`FileProblem` naming the line: a byte no candidate encoding maps, a NUL
    character. UTF-8 is tried on the whole text before cp1258 (a late accented byte decides).
    """
    encoding = detect_encoding(data[: 1 << 20])
    if encoding == "utf-8":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if _has_high_bytes(data[: exc.start]):
                raise _undecodable(name, encoding, data, exc.start) from exc
            encoding = "cp1258"
    if encoding != "utf-8":
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding.startswith("utf-16"):
                raise FileProblem(
                    f"Tệp{_q(name)} ghi bằng mã UTF-16 nhưng bị hỏng (thiếu byte), không giải mã được."
                ) from exc
            raise _undecodable(name, encoding, data, exc.start) from exc
    nul = text.find("\x00")
    if nul >= 0:
        raise _nul(name, text.count("\n", 0, nul) + 1)
    return unicodedata.normalize("NFC", text)


def scan_text_file(path: str | Path, *, name: str = "", encoding: str | None = None) -> str:
    """Check a (possibly multi-GB) text file in one streaming pass without keeping it: every byte
    decodes in its encoding (by default the one its first MB shows) and none is NUL. Returns the
    encoding; raises :class:`FileProblem` naming the first bad line."""
    path = Path(path)
    with path.open("rb") as fh:
        encoding = encoding or detect_encoding(fh.read(1 << 20))
        fh.seek(0)
        for _text in _decoded_chunks(fh, encoding, name or path.name):
            pass
    return encoding


def _decoded_chunks(fh: IO[bytes], encoding: str, name: str) -> Iterator[str]:
    """The text of a binary stream in ``encoding``, 4 MiB at a time, refusing an undecodable byte, a NUL
    or a character cut at the end with the line (:class:`FileProblem`)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 0
    while chunk := fh.read(1 << 22):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            raise _undecodable(name, encoding, chunk, exc.start, lines) from exc
        nul = text.find("\x00")
        if nul >= 0:
            raise _nul(name, lines + text.count("\n", 0, nul) + 1)
        lines += chunk.count(b"\n")
        yield text
    try:
        yield decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise FileProblem(f"Tệp{_q(name)} kết thúc giữa chừng một ký tự (tệp bị cắt?).") from exc


def check_no_nul(path: str | Path, *, name: str = "") -> None:
    """Refuse a UTF-8 text file holding a NUL byte (binary data) with its line, at memchr speed
    (readers that take the file as it is, like DuckDB's CSV reader, would keep the NUL in a value)."""
    path = Path(path)
    offset = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 22):
            nul = chunk.find(b"\x00")
            if nul >= 0:
                fh.seek(0)  # count the lines only now: the clean pass stays one memchr per chunk
                lines, left = 0, offset + nul
                while left > 0:
                    part = fh.read(min(left, 1 << 22))
                    lines, left = lines + part.count(b"\n"), left - len(part)
                raise _nul(name or path.name, lines + 1)
            offset += len(chunk)


def transcode_to_utf8(path: str | Path, out: str | Path, *, encoding: str, name: str = "") -> None:
    """Stream ``path`` from ``encoding`` into UTF-8 at ``out`` (NFC: cp1258 writes tone marks as
    combining characters), refusing an undecodable byte or NUL with the line."""
    path = Path(path)
    with path.open("rb") as src, Path(out).open("w", encoding="utf-8", newline="") as dst:
        for text in _decoded_chunks(src, encoding, name or path.name):
            dst.write(unicodedata.normalize("NFC", text))


# --- CSV ------------------------------------------------------------------------------------------


def csv_rows(text: str, *, name: str = "", delimiter: str = ",") -> list[tuple[int, list[str]]]:
    """``(line number, cells)`` of a CSV text; a cell over :data:`MAX_FIELD_BYTES` or a broken quote
    is refused with :class:`FileProblem` naming the line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    previous = csv.field_size_limit(MAX_FIELD_BYTES)
    try:
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    raise FileProblem(
                        f"Tệp{_q(name)} dòng {start}: có ô dài quá {MAX_FIELD_BYTES // 1024} KB."
                    ) from exc
                log_failure(exc, context=f"csv {name}")
                raise FileProblem(
                    f"Tệp{_q(name)} dòng {start}: sai cấu trúc CSV (dấu ngoặc kép không khớp?)."
                ) from exc
            rows.append((start, row))
    finally:
        csv.field_size_limit(previous)
    return rows


# --- JSON -----------------------------------------------------------------------------------------

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """The deepest nesting of ``[`` / ``{`` outside strings (without parsing)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRINGS.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def load_json(text: str, *, name: str = "") -> Any:
    """Parse a JSON document, or NDJSON (one object a line), nested at most :data:`MAX_JSON_DEPTH`."""
    if json_depth(text) > MAX_JSON_DEPTH:
        raise FileProblem(f"Tệp JSON{_q(name)} lồng nhau quá sâu (hơn {MAX_JSON_DEPTH} cấp).")
    try:
        return json.loads(text)
    except json.JSONDecodeError as first:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if len(lines) < 2 or not _parses(lines[0][1]):  # not NDJSON (one document a line)
            raise FileProblem(
                f"Tệp JSON{_q(name)} sai cú pháp ở dòng {first.lineno}, cột {first.colno}."
            ) from first
        records = []
        for number, line in lines:  # NDJSON: one document a line
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise FileProblem(f"Tệp JSON{_q(name)} sai cú pháp ở dòng {number}.") from exc
        return records


# --- an upload, before it is kept -----------------------------------------------------------------


def check_content(source: bytes | IO[bytes], *, name: str) -> None:
    """The checks above that fit an upload, by its extension, so a bad file is refused while the user is
    still on the form: a workbook or Word file is a sound zip (no bomb), a CSV/TXT decodes without NUL
    bytes, a JSON decodes and is not nested too deep. Reads ``source`` whole (uploads are size-limited
    first); a file object is rewound."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        source.seek(0)
        data = source.read()
        source.seek(0)
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        check_zip(data, name=name)
    elif suffix == ".docx":
        check_zip(data, name=name, kind="Word (.docx)")
    elif suffix in (".csv", ".tsv", ".txt"):
        decode_text(data, name=name)
    elif suffix in (".json", ".ndjson"):
        load_json(decode_text(data, name=name), name=name)


# --- a file kept as sent (evidence of a task) -----------------------------------------------------

# The first bytes of each kind of file a user may keep; the extension must name what the bytes are.
_MAGIC = (
    ("PDF", (b"%PDF-",)),
    ("ZIP", (b"PK\x03\x04", b"PK\x05\x06")),  # XLSX, DOCX, ODT, ODS, ZIP
    ("OLE", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),  # Word 97–2003 (.doc), Excel 97–2003 (.xls)
    ("JPEG", (b"\xff\xd8\xff",)),
    ("PNG", (b"\x89PNG\r\n\x1a\n",)),
)
_KIND_OF = {
    ".pdf": "PDF", ".docx": "ZIP", ".xlsx": "ZIP", ".odt": "ZIP", ".ods": "ZIP", ".zip": "ZIP",
    ".doc": "OLE", ".xls": "OLE", ".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".txt": "TEXT",
}  # fmt: skip
_KIND_NAMES = {"PDF": "PDF", "ZIP": "nén zip", "OLE": "Office 97–2003", "JPEG": "ảnh JPEG", "PNG": "ảnh PNG"}
# What an Office or OpenDocument container must hold to be what its extension says.
_CONTAINER_MEMBER = {
    ".docx": ("word/document.xml", "Word (.docx)"),
    ".xlsx": ("xl/workbook.xml", "Excel (.xlsx)"),
    ".odt": ("content.xml", "OpenDocument (.odt)"),
    ".ods": ("content.xml", "OpenDocument (.ods)"),
}
_OLE_MACROS = "_VBA_PROJECT".encode("utf-16-le")  # the macro storage's name in an OLE directory


def sniff(data: bytes) -> str:
    """The kind the bytes are ("PDF", "ZIP", "OLE", "JPEG", "PNG"), or "TEXT" when none of those."""
    head = data[:1024]
    if b"%PDF-" in head:  # a PDF header may follow a few bytes of junk (readers accept it)
        return "PDF"
    return next((kind for kind, magics in _MAGIC if head.startswith(magics)), "TEXT")


def check_kept_file(data: bytes, *, name: str) -> None:
    """Refuse a file that is kept as sent (a task's evidence) and offered for download later, unless its
    content is what its extension says and carries nothing active or explosive:

    - the bytes are of the extension's kind (PNG bytes named .pdf, a PDF named .txt are refused);
    - a PDF has no JavaScript, automatic action, launch or embedded file (read leniently, as letters are:
      ``pdf_safety.active_content``);
    - a zip container (XLSX, DOCX, ODT, ODS, ZIP) passes :func:`check_zip` (no bomb) and an Office or
      OpenDocument file holds its main part and no macro project (``vbaProject.bin``);
    - an Office 97–2003 file has no macro storage;
    - a text file decodes without NUL bytes (:func:`decode_text`) and holds some words.

    Raises :class:`FileProblem` (a Vietnamese sentence naming the file)."""
    from cchc.domain.documents.pdf_safety import DESCRIPTIONS, active_content

    suffix = Path(name).suffix.lower()
    expected = _KIND_OF.get(suffix)
    label = _q(name)
    got = sniff(data)
    if expected is not None and got != expected:
        what = f"là tệp {_KIND_NAMES[got]}" if got != "TEXT" else f"không phải tệp {suffix}"
        raise FileProblem(
            f"Tệp{label} có đuôi {suffix} nhưng nội dung {what} (tệp khác đổi đuôi?): không nhận."
        )
    if got == "PDF":
        problem = active_content(data)
        if problem is not None and problem.code in DESCRIPTIONS:
            raise FileProblem(DESCRIPTIONS[problem.code].replace("Tệp PDF", f"Tệp PDF{label}", 1))
    elif got == "ZIP":
        member, kind = _CONTAINER_MEMBER.get(suffix, ("", "nén (.zip)"))
        check_zip(data, name=name, kind=kind)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
        if member and member not in names:
            raise FileProblem(f"Tệp{label} không phải tệp {kind} hợp lệ (thiếu phần nội dung chính).")
        if suffix != ".zip" and any(n.lower().endswith("vbaproject.bin") for n in names):
            raise FileProblem(f"Tệp{label} chứa macro (mã lệnh VBA): không nhận vì lý do an toàn.")
    elif got == "OLE":
        if _OLE_MACROS in data:
            raise FileProblem(f"Tệp{label} chứa macro (mã lệnh VBA): không nhận vì lý do an toàn.")
    elif got == "TEXT":
        text = decode_text(data, name=name)
        if not any(ch.isalpha() for ch in text[: 1 << 20]):
            raise FileProblem(f"Tệp văn bản{label} không có chữ nào: không phải một văn bản.")
