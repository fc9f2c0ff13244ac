"""Reading the tables provinces publish (CSV / XLSX) and mapping their Vietnamese headers.

A :class:`HeaderProfile` is data: per canonical field, the header spellings seen in the wild. Headers
are compared after :func:`~cchc.domain.procedures.catalogue.fold` (no diacritics, no case, single
spaces, "_" = space), so "Mã số TTHC", "MÃ TTHC", "ma_tthc" all match. The parsers in
:mod:`.importers` turn rows into records and never write anything: the caller decides between
all-or-nothing and valid-rows-only with :attr:`ParseResult.ok`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar

from cchc.domain import files
from cchc.domain.errors import UserError
from cchc.domain.numbers import NumberFormatError, parse_decimal
from cchc.domain.procedures.catalogue import fold

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


@dataclass(frozen=True, slots=True)
class HeaderProfile:
    name: str
    kind: str  # "catalogue" | "cost_cases" | "fee_rules" | "full_cost"
    aliases: dict[str, tuple[str, ...]]  # canonical field → header spellings
    required: tuple[str, ...]
    description: str = ""


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


def _a(*names: str) -> tuple[str, ...]:
    return tuple(fold(n) for n in names)


CATALOGUE = HeaderProfile(
    name="danh_muc_tthc",
    kind="catalogue",
    description="Danh mục TTHC (quyết định công bố): mã, tên, lĩnh vực, cấp, thời hạn, phí, DVCTT...",
    aliases={
        "code": _a("ma_tthc", "mã TTHC", "mã số TTHC", "mã thủ tục", "mã thủ tục hành chính", "mã số"),
        "code_as_published": _a("ma_tthc_as_published", "mã TTHC như công bố", "mã TTHC (bản công bố)"),
        "name": _a("ten_tthc", "tên TTHC", "tên thủ tục hành chính", "tên thủ tục", "tên quy trình"),
        "field": _a("linh_vuc", "lĩnh vực"),
        "level": _a("cap", "cấp", "cấp thực hiện", "cấp giải quyết"),
        "responsible_unit": _a(
            "tham_quyen", "thẩm quyền", "cơ quan thực hiện", "cơ quan giải quyết", "đơn vị"
        ),
        "change": _a("nhom", "nhóm", "loại công bố", "tình trạng"),
        "number": _a("stt", "số thứ tự", "tt"),
        "time_limit": _a("thoi_han_giai_quyet", "thời hạn giải quyết", "thời gian giải quyết"),
        "time_limit_days": _a("thoi_han_ngay_lam_viec", "thời hạn (ngày làm việc)", "số ngày làm việc"),
        "places": _a("dia_diem", "địa điểm", "địa điểm thực hiện"),
        "channels": _a("cach_thuc", "cách thức", "cách thức thực hiện"),
        "online_level": _a(
            "muc_do_dvctt", "mức độ DVCTT", "mức độ dịch vụ công trực tuyến", "DVC trực tuyến"
        ),
        "post": _a("buu_chinh_cong_ich", "bưu chính công ích", "dịch vụ bưu chính công ích"),
        "fees": _a("phi_le_phi", "phí, lệ phí", "phí lệ phí", "lệ phí"),
        "legal_basis": _a("can_cu_phap_ly", "căn cứ pháp lý"),
        "notes": _a("ghi_chu", "ghi chú"),
        "internal": _a("noi_bo", "TTHC nội bộ"),
    },
    required=("code", "name"),
)

COST_CASES = HeaderProfile(
    name="chi_phi_tuan_thu_don_gian",
    kind="cost_cases",
    description="Phương án đơn giản hóa, cách tính rút gọn: thời hạn trước/sau × 8 giờ × thu nhập/giờ × hồ sơ/năm",
    aliases={
        "code": CATALOGUE.aliases["code"],
        "name": CATALOGUE.aliases["name"],
        "level": CATALOGUE.aliases["level"],
        "field": CATALOGUE.aliases["field"],
        "days_before": _a("thoi_han_truoc_ngay_lam_viec", "thời hạn trước", "thời hạn trước (ngày làm việc)"),
        "days_after": _a("thoi_han_sau_ngay_lam_viec", "thời hạn sau", "thời hạn sau (ngày làm việc)"),
        "hours_per_day": _a("gio_moi_ngay", "giờ mỗi ngày", "số giờ/ngày"),
        "hourly_income": _a("thu_nhap_dong_per_gio", "thu nhập (đồng/giờ)", "thu nhập đồng/giờ"),
        "dossiers_per_year": _a("so_ho_so_per_nam", "số hồ sơ/năm", "số hồ sơ trên năm"),
        "cost_before": _a("chi_phi_truoc_dong_per_nam", "chi phí trước (đồng/năm)", "chi phí trước"),
        "cost_after": _a("chi_phi_sau_dong_per_nam", "chi phí sau (đồng/năm)", "chi phí sau"),
        "saving": _a("chi_phi_tiet_kiem_dong_per_nam", "chi phí tiết kiệm (đồng/năm)", "chi phí tiết kiệm"),
        "percent": _a("ty_le_cat_giam_pct_published", "tỷ lệ cắt giảm (%)", "tỷ lệ cắt giảm chi phí"),
    },
    required=("code", "days_before", "days_after", "dossiers_per_year"),
)

FEE_RULES = HeaderProfile(
    name="bieu_phi",
    kind="fee_rules",
    description="Biểu mức thu phí, lệ phí: nội dung, kiểu tính, mức thu, đơn vị, mức trần, căn cứ",
    aliases={
        "description": _a("noi_dung_tham_dinh", "nội dung", "nội dung thu"),
        "codes": _a("ma_tthc_lien_quan_suy_ra", "mã TTHC liên quan", "ma_tthc_lien_quan"),
        "kind": _a("kieu_tinh", "kiểu tính", "cách tính"),
        "amount": _a("muc_thu", "mức thu", "mức thu (đồng)"),
        "unit": _a("don_vi", "đơn vị", "đơn vị tính"),
        "cap": _a("tran", "mức trần", "tối đa"),
        "cap_unit": _a("don_vi_tran", "đơn vị trần"),
        "legal_basis": _a("can_cu", "căn cứ"),
    },
    required=("description", "amount"),
)

FULL_COST = HeaderProfile(
    name="chi_phi_tuan_thu_day_du",
    kind="full_cost",
    description="SCM đầy đủ (TT 02/2017 Điều 27): mỗi dòng là một công việc của một phương án (trước/sau)",
    aliases={
        "code": CATALOGUE.aliases["code"],
        "name": CATALOGUE.aliases["name"],
        "phase": _a("phuong_an", "phương án", "trước/sau"),
        "action": _a("cong_viec", "công việc", "hoạt động"),
        "action_kind": _a("loai_cong_viec", "loại công việc"),
        "hours": _a("so_gio", "số giờ"),
        "count": _a("so_lan", "số lần"),
        "outsourcing_cost": _a("chi_phi_thue_ngoai", "chi phí thuê dịch vụ", "chi phí thuê ngoài"),
        "travel_cost": _a("chi_phi_di_lai", "chi phí đi lại"),
        "fees": _a("phi_le_phi", "phí, lệ phí"),
        "other_costs": _a("chi_phi_khac", "chi phí khác"),
        "executions_per_year": _a("so_lan_thuc_hien_per_nam", "số lần thực hiện/năm"),
        "subjects_per_year": _a("so_doi_tuong_per_nam", "số đối tượng/năm"),
    },
    required=("code", "phase", "action", "hours"),
)

# Most specific first: a cost table also has "ma_tthc" and would otherwise look like a catalogue.
PROFILES: tuple[HeaderProfile, ...] = (FULL_COST, COST_CASES, FEE_RULES, CATALOGUE)


def map_headers(headers: Sequence[str], profile: HeaderProfile) -> tuple[dict[str, int], list[str]]:
    """Canonical field → column index, and the headers no alias matched."""
    index: dict[str, int] = {}
    unmapped: list[str] = []
    lookup = {alias: name for name, aliases in profile.aliases.items() for alias in aliases}
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


def raw_row(headers: Sequence[str], cells: Sequence[Any]) -> dict[str, str]:
    return {h: _cell_text(cells[i]) if i < len(cells) else "" for i, h in enumerate(headers)}
