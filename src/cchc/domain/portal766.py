"""The 766 scores of the national public-service portal (Cổng DVCQG), as a department saves them.

Two kinds of file (docs/analytics.md, "Đối chiếu với Cổng DVCQG"; examples in docs/examples/):

- the table (CSV or XLSX) downloaded from the national 766 page, in one of two layouts:
  *long* — one row per unit × period × group or indicator, with a score column ("Điểm");
  *wide* — one row per unit × period, one column per group ("CKMB", "Công khai, minh bạch",
  "transparency") or indicator ("Chỉ số 2.1", "2.1"), and optionally "Tổng điểm";
- the JSON the page's reporting endpoints return (``/api/v1/reporting/evaluation/{transparency|
  dvc-progress-tree|…}``, standards.md §1 S1.4): records with a unit and a score, inside an envelope
  (``data``/``items``/``result``…), possibly keyed by endpoint, with the indicators of a record as a
  child list (``metrics``/``children``…). A record under an endpoint's key is that endpoint's group.

Column names and JSON keys are matched loosely (:func:`cchc.domain.text.fold`, CamelCase split), numbers
may be Vietnamese ("13,2", "1.234") and periods "03/2026", "Quý I/2026", "2026-Q1", "Năm 2026". A row
or value that cannot be read is refused with a :class:`PortalFileError` naming the row (or JSON path) and
the column: nothing is dropped silently.

Plain Python, no Django: the reading is tested in tests/domain/test_portal766.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from cchc.analytics.periods import PeriodError, parse_period
from cchc.domain import files
from cchc.domain.errors import UserError
from cchc.domain.index766 import GROUPS
from cchc.domain.index766_specs import specs
from cchc.domain.measures import window
from cchc.domain.numbers import NumberFormatError, parse_decimal
from cchc.domain.text import fold

__all__ = [
    "ENDPOINT_GROUPS",
    "Level",
    "PortalFile",
    "PortalFileError",
    "PortalRow",
    "PortalSheet",
    "normalise_period",
    "read_portal",
    "read_portal_bytes",
    "sheets",
]

Level = Literal["indicator", "group", "total"]

# The reporting endpoint of each group on the national portal (standards.md §1.1, S1.4).
ENDPOINT_GROUPS: dict[str, str] = {
    "transparency": "CKMB",
    "dvc-progress-tree": "TDGQ",
    "provide-online-tree": "ONLINE",
    "formality-online-payment-tree": "TTTT",
    "handling-satisfaction": "MDHL",
    "dossier-digitized": "MDSH",
}
# Endpoints that return no group score (the results list); their records are read like any other.
OTHER_ENDPOINTS = ("service-results",)

ALLOWED_SUFFIXES = (".csv", ".xlsx", ".json")
MAX_HEADER_SEARCH = 10  # title lines above the header row in a downloaded table


class PortalFileError(UserError):
    """A portal file that cannot be read as it is (Vietnamese message naming the row and the column)."""


@dataclass(frozen=True, slots=True)
class PortalRow:
    """One score of the portal file: an indicator's, a group's or the total of a unit × period."""

    where: str  # "dòng 5" (CSV/XLSX) or "bản ghi data[3]" (JSON): where a person finds it in the file
    unit_code: str
    unit_name: str
    period: str  # store form: "2026-03", "2026-Q1", "2026", "2026-01-01..2026-03-31"
    level: Level
    group: str  # group code (CKMB…); "" for the total
    indicator: str  # indicator id ("2.1"); "" unless level == "indicator"
    score: float
    numerator: float | None = None
    denominator: float | None = None
    dossiers: int | None = None  # dossiers received by the unit in the period, as the portal counts them

    @property
    def unit_key(self) -> str:
        return self.unit_code or self.unit_name


@dataclass(frozen=True, slots=True)
class PortalFile:
    rows: tuple[PortalRow, ...]
    layout: str  # "dài", "rộng" or "JSON"
    exported_on: date | None = None  # when the portal's figures were taken (a column or a JSON key)


@dataclass(slots=True)
class PortalSheet:
    """The portal's scores of one unit × period, gathered from the rows."""

    unit_code: str
    unit_name: str
    period: str
    indicators: dict[str, PortalRow] = field(default_factory=dict)
    groups: dict[str, float] = field(default_factory=dict)
    total: float | None = None
    dossiers: int | None = None

    def add(self, r: PortalRow) -> None:
        """Take one row's score (an indicator's, a group's or the total) and its dossier count."""
        if r.dossiers is not None:
            self.dossiers = r.dossiers
        if r.level == "indicator":
            self.indicators[r.indicator] = r
        elif r.level == "group":
            self.groups[r.group] = r.score
        else:
            self.total = r.score


