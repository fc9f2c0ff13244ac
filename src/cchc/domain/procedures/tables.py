"""Reading the tables provinces publish (CSV / XLSX) and mapping their Vietnamese headers.

A :class:`HeaderProfile` is data (data/procedure_profiles.toml, read by :mod:`cchc.domain.profiles`,
the loader dossier profiles share): per canonical field, the header spellings seen in the wild. Headers
are compared after :func:`~cchc.domain.procedures.catalogue.fold` (no diacritics, no case, single
spaces, "_" = space), so "Mã số TTHC", "MÃ TTHC", "ma_tthc" all match. The parsers in
:mod:`.importers` turn rows into records and never write anything: the caller decides between
all-or-nothing and valid-rows-only with :attr:`ParseResult.ok`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar

from cchc.domain import files
from cchc.domain.errors import UserError
from cchc.domain.numbers import NumberFormatError, parse_decimal
from cchc.domain.profiles import Family, Profile, load, load_data
from cchc.domain.text import fold

__all__ = [
    "CATALOGUE",
    "COST_CASES",
    "FEE_RULES",
    "FULL_COST",
    "PROFILES",
    "HeaderProfile",
    "ParseResult",
    "RejectedRow",
    "TableError",
    "detect_profile",
    "map_headers",
    "read_table",
]

T = TypeVar("T")


class TableError(UserError):
    """The file as a whole cannot be read (format, encoding, no matching profile)."""


HeaderProfile = Profile  # a procedure table's profile is a column profile like any other


@dataclass(frozen=True, slots=True)
class RejectedRow:
    row_number: int  # spreadsheet row: the header is row 1, the first data row is row 2
    raw: dict[str, str]  # header as printed → cell text
    reasons: tuple[str, ...]  # Vietnamese


@dataclass(slots=True)
class ParseResult(Generic[T]):
    profile: str
    kind: str
    records: list[T] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unmapped_headers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no row was rejected (an all-or-nothing import may proceed)."""
        return not self.rejected

    @property
    def total_rows(self) -> int:
        return len(self.records) + len(self.rejected)


FIELD_TYPES = ("text", "date", "flag", "amount", "number")
FAMILY = Family(label="bảng thủ tục", types=FIELD_TYPES, needs=("order", "kind"))


def load_profiles(text: str | None = None) -> tuple[HeaderProfile, ...]:
    """The profiles of data/procedure_profiles.toml (or of ``text``), in their ``order``, read and
    checked by the shared loader (:mod:`cchc.domain.profiles`)."""
    if text is None:
        return load_data("procedure_profiles.toml", FAMILY)
    return load(text, FAMILY)


# Most specific first: a cost table also has "ma_tthc" and would otherwise look like a catalogue.
PROFILES: tuple[HeaderProfile, ...] = load_profiles()
FULL_COST, COST_CASES, FEE_RULES, CATALOGUE = PROFILES


def map_headers(headers: Sequence[str], profile: HeaderProfile) -> tuple[dict[str, int], list[str]]:
    """Canonical field → column index, and the headers no alias matched."""
    index: dict[str, int] = {}
    unmapped: list[str] = []
    lookup = profile.lookup()
    for i, header in enumerate(headers):
        name = lookup.get(fold(header))
        if name is not None and name not in index:
            index[name] = i
        elif fold(header):
            unmapped.append(header)
    return index, unmapped


