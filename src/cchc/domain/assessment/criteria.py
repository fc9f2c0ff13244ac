"""PAR-index criteria sets as data: the model, and the loader that validates a set and names what is wrong.

A criteria set is the province's decision for one year (standards.md §4, §7): lĩnh vực (field) → tiêu chí
(criterion) → tiêu chí thành phần (sub-criterion), each with its maximum points. The scored entries — a
sub-criterion, or a criterion that has none — carry a scoring rule, the evidence the council asks for and,
optionally, the key of a measured source (cchc.domain.measures) that fills its value.

One format for every way a set arrives: a list of *rows*, each a mapping of fields, exactly as the rows of
the province's table. The shipped sets are TOML files (``[set]`` then one ``[[row]]`` per line of the
table, see data/par_criteria_sample_2026.toml); an XLSX table is read into the same rows
(:mod:`cchc.domain.assessment.table`), and the browser editor saves the same rows. TOML rather than YAML
because codes such as ``1.10`` must stay text (YAML reads ``1.10`` as the number 1.1 and ``no`` as false),
Python 3.11 reads TOML without a dependency, and the project's other data files are TOML already.

Every problem is collected (not only the first) with the row's number, its code and the field, in
Vietnamese, so a coordinator can fix a file in one pass.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cchc.domain.errors import UserError
from cchc.domain.measures import KEY as SOURCE_KEY
from cchc.domain.numbers import NumberFormatError, parse_decimal
from cchc.domain.text import fold

CODE = re.compile(r"^\d{1,2}(\.\d{1,2}){0,2}$")

# rule kinds: the key in files, and the Vietnamese words accepted for it in a province's table
RULE_KINDS: dict[str, str] = {
    "yes_no": "Có/Không",
    "ratio": "Tỷ lệ (%) theo mức",
    "count": "Số lượng theo mức",
    "deduction": "Trừ điểm theo số lần",
    "manual": "Chấm điểm trực tiếp",
}
RULE_WORDS: dict[str, str] = {
    "yes no": "yes_no", "co khong": "yes_no", "co hoac khong": "yes_no", "dat khong dat": "yes_no",
    "ratio": "ratio", "ty le": "ratio", "ty le theo muc": "ratio",
    "count": "count", "so luong": "count", "so luong theo muc": "count",
    "deduction": "deduction", "tru diem": "deduction", "tru diem theo so lan": "deduction",
    "manual": "manual", "cham truc tiep": "manual", "cham diem truc tiep": "manual", "tham dinh": "manual",
}  # fmt: skip

# "không phát sinh" (N/A) handling
NA_POLICIES: dict[str, str] = {
    "none": "Không được chọn “Không phát sinh”",
    "full": "Không phát sinh: tính đủ điểm",
    "exclude": "Không phát sinh: loại khỏi tổng điểm (quy đổi)",
}
NA_WORDS: dict[str, str] = {
    "": "none", "none": "none", "khong": "none",
    "full": "full", "du diem": "full", "tinh du diem": "full",
    "exclude": "exclude", "loai": "exclude", "loai khoi tong diem": "exclude", "quy doi": "exclude",
}  # fmt: skip
NA_WORDS.update({fold(label): key for key, label in NA_POLICIES.items()})
RULE_WORDS.update({fold(label): key for key, label in RULE_KINDS.items()})

# the fields of a row: key → Vietnamese name (the header of the province's table)
FIELDS: dict[str, str] = {
    "code": "Mã",
    "name": "Nội dung",
    "max": "Điểm tối đa",
    "rule": "Cách chấm",
    "bands": "Mức điểm",
    "lower_is_better": "Càng thấp càng tốt",
    "per": "Trừ mỗi lần",
    "floor": "Điểm sàn",
    "no_points": "Điểm khi “Không”",
    "na": "Không phát sinh",
    "evidence": "Tài liệu kiểm chứng",
    "source": "Nguồn số liệu",
    "note": "Ghi chú",
}
SET_FIELDS: dict[str, str] = {
    "code": "Mã bộ tiêu chí",
    "name": "Tên bộ tiêu chí",
    "version": "Phiên bản",
    "year": "Năm áp dụng",
    "basis": "Căn cứ",
    "sample": "Bộ mẫu",
    "scale": "Thang điểm",
    "survey_max": "Điểm điều tra xã hội học",
}


@dataclass(frozen=True, slots=True)
class Band:
    threshold: Decimal  # value ≥ threshold (≤ when lower is better) earns points
    points: Decimal


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str  # a key of RULE_KINDS
    bands: tuple[Band, ...] = ()  # ratio, count: best band first
    lower_is_better: bool = False
    per: Decimal = Decimal(0)  # deduction: points per occurrence
    floor: Decimal = Decimal(0)  # deduction: never below
    no_points: Decimal = Decimal(0)  # yes_no: points for "Không"

    def describe(self) -> str:
        """The rule in words, as the province's table prints it ("≥ 90%: 1,5; ≥ 80%: 1")."""
        from cchc.domain.numbers import format_number

        def n(value: Decimal) -> str:
            return format_number(value, 2, strip_zeros=True)

        if self.kind in ("ratio", "count"):
            sign = "≤" if self.lower_is_better else "≥"
            pct = "%" if self.kind == "ratio" else ""
            return "; ".join(f"{sign} {n(b.threshold)}{pct}: {n(b.points)}" for b in self.bands)
        if self.kind == "deduction":
            return f"trừ {n(self.per)} điểm mỗi lần, thấp nhất {n(self.floor)}"
        if self.kind == "yes_no":
            return f"Có: đủ điểm; Không: {n(self.no_points)}"
        return RULE_KINDS[self.kind]


