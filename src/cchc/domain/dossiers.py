"""Canonical dossier record, value normalisation rules and column-header profiles (no Django).

The record carries the national sync fields of standards.md §1.3. The value rules (dates dd/mm/yyyy
[HH:MM[:SS]] in Vietnam time, Vietnamese numbers "16.000.000", "Có/Không") are defined here once:
the Python functions serve small files and forms, and :mod:`cchc.analytics.normalise` builds its
vectorised SQL from the same vocabularies, with tests checking the two agree.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Literal

from cchc.domain.errors import UserError
from cchc.domain.profiles import Family, FieldRule, Profile, load, load_data
from cchc.domain.text import fold

# "fee": an amount, or a yes/no flag (CoPhiLePhi: 1/0, Có/Không, x, TRUE) read as 1/0 — the indicators
# only ask whether it is above 0.
Kind = Literal["text", "datetime", "int", "number", "fee", "bool", "channel", "paid", "status"]

VN_TZ = timezone(timedelta(hours=7))  # Vietnam has no daylight saving time
DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")
DATE_FORMATS_ISO_DAY = ("%Y-%m-%d",)
DATE_ONLY = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$|^\d{4}-\d{2}-\d{2}$")
END_OF_DAY_FIELDS = frozenset({"due_at"})  # a bare-date deadline ends at the end of that day
END_OF_DAY = "23 hours 59 minutes 59 seconds"
TRUE_WORDS = frozenset({"co", "có", "x", "1", "true", "yes", "y", "dung", "đúng", "da", "đã"})
FALSE_WORDS = frozenset({"khong", "không", "0", "false", "no", "n", "chua", "chưa"})
# (accent-free phrase, status code); first match wins. Order matters: "đã trả" before "đã xử lý".
STATUS_WORDS: tuple[tuple[str, str], ...] = (
    ("da tra ket qua", "returned"),
    ("da xu ly xong", "done"),
    ("hoan thanh", "done"),
    ("tu choi", "stopped"),
    ("dung xu ly", "stopped"),
    ("rut ho so", "stopped"),
    ("bo sung", "supplement"),
    ("dang xu ly", "processing"),
    ("tiep nhan", "received"),
)
STATUS_CODES = ("received", "processing", "supplement", "done", "returned", "stopped", "other")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: Kind
    label: str  # Vietnamese, for error messages
    required: bool = False


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("dossier_code", "text", "Mã hồ sơ", True),
    FieldSpec("procedure_code", "text", "Mã TTHC", True),
    FieldSpec("unit_code", "text", "Mã đơn vị", True),
    FieldSpec("channel", "channel", "Kênh thực hiện"),
    FieldSpec("online_level", "int", "Mức độ DVCTT"),
    FieldSpec("received_at", "datetime", "Ngày tiếp nhận", True),
    FieldSpec("due_at", "datetime", "Ngày hẹn trả"),
    FieldSpec("finished_at", "datetime", "Ngày kết thúc xử lý"),
    FieldSpec("returned_at", "datetime", "Ngày trả kết quả"),
    FieldSpec("status", "status", "Trạng thái"),
    FieldSpec("supplement_count", "int", "Số lần yêu cầu bổ sung"),
    FieldSpec("supplement_days", "number", "Thời gian bổ sung (ngày)"),
    FieldSpec("supplement_pending_at", "datetime", "Ngày yêu cầu bổ sung chưa hoàn thành"),
    FieldSpec("max_processing_days", "int", "Thời hạn giải quyết (ngày làm việc)"),
    FieldSpec("fee_amount", "fee", "Phí, lệ phí"),
    FieldSpec("paid_online", "paid", "Thanh toán trực tuyến"),
    FieldSpec("attachments_digitised", "bool", "Số hóa thành phần hồ sơ"),
    FieldSpec("result_required", "bool", "Yêu cầu trả kết quả giấy"),
    FieldSpec("e_result", "bool", "Có kết quả điện tử"),
    FieldSpec("reused_data", "bool", "Tái sử dụng dữ liệu số hóa"),
    FieldSpec("from_data_warehouse", "bool", "Lấy từ kho dữ liệu"),
    FieldSpec("population_data", "bool", "Dùng dữ liệu dân cư/VNeID"),
    FieldSpec("synced", "bool", "Đã đồng bộ DVCQG"),
    FieldSpec("rating", "int", "Đánh giá"),
    FieldSpec("complaint", "bool", "Có phản ánh, kiến nghị"),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}


@dataclass(slots=True)
class DossierRecord:
    """One dossier (hồ sơ) in canonical form; times are naive Vietnam local time."""

    dossier_code: str
    procedure_code: str
    unit_code: str
    received_at: datetime
    channel: int | None = None  # KenhThucHien: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích
    online_level: int | None = None
    due_at: datetime | None = None  # NgayHenTra
    finished_at: datetime | None = None  # NgayKetThucXuLy
    returned_at: datetime | None = None
    status: str | None = None
    supplement_count: int | None = None
    supplement_days: Decimal | None = None  # completed supplement time, excluded from processing time
    supplement_pending_at: datetime | None = None  # a request the citizen has not answered yet
    max_processing_days: int | None = None  # used when NgayHenTra is missing
    fee_amount: Decimal | None = None
    paid_online: int | None = None  # DuocThanhToanTrucTuyen: 0 no, 1 DVCQG, 2 provincial gateway
    attachments_digitised: bool | None = None
    result_required: bool | None = None
    e_result: bool | None = None
    reused_data: bool | None = None
    from_data_warehouse: bool | None = None
    population_data: bool | None = None
    synced: bool | None = None
    rating: int | None = None
    complaint: bool | None = None


class ValueProblem(UserError):
    """A value that cannot be normalised; the message is Vietnamese and names the field."""


ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def parse_datetime(value: str) -> datetime:
    """dd/mm/yyyy [HH:MM[:SS]] or ISO; an explicit offset (…Z, +07:00) is converted to Vietnam time."""
    text = value.strip()
    if ISO_WITH_OFFSET.match(text):
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return parsed.astimezone(VN_TZ).replace(tzinfo=None)
    for fmt in DATE_FORMATS + DATE_FORMATS_ISO_DAY:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValueProblem(f"'{value}' không phải ngày giờ dạng dd/mm/yyyy [HH:MM[:SS]]")


# The number and flag rules below are the one spec of both readers: the Python functions here and the
# SQL of cchc.analytics.normalise are built from these constants, and tests/domain/test_value_rules.py runs
# one table of cases through both.
NUMBER_NOISE = r"(?i)\s|vn[dđ]|đồng|đ$"  # removed before a number is read: spaces, "đ", "VNĐ", "đồng"
VN_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")  # 16.000.000 or 1.234,5
COMMA_DECIMAL = re.compile(r"^-?\d+,\d+$")  # 2,5
DECIMAL_SQL = "DECIMAL(18,2)"  # how the store keeps numbers: 2 decimals, half away from zero, |x| < 10^16
_CENT = Decimal("0.01")
DECIMAL_LIMIT = Decimal(10) ** 16
INTEGER_SQL = "INTEGER"  # how the store keeps counts and codes: 32-bit
INTEGER_RANGE = (-(2**31), 2**31 - 1)


def parse_number(value: str) -> Decimal:
    """Vietnamese (16.000.000; 2,5) or plain (16000000.0) numbers; "đ"/"VNĐ" and spaces ignored; kept
    as the store keeps them (:data:`DECIMAL_SQL`)."""
    text = re.sub(NUMBER_NOISE, "", value.strip())
    if VN_NUMBER.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif COMMA_DECIMAL.match(text):
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueProblem(f"'{value}' không phải số") from None
    if not number.is_finite():
        raise ValueProblem(f"'{value}' không phải số")
    number = number.quantize(_CENT, rounding=ROUND_HALF_UP)
    if abs(number) >= DECIMAL_LIMIT:
        raise ValueProblem(f"'{value}' quá lớn")
    return number


def parse_integer(value: str) -> int:
    """A whole number (Vietnamese or plain spelling) within :data:`INTEGER_RANGE`."""
    number = parse_number(value)
    if number != number.to_integral_value():
        raise ValueProblem(f"'{value}' không phải số nguyên")
    if not INTEGER_RANGE[0] <= number <= INTEGER_RANGE[1]:
        raise ValueProblem(f"'{value}' quá lớn")
    return int(number)


def flag_word(value: str) -> str:
    """The text a flag is looked up by: trimmed, composed (NFC), lower case — as the SQL reads it."""
    return unicodedata.normalize("NFC", value.strip()).lower()


def parse_bool(value: str) -> bool:
    word = flag_word(value)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueProblem(f"'{value}' không phải Có/Không")


def parse_status(value: str) -> str:
    folded = fold(value)
    if folded in STATUS_CODES:
        return folded
    for phrase, code in STATUS_WORDS:
        if phrase in folded:
            return code
    return "other"


def _parse(spec: FieldSpec, value: str) -> object:
    match spec.kind:
        case "text":
            return unicodedata.normalize("NFC", value.strip())
        case "datetime":
            parsed = parse_datetime(value)
            if spec.name in END_OF_DAY_FIELDS and DATE_ONLY.match(value.strip()):
                parsed = parsed.replace(hour=23, minute=59, second=59)
            return parsed
        case "int":
            return parse_integer(value)
        case "number":
            return parse_number(value)
        case "fee":
            try:
                return parse_number(value)
            except ValueProblem:
                return Decimal(1) if parse_bool(value) else Decimal(0)
        case "bool":
            return parse_bool(value)
        case "channel":
            channel = parse_integer(value)
            if channel not in (1, 2, 3):
                raise ValueProblem(f"'{value}' không phải kênh 1, 2 hoặc 3")
            return channel
        case "paid":
            if value.strip() in ("0", "1", "2"):
                return int(value)
            return 1 if parse_bool(value) else 0
        case "status":
            return parse_status(value)


def validate_row(raw: Mapping[str, str | None]) -> tuple[DossierRecord | None, list[str]]:
    """Normalise one row keyed by canonical field names; returns (record, Vietnamese errors)."""
    values: dict[str, object] = {}
    errors: list[str] = []
    for spec in (*FIELDS, *INPUT_FIELDS):
        text = raw.get(spec.name)
        if text is None or str(text).strip() == "":
            if spec.required:
                errors.append(f"Thiếu {spec.label}")
            continue
        try:
            values[spec.name] = _parse(spec, str(text))
        except ValueProblem as exc:
            errors.append(f"{spec.label}: {exc}")
    received = values.get("received_at")
    if isinstance(received, datetime):
        for name in ("due_at", "finished_at"):
            other = values.get(name)
            if isinstance(other, datetime) and other < received:
                errors.append(f"{FIELD_BY_NAME[name].label} trước {FIELD_BY_NAME['received_at'].label}")
    done, asked = values.pop("supplement_done_at", None), values.get("supplement_pending_at")
    if isinstance(done, datetime) and isinstance(asked, datetime):
        if done < asked:
            errors.append(f"{MAPPABLE['supplement_done_at'].label} trước Ngày yêu cầu bổ sung")
        else:  # a completed pause: its length, and the request is no longer pending
            values.setdefault("supplement_days", supplement_pause_days(asked, done))
            del values["supplement_pending_at"]
    if errors:
        return None, errors
    return DossierRecord(**values), []  # type: ignore[arg-type]


def supplement_pause_days(asked: datetime, done: datetime) -> Decimal:
    """A completed supplement pause in days (the time between request and completion, to 0.01 day, as
    the store keeps numbers): processing time excludes it (standards §1.3)."""
    seconds = (done - asked).days * 86400 + (done - asked).seconds
    return Decimal(pause_cents(seconds)) / 100


def pause_cents(seconds: int) -> int:
    """Seconds → hundredths of a day, half up: integer arithmetic, the same in Python and in SQL."""
    return (seconds * 100 + 43200) // 86400


# Fields a file may carry that no store column keeps: they feed one that does. A supplement's completion
# time turns the request time (supplement_pending_at) into a completed pause: supplement_days =
# completion − request (unless the file gives the days), and the request is no longer pending.
INPUT_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("supplement_done_at", "datetime", "Ngày hoàn thành bổ sung"),
)
MAPPABLE = {f.name: f for f in (*FIELDS, *INPUT_FIELDS)}  # every field a column may feed

FAMILY = Family(
    label="hồ sơ",
    types=("text", "datetime", "int", "number", "fee", "bool", "channel", "paid", "status"),
    schema={f.name: (f.kind, f.required) for f in MAPPABLE.values()},
)


@cache
def builtin_profiles() -> tuple[Profile, ...]:
    """The profiles of data/dossier_profiles.toml, read and checked by :mod:`cchc.domain.profiles`."""
    return load_data("dossier_profiles.toml", FAMILY)


def profiles() -> dict[str, dict[str, str]]:
    """Header profiles: name → {folded header → canonical field}."""
    return {p.name: p.lookup() for p in builtin_profiles()}


def map_headers(headers: Iterable[str], saved: Sequence[Profile] = ()) -> tuple[str, dict[str, str]]:
    """(profile name, {file header → canonical field}) of :func:`propose_mapping`."""
    proposal = propose_mapping(headers, saved)
    return proposal.profile, proposal.mapping


def _tokens(text: str) -> list[str]:
    """Words of a header: CamelCase split, accents folded ("CoPhiLePhi" → co, phi, le, phi)."""
    spaced = re.sub(r"(?<=[a-zà-ỹđ])(?=[A-ZÀ-ỸĐ])", " ", text.strip())
    return [t for t in re.split(r"[^a-z0-9]+", fold(spaced)) if t]


@cache
def _aliases() -> tuple[tuple[str, str], ...]:
    """Every (header as written in a profile, field), CamelCase kept for :func:`_tokens`."""
    return tuple((a, f) for p in builtin_profiles() for f, rule in p.fields.items() for a in rule.aliases)


def looks_like(header: str) -> str | None:
    """The field an unmapped header resembles (a name of some profile is inside it, or most of their
    words are shared), else None: the import flags such a column instead of dropping it quietly."""
    words = _tokens(header)
    if not words:
        return None
    compact = "".join(words)
    best, best_score = None, 0.0
    for alias, field in _aliases():
        alias_words = _tokens(alias)
        alias_compact = "".join(alias_words)
        if len(alias_compact) >= 5 and (alias_compact in compact or compact in alias_compact):
            score = 1.0
        else:
            shared = sum(min(words.count(w), alias_words.count(w)) for w in set(words))
            score = shared / max(len(words), len(alias_words))
            if shared >= 3 and shared / len(words) >= 0.75:  # a longer name holding most of the header
                score = max(score, 0.6)
        if score > best_score:
            best, best_score = field, score
    return best if best_score >= 0.6 else None


def unused_columns(headers: Iterable[str], mapping: Mapping[str, str]) -> tuple[list[str], dict[str, str]]:
    """(the file's columns no field reads, {those resembling a known field: that field})."""
    unused = [h for h in headers if h not in mapping]
    suspect = {h: f for h in unused if (f := looks_like(h))}
    return unused, suspect


def missing_required(mapping: Mapping[str, str]) -> list[str]:
    """Labels of required fields no header maps to (the whole file is refused then)."""
    present = set(mapping.values())
    return [f.label for f in FIELDS if f.required and f.name not in present]


FIELD_NAMES = tuple(f.name for f in fields(DossierRecord))


# -- the column-mapping step (issue 16) -------------------------------------------------------------------

UNUSED = ""  # a column mapped to no field ("không dùng")


class MappingProblem(UserError):
    """A column mapping that cannot be used (a field twice, an unknown field or column)."""


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column of a file feeds which field, and how it was decided.

    ``profile``: the profile that named most of the columns (a saved profile of the source first), or
    "" when a person gave the mapping; ``hits``: the columns that profile names by itself."""

    headers: tuple[str, ...]
    mapping: dict[str, str]  # file column → field
    profile: str = ""
    hits: int = 0
    saved: bool = False  # the profile is one saved for this source
    ignored: tuple[str, ...] = ()  # unused columns the profile (or the person) chose not to use

    @property
    def columns(self) -> list[str]:
        return [h for h in self.headers if fold(h)]

    @property
    def unused(self) -> list[str]:
        return [h for h in self.columns if h not in self.mapping]

    @property
    def undecided(self) -> list[str]:
        """Unused columns nobody chose to leave out: the preview asks about them."""
        left_out = {fold(h) for h in self.ignored}
        return [h for h in self.unused if fold(h) not in left_out]

    @property
    def suspect(self) -> dict[str, str]:
        """Undecided columns that look like a field no column feeds yet: column → field."""
        taken = set(self.mapping.values())
        return {h: f for h in self.undecided if (f := looks_like(h)) and f not in taken}

    @property
    def missing(self) -> list[str]:
        return missing_required(self.mapping)

    @property
    def confidence(self) -> float:
        """Share of the file's columns the detected profile names by itself (1.0: every one)."""
        return self.hits / len(self.columns) if self.columns else 0.0

    @property
    def complete(self) -> bool:
        """Every column feeds a field or was left out on purpose, and every required field is fed:
        nothing to ask."""
        return not self.undecided and not self.missing


def propose_mapping(headers: Iterable[str], saved: Sequence[Profile] = ()) -> ColumnMapping:
    """The mapping the importer would use: the profile naming most headers (``saved`` profiles — those
    saved for this source — before the built-in ones, and first on a tie), the others' spellings
    filling in header by header; the first header mapped to a field wins."""
    headers = tuple(headers)
    lookups = [(p, p.lookup()) for p in (*saved, *builtin_profiles())]
    best, best_hits = lookups[0], -1
    for profile, lookup in lookups:
        hits = sum(fold(h) in lookup for h in headers)
        if hits > best_hits:
            best, best_hits = (profile, lookup), hits
    order = [best[1], *(lookup for p, lookup in lookups if p is not best[0])]
    result: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        for lookup in order:
            canonical = lookup.get(fold(header))
            if canonical and canonical not in taken:
                result[header] = canonical
                taken.add(canonical)
                break
    ignored = tuple(dict.fromkeys(h for p, _ in lookups for h in p.ignored))  # left out by some profile
    return ColumnMapping(headers, result, best[0].name, max(best_hits, 0), best[0] in saved, ignored)


def given_mapping(headers: Iterable[str], chosen: Mapping[str, str]) -> ColumnMapping:
    """A mapping a person chose (column → field, "" = not used), checked: every column is the file's,
    every field exists, no field is fed by two columns (:class:`MappingProblem` in Vietnamese)."""
    headers = tuple(headers)
    result: dict[str, str] = {}
    by_field: dict[str, str] = {}
    for header, field in chosen.items():
        if header not in headers:
            raise MappingProblem(f"Tệp không có cột “{header}”.")
        if field == UNUSED:
            continue
        if field not in MAPPABLE:
            raise MappingProblem(f"Cột “{header}”: không có trường “{field}”.")
        if field in by_field:
            raise MappingProblem(
                f"Cột “{by_field[field]}” và cột “{header}” cùng ghép vào trường “{MAPPABLE[field].label}”;"
                " mỗi trường chỉ lấy từ một cột."
            )
        by_field[field] = header
        result[header] = field
    return ColumnMapping(headers, result, ignored=tuple(h for h, f in chosen.items() if f == UNUSED))


def profile_of(
    name: str, mapping: Mapping[str, str], *, description: str = "", ignored: Sequence[str] = ()
) -> Profile:
    """A profile naming each mapped column as written (and the columns left out), in the format of the
    profile files."""
    fields: dict[str, FieldRule] = {}
    for header, field in mapping.items():
        spec = MAPPABLE[field]
        fields[field] = FieldRule((header,), spec.kind, spec.required)
    order = [f.name for f in (*FIELDS, *INPUT_FIELDS) if f.name in fields]
    return Profile(
        name=name, fields={f: fields[f] for f in order}, description=description, ignored=tuple(ignored)
    )


def read_saved_profiles(text: str, *, origin: str) -> tuple[Profile, ...]:
    """Profiles saved for a source (same format and checks as data/dossier_profiles.toml)."""
    return load(text, FAMILY, origin=origin)