def detect_profile(headers: Sequence[str], profiles: Sequence[HeaderProfile] = PROFILES) -> HeaderProfile:
    """The first profile whose required fields all appear; raises :class:`TableError` otherwise."""
    for profile in profiles:
        index, _ = map_headers(headers, profile)
        if all(name in index for name in profile.required):
            return profile
    raise TableError(
        "Không nhận ra cấu trúc bảng: cần ít nhất các cột "
        + "; ".join(f"{p.name}: {', '.join(p.required)}" for p in profiles)
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_table(path: str | Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """Headers and ``(row_number, cells)`` of the first sheet of an XLSX or of a CSV (UTF-8 with or
    without BOM, UTF-16 or cp1258; "," or ";" delimited). Blank rows are skipped; the header is the first
    non-blank row. XLSX cells keep their Python type (a float code like 1.00144 is repaired by the code
    parser). The file is read through :mod:`cchc.domain.files` (zip bomb, dimension tag, encodings,
    NUL bytes, over-long cells): a refusal is a :class:`TableError` naming the file and the line."""
    path = Path(path)
    if not path.is_file():
        raise TableError(f"Không tìm thấy tệp: {path.name}")
    suffix = path.suffix.lower()
    try:
        if suffix in {".xlsx", ".xlsm"}:
            return _split_header(list(enumerate(files.workbook_rows(path), start=1)))
        if suffix in {".csv", ".txt"}:
            return _read_csv(path)
    except files.FileProblem as exc:
        raise TableError(str(exc)) from exc
    raise TableError(f"Định dạng tệp không hỗ trợ: '{path.suffix}' (cần .csv hoặc .xlsx)")


def _read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    text = files.decode_text(path.read_bytes(), name=path.name)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    records = files.csv_rows(text, name=path.name, delimiter=delimiter)
    return _split_header(
        [(n, list(cells)) for n, (_line, cells) in enumerate(records, start=1)]
    )  # record = row


def _split_header(rows: list[tuple[int, list[Any]]]) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    rows = [(n, cells) for n, cells in rows if any(_cell_text(c) for c in cells)]
    if not rows:
        raise TableError("Tệp không có dữ liệu")
    header_number, header = rows[0]
    del header_number
    return [_cell_text(h) for h in header], rows[1:]


def cell(cells: Sequence[Any], index: dict[str, int], name: str) -> Any:
    """The raw cell of field ``name`` (None when the column is absent or the row is short)."""
    i = index.get(name)
    if i is None or i >= len(cells):
        return None
    return cells[i]


def text_of(cells: Sequence[Any], index: dict[str, int], name: str) -> str:
    return _cell_text(cell(cells, index, name))


def number_of(cells: Sequence[Any], index: dict[str, int], name: str, label: str, reasons: list[str], *, required: bool = True) -> Decimal | None:  # fmt: skip
    """A non-negative decimal cell; a missing (when required), malformed or negative value adds a reason."""
    text = text_of(cells, index, name)
    if not text:
        if required:
            reasons.append(f"Thiếu {label}")
        return None
    try:
        value = parse_decimal(text)
    except NumberFormatError:
        reasons.append(f"{label[0].upper()}{label[1:]} không hợp lệ: '{text}'")
        return None
    if value < 0:
        reasons.append(f"{label[0].upper()}{label[1:]} không được âm: '{text}'")
        return None
    return value


def date_of(
    cells: Sequence[Any], index: dict[str, int], name: str, label: str, reasons: list[str]
) -> date | None:
    """A date cell (an XLSX date, or text dd/mm/yyyy); a malformed one adds a Vietnamese reason."""
    from cchc.domain.dates import parse_vn_date

    value = cell(cells, index, name)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = text_of(cells, index, name)
    if not text:
        return None
    parsed = parse_vn_date(text)
    if parsed is None:
        reasons.append(f"{label} không hợp lệ: “{text}” (cần dạng 27/03/2026)")
    return parsed


def raw_row(headers: Sequence[str], cells: Sequence[Any]) -> dict[str, str]:
    return {h: _cell_text(cells[i]) if i < len(cells) else "" for i, h in enumerate(headers)}


def records_of(
    headers: Sequence[str],
    rows: Sequence[tuple[int, Sequence[Any]]],
    profile: HeaderProfile,
    build: Callable[[int, Sequence[Any], dict[str, int], list[str]], Any | None],
    key: Callable[[Any], tuple[str, ...]],
) -> ParseResult:
    """Records and rejected rows of ``rows`` read with ``profile``: ``build`` makes a row's record (or None,
    having appended its reasons); a record whose ``key`` was seen on an earlier row is rejected ("Trùng với dòng
    N"). Every row ends up in one of the two lists, its cells kept as printed."""
    index, unmapped = map_headers(headers, profile)
    result: ParseResult = ParseResult(profile=profile.name, kind=profile.kind, unmapped_headers=unmapped)
    if unmapped:
        result.warnings.append("Các cột không dùng: " + ", ".join(unmapped))
    seen: dict[tuple[str, ...], int] = {}
    for number, cells in rows:
        reasons: list[str] = []
        record = build(number, cells, index, reasons)
        if record is not None and key(record) in seen:
            reasons.append(f"Trùng với dòng {seen[key(record)]}")
            record = None
        if record is None:
            result.rejected.append(RejectedRow(number, raw_row(headers, cells), tuple(reasons)))
            continue
        seen[key(record)] = number
        result.records.append(replace(record, raw=raw_row(headers, cells)))
    return result
