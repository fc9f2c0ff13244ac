"""Reading the people tables: the staff register and course attendance (CSV / XLSX).

The header spellings are data (``data/people_profiles.toml``); the file is read by the one table reader
(:func:`cchc.domain.procedures.tables.read_table`, through the safe readers of :mod:`cchc.domain.files`).
Every data row ends up either as a record or as a :class:`RejectedRow` with its row number, its cells as
printed and the Vietnamese reasons — nothing is dropped. Nothing is written: the app decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from cchc.domain.procedures.tables import (
    HeaderProfile,
    ParseResult,
    RejectedRow,
    TableError,
    date_of,
    detect_profile,
    load_profiles,
    read_table,
    records_of,
    text_of,
)
from cchc.domain.text import fold

__all__ = [
    "ATTENDANCE",
    "STAFF",
    "AttendanceRow",
    "ParseResult",
    "RejectedRow",
    "StaffRow",
    "TableError",
    "parse",
    "parse_rows",
    "split_full_name",
]

PROFILES: tuple[HeaderProfile, ...] = load_profiles(
    resources.files("cchc.domain.data").joinpath("people_profiles.toml").read_text(encoding="utf-8")
)
ATTENDANCE, STAFF = PROFILES  # by `order`

STAFF_KINDS = {
    "cong chuc": "cong_chuc",
    "vien chuc": "vien_chuc",
    "hop dong": "hop_dong",
    "nguoi lao dong": "hop_dong",
    "can bo": "can_bo",
}
GENDERS = {"nam": "nam", "nu": "nu"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_ID = re.compile(r"^\d{9}(\d{3})?$")  # CMND 9 digits or CCCD / số định danh 12


@dataclass(frozen=True, slots=True)
class StaffRow:
    row_number: int
    code: str
    family_name: str  # họ
    given_name: str  # đệm và tên
    unit: str  # as written: the app resolves it to a unit (code, abbreviation or name)
    position: str = ""
    rank: str = ""
    job_position: str = ""
    staff_kind: str = ""
    username: str = ""
    birth_date: date | None = None
    gender: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    started_on: date | None = None
    raw: dict[str, str] = field(default_factory=dict, compare=False)  # the row as printed


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    row_number: int
    code: str
    course: str
    completed_on: date | None
    certificate: str
    raw: dict[str, str] = field(default_factory=dict, compare=False)  # the row as printed


def split_full_name(text: str) -> tuple[str, str]:
    """("Trần", "Mạnh Hùng") from "Trần Mạnh Hùng": the họ is the first word."""
    words = text.split()
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


def _staff(number: int, cells: Sequence[Any], index: dict[str, int], reasons: list[str]) -> StaffRow | None:
    code = text_of(cells, index, "code")
    if not code:
        reasons.append("Thiếu mã cán bộ")
    family, given = text_of(cells, index, "family_name"), text_of(cells, index, "given_name")
    if not (family or given):
        family, given = split_full_name(text_of(cells, index, "full_name"))
    elif not family and given:
        family, given = split_full_name(given)
    if not given:
        reasons.append("Thiếu họ và tên (cần cả họ và tên)")
    unit = text_of(cells, index, "unit")
    if not unit:
        reasons.append("Thiếu đơn vị")
    kind_text = text_of(cells, index, "staff_kind")
    kind = STAFF_KINDS.get(fold(kind_text), "") if kind_text else ""
    if kind_text and not kind:
        reasons.append(f"Loại cán bộ không hợp lệ: “{kind_text}” (công chức, viên chức, hợp đồng, cán bộ)")
    gender_text = text_of(cells, index, "gender")
    gender = GENDERS.get(fold(gender_text), "") if gender_text else ""
    if gender_text and not gender:
        reasons.append(f"Giới tính không hợp lệ: “{gender_text}” (Nam hoặc Nữ)")
    id_number = re.sub(r"[\s.]", "", text_of(cells, index, "id_number"))
    if id_number and not _ID.match(id_number):
        reasons.append(f"Số CCCD không hợp lệ: “{text_of(cells, index, 'id_number')}” (9 hoặc 12 chữ số)")
    email = text_of(cells, index, "email")
    if email and not _EMAIL.match(email):
        reasons.append(f"Email không hợp lệ: “{email}”")
    birth = date_of(cells, index, "birth_date", "Ngày sinh", reasons)
    started = date_of(cells, index, "started_on", "Ngày tuyển dụng", reasons)
    if reasons:
        return None
    return StaffRow(
        row_number=number,
        code=code,
        family_name=family,
        given_name=given,
        unit=unit,
        position=text_of(cells, index, "position"),
        rank=text_of(cells, index, "rank"),
        job_position=text_of(cells, index, "job_position"),
        staff_kind=kind,
        username=text_of(cells, index, "username"),
        birth_date=birth,
        gender=gender,
        id_number=id_number,
        phone=text_of(cells, index, "phone"),
        email=email,
        started_on=started,
    )


def _attendance(
    number: int, cells: Sequence[Any], index: dict[str, int], reasons: list[str]
) -> AttendanceRow | None:
    code, course = text_of(cells, index, "code"), text_of(cells, index, "course")
    if not code:
        reasons.append("Thiếu mã cán bộ")
    if not course:
        reasons.append("Thiếu mã khóa học")
    completed = date_of(cells, index, "completed_on", "Ngày hoàn thành", reasons)
    certificate = text_of(cells, index, "certificate")
    if certificate and completed is None and not reasons:
        reasons.append("Có số chứng nhận nhưng thiếu ngày hoàn thành")
    if reasons:
        return None
    return AttendanceRow(number, code, course, completed, certificate)


def parse_rows(
    headers: Sequence[str], rows: Sequence[tuple[int, Sequence[Any]]], profile: HeaderProfile
) -> ParseResult:
    """Records and rejected rows of ``rows`` read with ``profile``; a key seen twice rejects the later row."""
    if profile.kind == "staff":
        return records_of(headers, rows, profile, _staff, lambda r: (fold(r.code),))
    return records_of(headers, rows, profile, _attendance, lambda r: (fold(r.code), fold(r.course)))


def parse(path: str | Path, kind: str | None = None) -> ParseResult:
    """Read a staff or attendance table; ``kind`` ("staff" / "attendance") or the headers decide which."""
    headers, rows = read_table(path)
    profiles = [p for p in PROFILES if kind is None or p.kind == kind]
    profile = detect_profile(headers, profiles)
    return parse_rows(headers, rows, profile)