# --- names of columns and keys ---------------------------------------------------------------------

# field → spellings (folded). A JSON key in CamelCase is split first ("agencyCode" → "agency code").
ALIASES: dict[str, tuple[str, ...]] = {
    "unit_code": ("ma don vi", "ma dv", "ma co quan", "ma", "unit code", "agency code", "ma don vi co quan",
                  "unit id", "agency id", "ma so", "madonvi", "ma dvi"),
    "unit_name": ("ten don vi", "don vi", "ten co quan", "co quan", "unit name", "agency name", "unit",
                  "agency", "ten"),
    "period": ("ky", "ky danh gia", "ky bao cao", "thoi gian", "period", "thoi ky", "ky so lieu"),
    "group": ("nhom", "nhom chi so", "ma nhom", "group", "group code", "nhom tieu chi"),
    "indicator": ("chi so", "ma chi so", "chi tieu", "tieu chi", "indicator", "metric", "metric code",
                  "indicator code", "ma tieu chi", "stt chi so"),
    "score": ("diem", "diem dat", "diem so", "score", "diem danh gia", "point", "points", "so diem"),
    "numerator": ("tu so", "numerator", "so dat", "so dat yeu cau"),
    "denominator": ("mau so", "denominator", "tong so"),
    "dossiers": ("so ho so", "tong ho so", "tong so ho so", "ho so tiep nhan", "so ho so tiep nhan",
                 "total dossier", "total dossiers", "dossier count", "total received", "tong ho so tiep nhan"),
    "exported_on": ("ngay xuat", "ngay lay du lieu", "thoi diem xuat", "ngay trich xuat", "exported at",
                    "export date", "ngay cap nhat", "updated at"),
    "total": ("tong diem", "tong", "total", "total score", "diem tong", "tong diem 766"),
    "max": ("diem toi da", "max score", "toi da", "max"),
}  # fmt: skip
_ALIAS_OF = {alias: name for name, aliases in ALIASES.items() for alias in aliases}
# Keys of a JSON envelope holding the records, and of a record holding its indicators.
_LIST_KEYS = ("data", "items", "result", "results", "records", "rows", "content", "list", "units", "don vi")
_CHILD_KEYS = ("metrics", "children", "indicators", "chi so", "details", "metric list", "sub metrics")