@dataclass(frozen=True, slots=True)
class Item:
    """A scored entry: a sub-criterion, or a criterion without sub-criteria."""

    code: str
    name: str
    max_points: Decimal
    rule: Rule
    na: str = "none"
    evidence: tuple[str, ...] = ()
    source: str = ""  # measured source key, "" when scored by hand
    note: str = ""
    field_code: str = ""
    criterion_code: str = ""

    @property
    def measured(self) -> bool:
        return bool(self.source)


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    name: str
    max_points: Decimal
    items: tuple[Item, ...]  # its sub-criteria, or itself when it has none


@dataclass(frozen=True, slots=True)
class Field:
    code: str
    name: str
    max_points: Decimal
    criteria: tuple[Criterion, ...]

    def items(self) -> list[Item]:
        return [i for c in self.criteria for i in c.items]


@dataclass(frozen=True, slots=True)
class CriteriaSet:
    code: str
    name: str
    version: str
    year: int | None
    basis: str
    sample: bool
    scale: Decimal
    survey_max: Decimal
    fields: tuple[Field, ...]
    rows: tuple[dict[str, Any], ...] = field(default=(), compare=False, repr=False)  # as read, to save again

    @property
    def self_max(self) -> Decimal:
        """The points of the self-assessed part (the scale less the survey's share)."""
        return self.scale - self.survey_max

    def items(self) -> list[Item]:
        return [i for f in self.fields for i in f.items()]

    def item(self, code: str) -> Item:
        for i in self.items():
            if i.code == code:
                return i
        raise KeyError(code)

    def field_of(self, code: str) -> Field:
        return next(f for f in self.fields if f.code == code.split(".")[0])

    def header(self) -> dict[str, Any]:
        return {
            "code": self.code, "name": self.name, "version": self.version, "year": self.year,
            "basis": self.basis, "sample": self.sample, "scale": str(self.scale),
            "survey_max": str(self.survey_max),
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class Problem:
    row: int | None  # the row's number in the table (1 = first row), None for the set's header
    code: str
    field: str  # a key of FIELDS / SET_FIELDS, "" for the row as a whole
    message: str
    line: int | None = None  # the line of the file where the row starts (TOML)

    def __str__(self) -> str:
        where = []
        if self.row is None:
            where.append("Phần đầu bộ tiêu chí")
        else:
            where.append(f"Dòng {self.row}")
        if self.line is not None:
            where.append(f"dòng {self.line} của tệp")
        if self.code:
            where.append(f"mã {self.code}")
        place = where[0] + (f" ({', '.join(where[1:])})" if len(where) > 1 else "")
        names = SET_FIELDS if self.row is None else FIELDS
        if self.field:
            place += f", cột “{names.get(self.field, self.field)}”"
        return f"{place}: {self.message}"


class CriteriaError(UserError):
    """A criteria set that cannot be used; ``problems`` lists each one (row, code, field, message)."""

    def __init__(self, problems: Sequence[Problem], *, name: str = "") -> None:
        self.problems = list(problems)
        head = f"Bộ tiêu chí {name} có " if name else "Bộ tiêu chí có "
        shown = "; ".join(str(p) for p in self.problems[:12])
        more = f"; và {len(self.problems) - 12} lỗi khác" if len(self.problems) > 12 else ""
        super().__init__(f"{head}{len(self.problems)} lỗi: {shown}{more}.")


# ---------------------------------------------------------------------------------------------- loading


def load_toml(text: str, *, name: str = "", known_sources: Iterable[str] | None = None) -> CriteriaSet:
    """A set from the text of a TOML file ([set] and [[row]] tables)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        line = _first_bad_line(text)
        at = f" từ dòng {line}" if line else ""
        raise CriteriaError(
            [Problem(None, "", "", f"tệp TOML sai cú pháp{at} (kiểm tra dấu ngoặc kép, dấu = và tên bảng)")],
            name=name,
        ) from None
    rows = data.get("row")
    problems: list[Problem] = []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        problems.append(Problem(None, "", "", "không có dòng tiêu chí nào (mỗi dòng là một bảng [[row]])"))
        raise CriteriaError(problems, name=name)
    extra = sorted(set(data) - {"set", "row"})
    if extra:
        problems.append(
            Problem(None, "", "", f"bảng không dùng: {', '.join(extra)} (chỉ có [set] và [[row]])")
        )
    lines = [i + 1 for i, ln in enumerate(text.splitlines()) if re.match(r"\s*\[\[\s*row\s*\]\]", ln)]
    return parse_set(data.get("set", {}), rows, name=name, known_sources=known_sources,
                     lines=lines if len(lines) == len(rows) else None, problems=problems)  # fmt: skip


def _first_bad_line(text: str) -> int | None:
    """The first line at which the file stops being valid TOML (the line of the error, or where the
    unclosed value it belongs to starts), found by reading ever longer beginnings of the file."""
    lines = text.splitlines()
    for k in range(1, len(lines) + 1):
        try:
            tomllib.loads("\n".join(lines[:k]))
        except tomllib.TOMLDecodeError:
            return k
    return None


def parse_set(
    header: Mapping[str, Any],
    rows: Sequence[Mapping[str, Any]],
    *,
    name: str = "",
    known_sources: Iterable[str] | None = None,
    lines: Sequence[int] | None = None,
    problems: list[Problem] | None = None,
    row_numbers: Sequence[int] | None = None,
) -> CriteriaSet:
    """Validate a set's header and rows; raise :class:`CriteriaError` listing every problem.

    ``row_numbers``: the number to name each row by (an XLSX sheet's row), default 1, 2, …
    """
    problems = problems if problems is not None else []
    known = set(known_sources) if known_sources is not None else None
    head = _header(header, problems)

    def at(index: int) -> tuple[int, int | None]:
        number = row_numbers[index] if row_numbers is not None else index + 1
        return number, (lines[index] if lines is not None else None)

    parsed: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(rows):
        number, line = at(index)
        row = _row(raw, number, line, problems, known)
        if row is None:
            continue
        if row["code"] in seen:
            problems.append(
                Problem(number, row["code"], "code", f"mã trùng với dòng {seen[row['code']]}", line)
            )
            continue
        seen[row["code"]] = number
        row["_number"], row["_line"] = number, line
        parsed.append(row)

    fields = _tree(parsed, problems)
    total = sum((f.max_points for f in fields), Decimal(0))
    if fields and head["scale"] is not None and head["survey_max"] is not None:
        if total + head["survey_max"] != head["scale"]:
            problems.append(Problem(None, "", "scale", (
                f"tổng điểm tối đa các lĩnh vực ({_n(total)}) cộng điểm điều tra xã hội học "
                f"({_n(head['survey_max'])}) phải bằng thang điểm ({_n(head['scale'])})"
            )))  # fmt: skip
    if not fields and not any(p.row is not None for p in problems):
        problems.append(Problem(None, "", "", "không có lĩnh vực nào (mã một cấp: 1, 2, …)"))
    if problems:
        raise CriteriaError(problems, name=name or str(head.get("name") or ""))
    return CriteriaSet(
        code=head["code"], name=head["name"], version=head["version"], year=head["year"],
        basis=head["basis"], sample=head["sample"], scale=head["scale"], survey_max=head["survey_max"],
        fields=tuple(fields),
        rows=tuple({k: v for k, v in r.items() if not k.startswith("_")} for r in _plain_rows(rows)),
    )  # fmt: skip


def _plain_rows(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The rows as given, with values made JSON-friendly (numbers as text), to store and edit again."""
    out = []
    for raw in rows:
        row: dict[str, Any] = {}
        for key, value in raw.items():
            if isinstance(value, float | Decimal) and not isinstance(value, bool):
                value = _n(parse_decimal(value)).replace(",", ".")
            elif isinstance(value, list | tuple):
                value = [
                    [_n(parse_decimal(x)).replace(",", ".") for x in v] if isinstance(v, list | tuple) else v
                    for v in value
                ]
            row[str(key)] = value
        out.append(row)
    return out


def _n(value: Decimal) -> str:
    from cchc.domain.numbers import format_number

    return format_number(value, 4, strip_zeros=True)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value).strip()


def _number(value: Any, *, row: int | None, code: str, key: str, line: int | None,
            problems: list[Problem], positive: bool = False) -> Decimal | None:  # fmt: skip
    if value is None or (isinstance(value, str) and not value.strip()):
        problems.append(Problem(row, code, key, "bỏ trống; cần một số", line))
        return None
    try:
        number = parse_decimal(value)
    except NumberFormatError:
        problems.append(Problem(row, code, key, f"“{_text(value)}” không phải là số", line))
        return None
    if number < 0 or (positive and number == 0):
        problems.append(Problem(row, code, key, f"phải {'lớn hơn' if positive else 'không nhỏ hơn'} 0, đang là {_n(number)}", line))  # fmt: skip
        return None
    return number


def _header(header: Mapping[str, Any], problems: list[Problem]) -> dict[str, Any]:
    if not isinstance(header, Mapping):
        problems.append(Problem(None, "", "", "phần [set] phải là một bảng"))
        header = {}
    unknown = sorted(set(header) - set(SET_FIELDS))
    for key in unknown:
        problems.append(Problem(None, "", key, "trường không dùng (kiểm tra chính tả)"))
    out: dict[str, Any] = {}
    for key in ("code", "name", "version"):
        out[key] = _text(header.get(key))
        if not out[key]:
            problems.append(Problem(None, "", key, "bỏ trống"))
    out["basis"] = _text(header.get("basis"))
    sample = header.get("sample", False)
    if not isinstance(sample, bool):
        problems.append(Problem(None, "", "sample", "phải là true hoặc false"))
        sample = False
    out["sample"] = sample
    year = header.get("year")
    out["year"] = None
    if year not in (None, ""):
        try:
            out["year"] = int(str(year).strip())
        except ValueError:
            problems.append(Problem(None, "", "year", f"“{_text(year)}” không phải là năm"))
        else:
            if not 2000 <= out["year"] <= 2100:
                problems.append(Problem(None, "", "year", f"năm {out['year']} không hợp lệ"))
    out["scale"] = _number(header.get("scale", 100), row=None, code="", key="scale", line=None,
                           problems=problems, positive=True)  # fmt: skip
    out["survey_max"] = _number(header.get("survey_max", 0), row=None, code="", key="survey_max", line=None,
                                problems=problems)  # fmt: skip
    if out["scale"] is not None and out["survey_max"] is not None and out["survey_max"] >= out["scale"]:
        problems.append(Problem(None, "", "survey_max", "phải nhỏ hơn thang điểm"))
    return out


def _bands(
    value: Any, *, row: int, code: str, line: int | None, problems: list[Problem]
) -> list[Band] | None:
    """ "100:1; 80:0,5" or [[100, 1], [80, 0.5]] → bands; None (with a problem) when unreadable."""
    pairs: list[tuple[Any, Any]] = []
    if isinstance(value, str):
        for part in (p.strip() for p in value.split(";")):
            if not part:
                continue
            threshold, sep, points = part.partition(":")
            if not sep:
                problems.append(Problem(row, code, "bands", f"mức “{part}” phải có dạng ngưỡng:điểm, ví dụ 80:0,5", line))  # fmt: skip
                return None
            pairs.append((threshold.strip().lstrip("≥≤>=<").strip(), points.strip()))
    elif isinstance(value, list | tuple):
        for part in value:
            if not isinstance(part, list | tuple) or len(part) != 2:
                problems.append(Problem(row, code, "bands", "mỗi mức là một cặp [ngưỡng, điểm]", line))
                return None
            pairs.append((part[0], part[1]))
    if not pairs:
        problems.append(
            Problem(row, code, "bands", "cần ít nhất một mức ngưỡng:điểm, ví dụ 100:1; 80:0,5", line)
        )
        return None
    bands = []
    for threshold, points in pairs:
        t = _number(threshold, row=row, code=code, key="bands", line=line, problems=problems)
        p = _number(points, row=row, code=code, key="bands", line=line, problems=problems)
        if t is None or p is None:
            return None
        bands.append(Band(t, p))
    return bands


def _row(raw: Mapping[str, Any], number: int, line: int | None, problems: list[Problem],
         known: set[str] | None) -> dict[str, Any] | None:  # fmt: skip
    code = _text(raw.get("code"))
    before = len(problems)
    for key in sorted(set(raw) - set(FIELDS)):
        problems.append(Problem(number, code, str(key), "trường không dùng (kiểm tra chính tả)", line))
    if not code:
        problems.append(Problem(number, "", "code", "bỏ trống", line))
        return None
    if not CODE.match(code):
        problems.append(Problem(number, code, "code", "mã phải có dạng 1, 1.2 hoặc 1.2.3 (lĩnh vực.tiêu chí.tiêu chí thành phần)", line))  # fmt: skip
        return None
    name = _text(raw.get("name"))
    if not name:
        problems.append(Problem(number, code, "name", "bỏ trống", line))
    max_points = _number(raw.get("max"), row=number, code=code, key="max", line=line, problems=problems, positive=True)  # fmt: skip
    rule_text = _text(raw.get("rule"))
    kind = RULE_WORDS.get(fold(rule_text)) if rule_text else None
    if rule_text and kind is None:
        problems.append(Problem(number, code, "rule", f"“{rule_text}” không phải cách chấm đã biết ({', '.join(RULE_KINDS.values())})", line))  # fmt: skip
    na_text = _text(raw.get("na"))
    na = NA_WORDS.get(fold(na_text))
    if na is None:
        problems.append(Problem(number, code, "na", f"“{na_text}” không hợp lệ; dùng “đủ điểm”, “loại khỏi tổng điểm” hoặc bỏ trống", line))  # fmt: skip
        na = "none"
    evidence_raw = raw.get("evidence", [])
    if isinstance(evidence_raw, str):
        evidence = [e.strip() for e in re.split(r"[;\n]", evidence_raw) if e.strip()]
    elif isinstance(evidence_raw, list) and all(isinstance(e, str) for e in evidence_raw):
        evidence = [e.strip() for e in evidence_raw if e.strip()]
    else:
        problems.append(Problem(number, code, "evidence", "phải là danh sách tên tài liệu (ngăn cách bằng dấu ;)", line))  # fmt: skip
        evidence = []
    source = _text(raw.get("source"))
    if source and not SOURCE_KEY.match(source):
        problems.append(Problem(number, code, "source", f"“{source}” không phải mã nguồn số liệu (dạng phân_hệ.tên)", line))  # fmt: skip
    elif source and known is not None and source not in known:
        problems.append(Problem(number, code, "source", f"không có nguồn số liệu “{source}” trong cchc", line))  # fmt: skip
    lower = raw.get("lower_is_better", False)
    if isinstance(lower, str):
        lower = fold(lower) in ("co", "x", "true", "1", "yes")
    rule = None
    if kind is not None and max_points is not None:
        rule = _rule(kind, raw, bool(lower), max_points, number, code, line, problems)
        if source and kind in ("yes_no", "manual"):
            problems.append(Problem(number, code, "source", f"cách chấm “{RULE_KINDS[kind]}” không lấy giá trị từ nguồn số liệu", line))  # fmt: skip
    if len(problems) > before and max_points is None:
        return {"code": code, "name": name, "max": None, "rule": None, "kind": kind, "na": na,
                "evidence": evidence, "source": source, "note": _text(raw.get("note")), "broken": True}  # fmt: skip
    return {"code": code, "name": name, "max": max_points, "rule": rule, "kind": kind, "na": na,
            "evidence": evidence, "source": source, "note": _text(raw.get("note")),
            "broken": len(problems) > before}  # fmt: skip


def _rule(kind: str, raw: Mapping[str, Any], lower: bool, max_points: Decimal, number: int, code: str,
          line: int | None, problems: list[Problem]) -> Rule | None:  # fmt: skip
    if kind in ("ratio", "count"):
        bands = _bands(raw.get("bands"), row=number, code=code, line=line, problems=problems)
        if bands is None:
            return None
        thresholds = [b.threshold for b in bands]
        if len(set(thresholds)) != len(thresholds):
            problems.append(Problem(number, code, "bands", "hai mức có cùng ngưỡng", line))
            return None
        if kind == "ratio" and any(t > 100 for t in thresholds):
            problems.append(Problem(number, code, "bands", "ngưỡng tỷ lệ không được lớn hơn 100%", line))
            return None
        if kind == "count" and any(t != t.to_integral_value() for t in thresholds):
            problems.append(Problem(number, code, "bands", "ngưỡng số lượng phải là số nguyên", line))
            return None
        over = [b for b in bands if b.points > max_points]
        if over:
            problems.append(Problem(number, code, "bands", f"mức {_n(over[0].threshold)} cho {_n(over[0].points)} điểm, vượt điểm tối đa {_n(max_points)}", line))  # fmt: skip
            return None
        best_first = sorted(bands, key=lambda b: b.threshold, reverse=not lower)
        if best_first[0].points != max_points:
            problems.append(Problem(number, code, "bands", f"mức cao nhất phải cho đủ điểm tối đa {_n(max_points)}", line))  # fmt: skip
            return None
        for better, worse in itertools.pairwise(best_first):
            if worse.points > better.points:
                problems.append(Problem(number, code, "bands", "mức tốt hơn phải cho điểm không thấp hơn mức kém hơn", line))  # fmt: skip
                return None
        return Rule(kind, bands=tuple(best_first), lower_is_better=lower)
    if kind == "deduction":
        per = _number(raw.get("per"), row=number, code=code, key="per", line=line, problems=problems, positive=True)  # fmt: skip
        floor = _number(raw.get("floor", 0), row=number, code=code, key="floor", line=line, problems=problems)  # fmt: skip
        if per is None or floor is None:
            return None
        if floor >= max_points:
            problems.append(Problem(number, code, "floor", "điểm sàn phải nhỏ hơn điểm tối đa", line))
            return None
        return Rule(kind, per=per, floor=floor)
    if kind == "yes_no":
        no_points = _number(raw.get("no_points", 0), row=number, code=code, key="no_points", line=line, problems=problems)  # fmt: skip
        if no_points is None:
            return None
        if no_points >= max_points:
            problems.append(Problem(number, code, "no_points", "điểm khi “Không” phải nhỏ hơn điểm tối đa", line))  # fmt: skip
            return None
        return Rule(kind, no_points=no_points)
    return Rule(kind)


def _tree(rows: list[dict[str, Any]], problems: list[Problem]) -> list[Field]:
    by_code = {r["code"]: r for r in rows}
    children: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        parts = r["code"].split(".")
        if len(parts) > 1:
            parent = ".".join(parts[:-1])
            if parent not in by_code:
                kind = "lĩnh vực" if len(parts) == 2 else "tiêu chí"
                problems.append(Problem(r["_number"], r["code"], "code", f"không có {kind} {parent} chứa dòng này", r["_line"]))  # fmt: skip
                continue
            children.setdefault(parent, []).append(r)

    def check_leaf(r: dict[str, Any]) -> None:
        if r["kind"] is None and not r["broken"]:
            problems.append(Problem(r["_number"], r["code"], "rule", "tiêu chí được chấm điểm phải có cách chấm", r["_line"]))  # fmt: skip

    def check_parent(r: dict[str, Any], kids: list[dict[str, Any]]) -> None:
        if r["kind"] is not None:
            problems.append(Problem(r["_number"], r["code"], "rule", "dòng có tiêu chí con không được chấm trực tiếp; bỏ trống cách chấm", r["_line"]))  # fmt: skip
        if r["max"] is not None and all(k["max"] is not None for k in kids):
            total = sum((k["max"] for k in kids), Decimal(0))
            if total != r["max"]:
                problems.append(Problem(r["_number"], r["code"], "max", f"điểm tối đa {_n(r['max'])} khác tổng điểm tối đa của các dòng con ({_n(total)})", r["_line"]))  # fmt: skip

    def item(r: dict[str, Any], field_code: str, criterion_code: str) -> Item | None:
        check_leaf(r)
        if r["rule"] is None or r["max"] is None:
            return None
        return Item(code=r["code"], name=r["name"], max_points=r["max"], rule=r["rule"], na=r["na"],
                    evidence=tuple(r["evidence"]), source=r["source"], note=r["note"],
                    field_code=field_code, criterion_code=criterion_code)  # fmt: skip

    fields = []
    for f in (r for r in rows if "." not in r["code"]):
        crit_rows = children.get(f["code"], [])
        if not crit_rows:
            problems.append(
                Problem(f["_number"], f["code"], "code", "lĩnh vực chưa có tiêu chí nào", f["_line"])
            )
            continue
        check_parent(f, crit_rows)
        criteria = []
        for c in crit_rows:
            subs = children.get(c["code"], [])
            if subs:
                check_parent(c, subs)
                items = [item(s, f["code"], c["code"]) for s in subs]
            else:
                items = [item(c, f["code"], c["code"])]
            if c["max"] is not None and all(i is not None for i in items):
                criteria.append(
                    Criterion(c["code"], c["name"], c["max"], tuple(i for i in items if i is not None))
                )
        if f["max"] is not None:
            fields.append(Field(f["code"], f["name"], f["max"], tuple(criteria)))
    fields.sort(key=lambda x: _code_key(x.code))
    return fields


def _code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


def code_key(code: str) -> tuple[int, ...]:
    """Sort key of a code: 1.2 < 1.10 < 2."""
    return _code_key(code)


def sample_path() -> Any:
    from importlib.resources import files

    return files("cchc.domain.data").joinpath("par_criteria_sample_2026.toml")


def load_sample(*, known_sources: Iterable[str] | None = None) -> CriteriaSet:
    """The shipped sample set (modelled on the provincial structure; to be replaced by the province's own)."""
    return load_toml(sample_path().read_text(encoding="utf-8"), name="mẫu", known_sources=known_sources)
