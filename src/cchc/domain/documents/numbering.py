"""Numbering rules of NĐ 30/2020 (Điều 15, Phụ lục I ô 3–4, Phụ lục III), as pure functions.

The database allocates numbers without gaps (the Django app locks the register row); these functions
only say what the next number is, which series a document belongs to and how numbers and dates print.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from cchc.domain.documents.kinds import DocType, Secrecy

# NĐ 30/2020 Phụ lục III "Bảng chữ viết tắt tên loại văn bản và bản sao" — the full table, so that
# a register can also number types the drafting module does not render yet.
TYPE_ABBREVIATIONS: dict[str, str] = {
    "nghị quyết": "NQ",
    "quyết định": "QĐ",
    "chỉ thị": "CT",
    "quy chế": "QC",
    "quy định": "QYĐ",
    "thông cáo": "TC",
    "thông báo": "TB",
    "hướng dẫn": "HD",
    "chương trình": "CTr",
    "kế hoạch": "KH",
    "phương án": "PA",
    "đề án": "ĐA",
    "dự án": "DA",
    "báo cáo": "BC",
    "biên bản": "BB",
    "tờ trình": "TTr",
    "hợp đồng": "HĐ",
    "công điện": "CĐ",
    "bản ghi nhớ": "GN",
    "bản thỏa thuận": "TTh",
    "giấy ủy quyền": "GUQ",
    "giấy mời": "GM",
    "giấy giới thiệu": "GGT",
    "giấy nghỉ phép": "GNP",
    "phiếu gửi": "PG",
    "phiếu chuyển": "PC",
    "phiếu báo": "PB",
    "bản sao y": "SY",
    "bản trích sao": "TS",
    "bản sao lục": "SL",
    "công văn": "",  # công văn has no type abbreviation (ô 3)
}


def type_abbreviation(type_name: str) -> str:
    """Phụ lục III abbreviation for a type name ("Quyết định" → "QĐ"); KeyError if unknown."""
    return TYPE_ABBREVIATIONS[type_name.strip().lower()]


def compose_symbol(doc_type: DocType, issuer_abbr: str, drafting_unit_abbr: str = "") -> str:
    """Ký hiệu (ô 3): "-" between groups, no spaces, upper case except the fixed abbreviations.

    Công văn: ``<cơ quan>-<đơn vị soạn thảo>`` ("SVHTTDL-VP"); other types:
    ``<tên loại>-<cơ quan>`` ("QĐ-SVHTTDL").
    """
    issuer = issuer_abbr.strip().replace(" ", "")
    if not issuer:
        raise ValueError("thiếu chữ viết tắt tên cơ quan ban hành")
    if doc_type is DocType.CONG_VAN:
        unit = drafting_unit_abbr.strip().replace(" ", "")
        return f"{issuer}-{unit}" if unit else issuer
    return f"{doc_type.abbreviation}-{issuer}"


def format_number(number: int) -> str:
    """Số văn bản: Arabic numerals, padded with one 0 below 10 ("05")."""
    if number < 1:
        raise ValueError("số văn bản bắt đầu từ 01")
    return f"{number:02d}"


def format_number_line(number: int | None, symbol: str) -> str:
    """ "Số: 05/QĐ-SVHTTDL"; while drafting (no number yet) "Số:      /QĐ-SVHTTDL" leaves room."""
    if number is None:
        return f"Số:      /{symbol}"
    return f"Số: {format_number(number)}/{symbol}"


def format_date_line(place: str, day: dt.date) -> str:
    """Ô 4: "Lai Châu, ngày 05 tháng 01 năm 2026" — day < 10 and months 1, 2 padded with 0.

    Months 3–12 are not padded (so "tháng 3"), as in Phụ lục I and the issued letters.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def next_number(last_number: int | None, year_of_last: int | None, issue_date: dt.date) -> int:
    """Next number in a series: numbers run from 01 on 01/01 to 31/12 (Điều 15 k.1).

    ``last_number``/``year_of_last`` describe the last number given in the series (None when the
    series is empty). A new year starts again at 1. A date earlier than the last year is refused:
    numbers follow the order of issue.
    """
    if last_number is None or year_of_last is None or issue_date.year > year_of_last:
        return 1
    if issue_date.year < year_of_last:
        raise ValueError("ngày ban hành thuộc năm trước năm của số cuối cùng trong sổ")
    return last_number + 1


class SeriesPolicy(Enum):
    """How văn bản hành chính share number series. Điều 15 k.2 leaves this to the head of the
    agency, so it is a setting; ``SHARED`` is the common practice (one series for all types)."""

    SHARED = "shared"
    PER_TYPE = "per_type"


@dataclass(frozen=True)
class SeriesKey:
    issuer_abbr: str
    year: int
    series: str

    def __str__(self) -> str:
        return f"{self.issuer_abbr}/{self.year}/{self.series}"


def series_key(
    doc_type: DocType,
    issuer_abbr: str,
    issue_date: dt.date,
    *,
    policy: SeriesPolicy = SeriesPolicy.SHARED,
    secrecy: Secrecy = Secrecy.NONE,
    copy: bool = False,
    advisory_body: str = "",
) -> SeriesKey:
    """The series a document takes its number from.

    Whatever the policy: văn bản mật have their own series (Điều 15 k.3), paper copies have their
    own (Phụ lục I Phần II mục II.1c) and a tổ chức tư vấn using the agency's seal has its own
    (Phụ lục I Phần II mục II.3a).
    """
    if secrecy is not Secrecy.NONE:
        series = "MAT"
    elif copy:
        series = "SAO"
    elif advisory_body:
        series = f"TV:{advisory_body}"
    elif policy is SeriesPolicy.PER_TYPE:
        series = doc_type.abbreviation or "CV"
    else:
        series = "HC"
    return SeriesKey(issuer_abbr=issuer_abbr, year=issue_date.year, series=series)
