"""Read a dossier file as all-text columns ``<original headers…>`` in file order (:func:`open_source`).

CSV goes straight through DuckDB's reader (vectorised); files that are not UTF-8 (UTF-16, cp1258) are
first transcoded to a UTF-8 temporary file in streaming fashion. XLSX (openpyxl read-only) and JSON are
small-file paths read in Python and handed over as an Arrow table of strings. Every check of the file
itself (zip bomb, ``<dimension>`` tag, encodings, NUL bytes, JSON depth) is :mod:`cchc.domain.files`'s;
a failure of DuckDB's CSV reader becomes a Vietnamese :class:`ReadError`, its text goes to the log.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from cchc.analytics.normalise import lit, quote_ident
from cchc.domain import files
from cchc.domain.dossiers import FIELD_BY_NAME, map_headers
from cchc.domain.errors import UserError, log_failure

if TYPE_CHECKING:
    import pyarrow as pa

_PROBE = 1 << 20


class ReadError(UserError):
    """A file-level problem (message in Vietnamese)."""


def detect_encoding(path: Path) -> str:
    """'utf-8', 'utf-8-sig', 'utf-16' or 'cp1258' (Vietnamese Windows code page, the usual non-UTF-8 export)."""
    with path.open("rb") as fh:
        return files.detect_encoding(fh.read(_PROBE))


def csv_failure(exc: duckdb.Error, path: Path, name: str = "") -> ReadError:
    """A Vietnamese :class:`ReadError` for DuckDB failing on the CSV ``path``: the file is scanned for
    the usual cause (a byte that is not UTF-8, a NUL byte) to name its line; else the line DuckDB names."""
    log_failure(exc, context=f"read_csv {path}")
    name = name or path.name
    try:
        files.scan_text_file(path, name=name)
    except files.FileProblem as problem:
        return ReadError(str(problem))
    line = re.search(r"Line: (\d+)", str(exc))
    where = f" ở dòng {line.group(1)}" if line else ""
    return ReadError(
        f"Tệp CSV “{name}” sai cấu trúc{where} (số cột không đều, dấu ngoặc kép không khớp hoặc dòng quá dài)."
    )


def _transcode(path: Path, encoding: str, tmp_dir: Path) -> Path:
    # cp1258 writes tone marks as combining characters: NFC makes "Hà Nội" compare equal to UTF-8 input.
    out = Path(tempfile.mkstemp(suffix=".csv", dir=tmp_dir)[1])
    try:
        files.transcode_to_utf8(path, out, encoding=encoding)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value))


_FIXED_DECIMALS = re.compile(r"^0\.(0+)$")


def _shown(value: Any, number_format: str | None) -> str | None:
    """A number cell of a text field (a procedure code) as Excel shows it: 1.01 formatted ``0.000`` is
    "1.010", never the float's "1.01"; other cells as :func:`_cell`."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and number_format:
        if m := _FIXED_DECIMALS.match(number_format):
            return f"{value:.{len(m[1])}f}"
    return _cell(value)


def _rows_xlsx(path: Path) -> Iterator[list[Any]]:
    return files.workbook_rows(path, formats=True)


def _records_json(path: Path) -> list[dict[str, Any]]:
    data = files.load_json(files.decode_text(path.read_bytes(), name=path.name), name=path.name)
    if isinstance(data, dict):
        data = next((v for v in data.values() if isinstance(v, list)), [])
    if not all(isinstance(r, dict) for r in data):
        raise ReadError(f"Tệp JSON “{path.name}” phải là danh sách đối tượng hồ sơ.")
    return data


def _arrow(headers: list[str], rows: list[list[str | None]]) -> pa.Table:
    import pyarrow as pa  # only for the Excel and JSON files (a CSV import need not load it)

    cols = {
        h: pa.array([r[i] if i < len(r) else None for r in rows], pa.string()) for i, h in enumerate(headers)
    }
    return pa.table(cols)


@contextmanager
def open_source(con: duckdb.DuckDBPyConnection, path: Path, tmp_dir: Path) -> Iterator[tuple[str, list[str]]]:
    """Yield (FROM-clause SQL reading ``path`` as all-text columns in file order, the headers).

    Nothing is copied: the import reads the file once, normalising as it goes. A transcoded CSV or a
    registered Arrow table lives until the block ends.
    """
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ReadError(f"Không tìm thấy tệp “{path.name}”.")
    if suffix in (".csv", ".txt", ".tsv"):
        enc = detect_encoding(path)
        if enc in ("utf-8", "utf-8-sig"):
            files.check_no_nul(path)  # transcoding checks the others
        src = path if enc in ("utf-8", "utf-8-sig") else _transcode(path, enc, tmp_dir)
        try:
            source = f"read_csv({lit(str(src))}, all_varchar = true, header = true)"
            try:
                headers = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
            except duckdb.Error as exc:
                raise csv_failure(exc, path) from exc
            yield source, headers
        finally:
            if src != path:
                src.unlink(missing_ok=True)
    elif suffix == ".parquet":
        pq = f"read_parquet({lit(str(path))})"
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {pq}").fetchall()]
        casts = ", ".join(f"CAST({quote_ident(c)} AS VARCHAR) AS {quote_ident(c)}" for c in cols)
        yield f"(SELECT {casts} FROM {pq}) AS pq", cols
    elif suffix in (".xlsx", ".xlsm", ".json", ".ndjson"):
        if suffix == ".json" or suffix == ".ndjson":
            records = _records_json(path)
            headers = list(dict.fromkeys(k for r in records for k in r))
            rows = [[_cell(r.get(h)) for h in headers] for r in records]
        else:
            it = _rows_xlsx(path)
            header_row = next((r for r in it if any(c[0] is not None for c in r)), None)
            if header_row is None:
                raise ReadError(f"Tệp Excel “{path.name}” không có dữ liệu.")
            headers = [
                str(c).strip() if c is not None else f"cot_{i + 1}" for i, (c, _f) in enumerate(header_row)
            ]
            # Codes (text fields) keep the digits a number cell shows ("1.010"), other cells their value.
            _profile, mapping = map_headers(headers)
            text = {
                i for i, h in enumerate(headers) if h in mapping and FIELD_BY_NAME[mapping[h]].kind == "text"
            }
            rows = [
                [_shown(v, f) if i in text else _cell(v) for i, (v, f) in enumerate(r)]
                for r in it
                if any(c[0] is not None for c in r)
            ]
        con.register("_arrow_raw", _arrow(headers, rows))
        try:
            yield "_arrow_raw", headers
        finally:
            con.unregister("_arrow_raw")
    else:
        raise ReadError(f"Định dạng tệp “{suffix}” chưa được hỗ trợ (CSV, XLSX, JSON, Parquet).")