def _key(text: str) -> str:
    """A header or JSON key folded for matching: CamelCase split, then :func:`fold`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(text))
    return fold(spaced)


def _group_of_name(text: str) -> str | None:
    """The group code named by ``text``: its code (CKMB), endpoint id (transparency) or Vietnamese name."""
    key = _key(text)
    if not key:
        return None
    for code, g in GROUPS.items():
        if key in (fold(code), fold(g.name), f"nhom {fold(code)}"):
            return code
    for endpoint, code in ENDPOINT_GROUPS.items():
        if key == fold(endpoint):
            return code
    return None


_INDICATOR_TEXT = re.compile(r"^(?:chi so|chi tieu|tieu chi|metric|indicator)?\s*(\d+)\s+(\d+)\s*([a-z]?)$")


def _indicator_of_name(text: str) -> str | None:
    """The indicator id in "2.1", "Chỉ số 3.5a", "chi_so_2_1" (a known id only)."""
    key = _key(text)
    m = _INDICATOR_TEXT.match(key)
    if not m:
        return None
    ident = f"{m[1]}.{m[2]}{m[3]}"
    return ident if ident in {s.id for s in specs()} else None


# --- values -------------------------------------------------------------------------------------------

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def normalise_period(value: Any) -> str:
    """A period as written in a portal file → the store form ("2026-03", "2026-Q1", "2026", ranges).

    Accepts "2026-03", "03/2026", "Tháng 3/2026", "T3/2026", "2026-Q1", "Quý I/2026", "Q1/2026", "2026",
    "Năm 2026", "01/01/2026 - 31/03/2026" and "2026-01-01..2026-03-31". Raises :class:`PeriodError`.
    """
    if isinstance(value, datetime | date):
        return f"{value:%Y-%m}"
    raw = str(value).strip()
    key = fold(raw)
    if m := re.fullmatch(r"(?:thang|t)?\s*(\d{1,2}) (\d{4})", key):
        if 1 <= int(m[1]) <= 12:
            return f"{m[2]}-{int(m[1]):02d}"
    if m := re.fullmatch(r"(?:quy|q)\s*(i{1,3}|iv|[1-4]) (\d{4})", key):
        q = _ROMAN.get(m[1]) or int(m[1])
        return f"{m[2]}-Q{q}"
    if m := re.fullmatch(r"(\d{4}) q([1-4])", key):
        return f"{m[1]}-Q{m[2]}"
    if m := re.fullmatch(r"(?:nam)?\s*(\d{4})", key):
        return m[1]
    if m := re.fullmatch(r"(\d{1,2}) (\d{1,2}) (\d{4}) (\d{1,2}) (\d{1,2}) (\d{4})", key):
        try:
            a = date(int(m[3]), int(m[2]), int(m[1]))
            b = date(int(m[6]), int(m[5]), int(m[4]))
        except ValueError:
            a = b = None  # type: ignore[assignment]
        if a and b and a <= b:
            return window(a, b)
    return parse_period(raw).label if ".." not in raw else _range(raw)


def _range(raw: str) -> str:
    parse_period(raw)
    return raw.strip()


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if m := re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    if m := re.match(r"(\d{4})-(\d{2})-(\d{2})", text):
        return date(int(m[1]), int(m[2]), int(m[3]))
    raise ValueError(text)


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise NumberFormatError(str(value))
    if isinstance(value, int | float | Decimal):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return parse_decimal(str(value))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# --- building the rows --------------------------------------------------------------------------------


class _Builder:
    """Checks the values of one file and gathers its rows; every problem names where it is."""

    def __init__(self, name: str, default_period: str | None) -> None:
        self.name = name
        self.default_period = normalise_period(default_period) if default_period else None
        self.rows: list[PortalRow] = []
        self.exported_on: date | None = None
        self.seen: dict[tuple[str, str, str, str, str], str] = {}
        self.dossiers: dict[tuple[str, str], tuple[int, str]] = {}

    def fail(self, where: str, column: str, text: str) -> PortalFileError:
        col = f", cột “{column}”" if column else ""
        return PortalFileError(f"Tệp “{self.name}” {where}{col}: {text}")

    def number(
        self, value: Any, where: str, column: str, *, low: float = 0.0, high: float | None = None
    ) -> float:
        try:
            x = float(_number(value))
        except (NumberFormatError, ValueError, ArithmeticError):
            raise self.fail(where, column, f"“{value}” không phải là số (ví dụ đúng: 13,2).") from None
        if x != x or x < low or (high is not None and x > high + 1e-9):
            bound = f" đến {_fmt(high)}" if high is not None else ""
            raise self.fail(where, column, f"giá trị {_fmt(x)} nằm ngoài khoảng {_fmt(low)}{bound}.")
        return round(x, 4)

    def period(self, value: Any, where: str, column: str) -> str:
        if _blank(value):
            if self.default_period:
                return self.default_period
            raise self.fail(
                where, column or "Kỳ", "không có kỳ đánh giá; hãy ghi kỳ trong tệp hoặc chọn kỳ khi nhập."
            )
        try:
            p = normalise_period(value)
        except PeriodError:
            raise self.fail(
                where, column, f"kỳ “{value}” không đọc được (ví dụ đúng: 03/2026, Quý I/2026, 2026)."
            ) from None
        if self.default_period and p != self.default_period:
            raise self.fail(where, column, f"kỳ {p} khác kỳ đã chọn khi nhập ({self.default_period}).")
        return p

    def export_date(self, value: Any, where: str, column: str) -> None:
        if _blank(value):
            return
        try:
            d = _date(value)
        except ValueError:
            raise self.fail(where, column, f"ngày “{value}” không đọc được (dùng dd/mm/yyyy).") from None
        if d is not None:
            if self.exported_on is not None and d != self.exported_on:
                raise self.fail(
                    where,
                    column,
                    f"ngày xuất {d:%d/%m/%Y} khác ngày xuất ở dòng trước ({self.exported_on:%d/%m/%Y}).",
                )
            self.exported_on = d

    def add(
        self,
        *,
        where: str,
        unit_code: str,
        unit_name: str,
        period: str,
        level: Level,
        group: str,
        indicator: str,
        score: Any,
        score_column: str,
        numerator: Any = None,
        denominator: Any = None,
        dossiers: Any = None,
        columns: Mapping[str, str] | None = None,
    ) -> None:
        cols = columns or {}
        if not unit_code and not unit_name:
            raise self.fail(where, cols.get("unit_code", "Mã đơn vị"), "không có mã hoặc tên đơn vị.")
        if level == "indicator":
            spec = next(s for s in specs() if s.id == indicator)
            high = float(spec.pmax) if spec.pmax > 0 else float(GROUPS[spec.group].max_points)
        elif level == "group":
            high = float(GROUPS[group].max_points)
        else:
            high = 100.0
        value = self.number(score, where, score_column, high=high)
        num = (
            None
            if _blank(numerator)
            else self.number(numerator, where, cols.get("numerator", "Tử số"), low=-1e12)
        )
        den = (
            None
            if _blank(denominator)
            else self.number(denominator, where, cols.get("denominator", "Mẫu số"))
        )
        n = None
        if not _blank(dossiers):
            d = self.number(dossiers, where, cols.get("dossiers", "Số hồ sơ"))
            if d != int(d):
                raise self.fail(
                    where, cols.get("dossiers", "Số hồ sơ"), f"số hồ sơ {_fmt(d)} phải là số nguyên."
                )
            n = int(d)
            unit_key = (unit_code or unit_name, period)
            if unit_key in self.dossiers and self.dossiers[unit_key][0] != n:
                before, at = self.dossiers[unit_key]
                raise self.fail(
                    where, cols.get("dossiers", "Số hồ sơ"),
                    f"số hồ sơ {n} khác số đã ghi cho cùng đơn vị và kỳ ở {at} ({before}).",
                )  # fmt: skip
            self.dossiers[unit_key] = (n, where)
        key = (unit_code or unit_name, period, level, group, indicator)
        if key in self.seen:
            what = f"chỉ số {indicator}" if indicator else (f"nhóm {group}" if group else "tổng điểm")
            raise self.fail(where, "", f"{what} của đơn vị {key[0]}, kỳ {period} đã có ở {self.seen[key]}.")
        self.seen[key] = where
        self.rows.append(
            PortalRow(where, unit_code, unit_name, period, level, group, indicator, value, num, den, n)
        )


def _fmt(x: float | None) -> str:
    if x is None:
        return ""
    text = f"{x:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- tables (CSV, XLSX) -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Header:
    row_index: int
    fields: dict[str, int]  # field → column index
    names: dict[str, str]  # field → the column's name as written
    groups: dict[int, str]  # wide layout: column index → group code
    indicators: dict[int, str]  # wide layout: column index → indicator id
    total: int | None
    headers: list[str]


def _read_header(cells: Sequence[Any]) -> _Header | None:
    fields: dict[str, int] = {}
    names: dict[str, str] = {}
    groups: dict[int, str] = {}
    indicators: dict[int, str] = {}
    total = None
    headers = [_text(c) for c in cells]
    for i, h in enumerate(headers):
        if not h:
            continue
        key = _key(h)
        name = _ALIAS_OF.get(key)
        if name == "total":
            total = i
        elif name and name not in fields:
            fields[name], names[name] = i, h
        elif (g := _group_of_name(h)) is not None:
            groups[i] = g
        elif (ind := _indicator_of_name(h)) is not None:
            indicators[i] = ind
    known = len(fields) + len(groups) + len(indicators) + (total is not None)
    if known < 2 or not ({"unit_code", "unit_name"} & set(fields)):
        return None
    return _Header(0, fields, names, groups, indicators, total, headers)


def _table(rows: Iterable[tuple[int, list[Any]]], b: _Builder, *, line_word: str = "dòng") -> str:
    """Read a table's rows (line number, cells) into ``b``; returns the layout ("dài" or "rộng")."""
    header: _Header | None = None
    layout = ""
    searched = 0
    any_data = False
    for line, cells in rows:
        if header is None:
            if all(_blank(c) for c in cells):
                continue
            header = _read_header(cells)
            searched += 1
            if header is None:
                if searched >= MAX_HEADER_SEARCH:
                    break
                continue
            long = "score" in header.fields
            if long and not ({"group", "indicator"} & set(header.fields)):
                raise PortalFileError(
                    f"Tệp “{b.name}” {line_word} {line}: có cột điểm nhưng không có cột “Nhóm” hoặc “Chỉ số” "
                    "cho biết điểm của nhóm hay chỉ số nào."
                )
            if not long and not (header.groups or header.indicators or header.total is not None):
                raise PortalFileError(
                    f"Tệp “{b.name}” {line_word} {line}: không có cột điểm (“Điểm”) hay cột điểm của nhóm, "
                    "chỉ số (“CKMB”, “Công khai, minh bạch”, “Chỉ số 2.1”…)."
                )
            layout = "dài" if long else "rộng"
            continue
        if all(_blank(c) for c in cells):
            continue
        any_data = True
        _table_row(header, cells, f"{line_word} {line}", b, long=layout == "dài")
    if header is None:
        raise PortalFileError(
            f"Tệp “{b.name}”: không tìm thấy dòng tiêu đề có cột “Mã đơn vị” hoặc “Tên đơn vị” cùng cột điểm "
            f"trong {MAX_HEADER_SEARCH} dòng đầu (xem mẫu trong docs/examples/)."
        )
    if not any_data:
        raise PortalFileError(f"Tệp “{b.name}” không có dòng điểm nào dưới dòng tiêu đề.")
    return layout


