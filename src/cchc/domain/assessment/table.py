"""A province's criteria table in XLSX ↔ the rows of a criteria set (cchc.domain.assessment.criteria).

Reading: the first sheet; rows above the table whose first cell names a set field ("Phiên bản", "Thang
điểm" …) give the set's header; the table starts at the first row whose cells name the required columns
(spellings in data/assessment_profiles.toml); every later non-empty row is a criteria row, named by its
sheet row number in any problem. Writing: the same layout, so an exported set imports back unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from cchc.domain.cells import workbook
from cchc.domain.files import workbook_rows
from cchc.domain.numbers import format_number
from cchc.domain.profiles import Family, load_data
from cchc.domain.text import fold

from .criteria import FIELDS, SET_FIELDS, CriteriaError, CriteriaSet, Problem, parse_set


@dataclass(frozen=True, slots=True)
class Profile:
    columns: dict[str, tuple[str, ...]]  # key → folded spellings
    required: tuple[str, ...]
    set_fields: dict[str, tuple[str, ...]]


FAMILY = Family(label="bảng tiêu chí Chỉ số CCHC", types=("text", "number", "flag"), needs=("kind",))


def load_profile() -> Profile:
    """The spellings of data/assessment_profiles.toml (the one profile format and loader), with each
    field's Vietnamese name (criteria.FIELDS / SET_FIELDS) always accepted."""
    profiles = {p.kind: p for p in load_data("assessment_profiles.toml", FAMILY)}
    rows, header = profiles["rows"], profiles["header"]

    def with_names(p: Any, names: dict[str, str]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(dict.fromkeys([fold(names[k]), *spellings])) for k, spellings in p.aliases.items()}

    return Profile(with_names(rows, FIELDS), tuple(rows.required), with_names(header, SET_FIELDS))


PROFILE = load_profile()


@dataclass(frozen=True, slots=True)
class Table:
    header: dict[str, Any]
    rows: list[dict[str, Any]]
    row_numbers: list[int]
    columns: list[str]  # the keys found, in sheet order
    ignored: list[str]  # headers of columns not read (shown in the preview, never silently dropped)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _key_of(header: Any, spellings: dict[str, tuple[str, ...]]) -> str | None:
    folded = fold(_text(header))
    if not folded:
        return None
    return next((k for k, names in spellings.items() if folded in names), None)


def read_table(path: str | Path, *, name: str = "") -> Table:
    """The set's header and rows of an XLSX criteria table (raises CriteriaError naming what is missing)."""
    header: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    numbers: list[int] = []
    index: dict[int, str] | None = None
    ignored: list[str] = []
    for number, cells in enumerate(workbook_rows(path, name=name), start=1):
        if index is None:
            keys = {i: _key_of(c, PROFILE.columns) for i, c in enumerate(cells)}
            if all(k in keys.values() for k in PROFILE.required):
                index = {i: k for i, k in keys.items() if k is not None}
                ignored = [_text(c) for i, c in enumerate(cells) if keys.get(i) is None and _text(c)]
                continue
            set_key = _key_of(cells[0] if cells else None, PROFILE.set_fields)
            if set_key is not None and len(cells) > 1 and cells[1] not in (None, ""):
                header[set_key] = cells[1] if not isinstance(cells[1], str) else cells[1].strip()
            continue
        values = {k: cells[i] for i, k in index.items() if i < len(cells) and cells[i] not in (None, "")}
        if not values:
            continue
        row: dict[str, Any] = {}
        for key, value in values.items():
            row[key] = (
                _text(value)
                if key in ("code", "name", "rule", "bands", "na", "source", "note", "evidence")
                else value
            )
        rows.append(row)
        numbers.append(number)
    if index is None:
        wanted = ", ".join(f"“{FIELDS[k]}”" for k in PROFILE.required)
        raise CriteriaError([Problem(None, "", "", f"không tìm thấy dòng tiêu đề của bảng (cần các cột {wanted})")], name=name)  # fmt: skip
    header["sample"] = fold(_text(header.get("sample"))) in ("x", "co", "true", "1", "yes")
    return Table(header, rows, numbers, list(index.values()), ignored)


def load_table(path: str | Path, *, name: str = "", defaults: dict[str, Any] | None = None,
               known_sources: Sequence[str] | None = None) -> tuple[CriteriaSet, Table]:  # fmt: skip
    """Read and validate: the set (header from the sheet, missing values from ``defaults``) and the table."""
    table = read_table(path, name=name)
    header = {**(defaults or {}), **table.header}
    cset = parse_set(
        header, table.rows, name=name, known_sources=known_sources, row_numbers=table.row_numbers
    )
    return cset, table


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value) if value == value.quantize(Decimal("0.0001")) else str(value)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "x" if value else ""
    return value


def write_table(cset: CriteriaSet, target: str | Path | IO[bytes]) -> None:
    """The set as the province's table (XLSX), readable back by :func:`read_table`."""
    book = workbook(target)
    sheet = book.add_worksheet("Bộ tiêu chí")
    bold = book.add_format({"bold": True})
    head = cset.header()
    for r, key in enumerate(("code", "name", "version", "year", "basis", "sample", "scale", "survey_max")):
        sheet.write(r, 0, SET_FIELDS[key], bold)
        value = ("x" if head[key] else "") if key == "sample" else head[key]
        sheet.write(
            r,
            1,
            float(Decimal(value)) if key in ("scale", "survey_max") else ("" if value is None else value),
        )
    start = 9
    keys = list(FIELDS)
    for c, key in enumerate(keys):
        sheet.write(start, c, FIELDS[key], bold)
    for r, row in enumerate(cset.rows, start=start + 1):
        for c, key in enumerate(keys):
            value = row.get(key)
            if value in (None, "", []):
                continue
            if key == "max" or key in ("per", "floor", "no_points"):
                sheet.write_number(r, c, float(Decimal(str(value))))
            elif key == "bands" and isinstance(value, list):
                sheet.write(r, c, "; ".join(f"{a}:{b}" for a, b in value))
            else:
                sheet.write(r, c, _cell(value))
    sheet.set_column(1, 1, 60)
    book.close()


def describe_number(value: Decimal) -> str:
    return format_number(value, 2, strip_zeros=True)