def _cell(cells: Sequence[Any], header: _Header, name: str) -> Any:
    i = header.fields.get(name)
    return cells[i] if i is not None and i < len(cells) else None


def _table_row(header: _Header, cells: Sequence[Any], where: str, b: _Builder, *, long: bool) -> None:
    names = header.names
    unit_code = _text(_cell(cells, header, "unit_code"))
    unit_name = _text(_cell(cells, header, "unit_name"))
    period = b.period(_cell(cells, header, "period"), where, names.get("period", ""))
    b.export_date(_cell(cells, header, "exported_on"), where, names.get("exported_on", ""))
    common = {
        "where": where,
        "unit_code": unit_code,
        "unit_name": unit_name,
        "period": period,
        "dossiers": _cell(cells, header, "dossiers"),
        "columns": names,
    }
    if long:
        group_text = _text(_cell(cells, header, "group"))
        ind_text = _text(_cell(cells, header, "indicator"))
        level, group, indicator = _classify(group_text, ind_text, where, names, b)
        b.add(
            **common,
            level=level,
            group=group,
            indicator=indicator,
            score=_cell(cells, header, "score"),
            score_column=names["score"],
            numerator=_cell(cells, header, "numerator"),
            denominator=_cell(cells, header, "denominator"),
        )
        return
    written = False
    dossiers_given = common.pop("dossiers")
    for i, code in header.groups.items():
        if i < len(cells) and not _blank(cells[i]):
            b.add(**common, dossiers=dossiers_given, level="group", group=code, indicator="",
                  score=cells[i], score_column=header.headers[i])  # fmt: skip
            written = True
    for i, ind in header.indicators.items():
        if i < len(cells) and not _blank(cells[i]):
            group = next(s.group for s in specs() if s.id == ind)
            b.add(**common, dossiers=dossiers_given, level="indicator", group=group, indicator=ind,
                  score=cells[i], score_column=header.headers[i])  # fmt: skip
            written = True
    t = header.total
    if t is not None and t < len(cells) and not _blank(cells[t]):
        b.add(**common, dossiers=dossiers_given, level="total", group="", indicator="",
              score=cells[t], score_column=header.headers[t])  # fmt: skip
        written = True
    if not written:
        raise b.fail(where, "", "dòng không có điểm nào (mọi cột điểm đều trống).")


def _classify(
    group_text: str, ind_text: str, where: str, names: Mapping[str, str], b: _Builder
) -> tuple[Level, str, str]:
    group = ""
    if group_text:
        if fold(group_text) in ("tong", "tong diem", "total"):
            return "total", "", ""
        found = _group_of_name(group_text)
        if found is None:
            known = ", ".join(GROUPS)
            raise b.fail(
                where,
                names.get("group", "Nhóm"),
                f"nhóm “{group_text}” không có; dùng {known} hoặc tên nhóm.",
            )
        group = found
    if ind_text:
        if fold(ind_text) in ("tong", "tong diem", "total"):
            return "total", "", ""
        indicator = _indicator_of_name(ind_text)
        if indicator is None:
            if not group and (g := _group_of_name(ind_text)) is not None:
                return "group", g, ""
            ids = ", ".join(s.id for s in specs())
            raise b.fail(
                where, names.get("indicator", "Chỉ số"), f"chỉ số “{ind_text}” không có; các chỉ số: {ids}."
            )
        own = next(s.group for s in specs() if s.id == indicator)
        if group and group != own:
            raise b.fail(
                where,
                names.get("indicator", "Chỉ số"),
                f"chỉ số {indicator} thuộc nhóm {own}, không thuộc nhóm {group}.",
            )
        return "indicator", own, indicator
    if group:
        return "group", group, ""
    raise b.fail(
        where, names.get("group") or names.get("indicator") or "Nhóm", "không ghi nhóm hay chỉ số của điểm."
    )


# --- JSON -------------------------------------------------------------------------------------------


def _json(doc: Any, b: _Builder) -> None:
    found = _walk(doc, "", {}, b)
    if not found:
        raise PortalFileError(
            f"Tệp JSON “{b.name}” không có bản ghi điểm nào (bản ghi cần mã hoặc tên đơn vị và điểm; "
            "xem docs/examples/cong-dvcqg-766.json)."
        )


def _fields_of(record: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    out: dict[str, tuple[str, Any]] = {}
    for k, v in record.items():
        if isinstance(v, dict | list):
            continue
        name = _ALIAS_OF.get(_key(k))
        if name and name not in out:
            out[name] = (k, v)
    return out


def _walk(node: Any, path: str, inherited: dict[str, Any], b: _Builder) -> int:
    """Read the records under ``node``; ``inherited`` carries period, group, unit from the enclosing
    objects. Returns how many scores were read."""
    if isinstance(node, list):
        return sum(_walk(item, f"{path}[{i}]", inherited, b) for i, item in enumerate(node))
    if not isinstance(node, dict):
        return 0
    fields = _fields_of(node)
    here = dict(inherited)
    if "period" in fields:
        here["period"] = fields["period"]
    if "exported_on" in fields:
        b.export_date(fields["exported_on"][1], _where(path), fields["exported_on"][0])
    for name in ("unit_code", "unit_name", "dossiers"):
        if name in fields:
            here[name] = fields[name]
    for name in ("group", "indicator"):
        if name in fields and not _blank(fields[name][1]):
            here[name] = fields[name]
    count = 0
    if "score" in fields and ("unit_code" in here or "unit_name" in here):
        count += _json_record(path, here, fields, b)
    for k, v in node.items():
        if not isinstance(v, dict | list):
            continue
        key = _key(k)
        child = dict(here)
        child.pop("indicator", None)  # a child names its own indicator (or none: a group's record)
        if key in _CHILD_KEYS:
            pass
        elif key in {fold(e) for e in ENDPOINT_GROUPS}:
            child["group"] = (k, ENDPOINT_GROUPS[next(e for e in ENDPOINT_GROUPS if fold(e) == key)])
        elif key in {fold(e) for e in OTHER_ENDPOINTS}:
            child.pop("group", None)
        count += _walk(v, f"{path}.{k}" if path else k, child, b)
    return count


def _where(path: str) -> str:
    return f"bản ghi {path}" if path else "gốc tệp"


def _json_record(
    path: str, here: Mapping[str, Any], fields: Mapping[str, tuple[str, Any]], b: _Builder
) -> int:
    where = _where(path)
    names = {k: v[0] for k, v in here.items()}

    def value(name: str) -> Any:
        return here[name][1] if name in here else None

    period = b.period(value("period"), where, names.get("period", ""))
    group_text = _text(value("group")) if "group" in here else ""
    ind_text = _text(value("indicator")) if "indicator" in here else ""
    level, group, indicator = _classify(group_text, ind_text, where, names, b)
    b.add(
        where=where,
        unit_code=_text(value("unit_code")),
        unit_name=_text(value("unit_name")),
        period=period,
        level=level,
        group=group,
        indicator=indicator,
        score=fields["score"][1],
        score_column=fields["score"][0],
        numerator=fields["numerator"][1] if "numerator" in fields else None,
        denominator=fields["denominator"][1] if "denominator" in fields else None,
        dossiers=value("dossiers"),
        columns=names,
    )
    return 1


# --- entry points -------------------------------------------------------------------------------------


def read_portal(path: str | Path, *, name: str = "", period: str | None = None) -> PortalFile:
    """Read a portal file (CSV, XLSX or JSON, by its extension) into :class:`PortalRow` s.

    ``period``: the period of rows without one (and every row must then be of it); any spelling
    :func:`normalise_period` reads. Raises :class:`PortalFileError` (or :class:`~cchc.domain.files.FileProblem`
    for a damaged file), both Vietnamese and naming where.
    """
    path = Path(path)
    name = name or path.name
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise PortalFileError(f"Tệp “{name}”: chỉ nhận tệp .csv, .xlsx hoặc .json của Cổng DVCQG.")
    try:
        b = _Builder(name, period)
    except PeriodError as exc:
        raise PortalFileError(f"Kỳ đã chọn không hợp lệ: {exc}") from None
    if suffix == ".xlsx":
        layout = _table(_numbered(files.workbook_rows(path, name=name)), b)
    else:
        text = files.decode_text(path.read_bytes(), name=name)
        if suffix == ".json":
            _json(files.load_json(text, name=name), b)
            layout = "JSON"
        else:
            layout = _table(files.csv_rows(text, name=name, delimiter=_delimiter(text)), b)
    _check_sums(b)
    return PortalFile(tuple(b.rows), layout, b.exported_on)


def read_portal_bytes(data: bytes, *, name: str, period: str | None = None) -> PortalFile:
    """:func:`read_portal` of bytes (an upload), through a temporary file."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("tep" + Path(name).suffix.lower())
        path.write_bytes(data)
        return read_portal(path, name=name, period=period)


def _numbered(rows: Iterator[list[Any]]) -> Iterator[tuple[int, list[Any]]]:
    yield from enumerate(rows, start=1)


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if first.count(";") > first.count(",") else ","


def _check_sums(b: _Builder) -> None:
    """A group given with its indicators must be their sum (to 0.01 per indicator): a file whose
    group cell disagrees with its own indicator cells is refused rather than read one way or the other."""
    for key, sheet in sheets(b.rows).items():
        for code, pts in sheet.groups.items():
            parts = [r.score for r in sheet.indicators.values() if r.group == code]
            if (
                parts
                and len(parts) == sum(1 for s in specs() if s.group == code and s.pmax > 0)
                and abs(sum(parts) - pts) > 0.01 * len(parts) + 1e-9
            ):
                raise PortalFileError(
                    f"Tệp “{b.name}”: đơn vị {key[0]}, kỳ {key[1]}: điểm nhóm {code} ({_fmt(pts)}) khác tổng điểm "
                    f"các chỉ số của nhóm ({_fmt(round(sum(parts), 4))})."
                )


def sheets(rows: Iterable[PortalRow]) -> dict[tuple[str, str], PortalSheet]:
    """The rows gathered per (unit key, period), in file order."""
    out: dict[tuple[str, str], PortalSheet] = {}
    for r in rows:
        key = (r.unit_key, r.period)
        sheet = out.setdefault(key, PortalSheet(r.unit_code, r.unit_name, r.period))
        sheet.unit_code = sheet.unit_code or r.unit_code
        sheet.unit_name = sheet.unit_name or r.unit_name
        sheet.add(r)
    return out
