"""Numbering rules of NĐ 30/2020 (Điều 15, Phụ lục I ô 3–4, Phụ lục III)."""

from __future__ import annotations

import datetime as dt

import pytest

from cchc.domain.documents.model import DocType, Secrecy
from cchc.domain.documents.numbering import (
    SeriesPolicy,
    compose_symbol,
    format_date_line,
    format_number_line,
    next_number,
    series_key,
    type_abbreviation,
)


def test_cong_van_symbol_is_issuer_then_drafting_unit() -> None:
    assert compose_symbol(DocType.CONG_VAN, "SVHTTDL", "VP") == "SVHTTDL-VP"
    assert format_number_line(1036, "SVHTTDL-VP") == "Số: 1036/SVHTTDL-VP"


def test_other_types_put_the_type_abbreviation_first() -> None:
    assert compose_symbol(DocType.QUYET_DINH, "SVHTTDL", "VP") == "QĐ-SVHTTDL"
    assert compose_symbol(DocType.TO_TRINH, "SVHTTDL") == "TTr-SVHTTDL"
    assert format_number_line(15, compose_symbol(DocType.KE_HOACH, "SVHTTDL")) == "Số: 15/KH-SVHTTDL"


def test_numbers_below_ten_are_padded() -> None:
    assert format_number_line(5, "QĐ-SVHTTDL") == "Số: 05/QĐ-SVHTTDL"
    assert format_number_line(None, "QĐ-SVHTTDL").startswith("Số:")
    with pytest.raises(ValueError):
        format_number_line(0, "QĐ-SVHTTDL")


def test_phu_luc_iii_abbreviations() -> None:
    expected = {"Quyết định": "QĐ", "Chỉ thị": "CT", "Kế hoạch": "KH", "Báo cáo": "BC", "Thông báo": "TB",
                "Tờ trình": "TTr", "Chương trình": "CTr", "Quy định": "QYĐ", "Công văn": ""}  # fmt: skip
    assert {k: type_abbreviation(k) for k in expected} == expected
    assert all(t.abbreviation == type_abbreviation(t.label) for t in DocType)


def test_date_line_pads_day_and_months_one_and_two_only() -> None:
    assert format_date_line("Lai Châu", dt.date(2026, 1, 5)) == "Lai Châu, ngày 05 tháng 01 năm 2026"
    assert format_date_line("Lai Châu", dt.date(2026, 2, 9)) == "Lai Châu, ngày 09 tháng 02 năm 2026"
    assert format_date_line("Lai Châu", dt.date(2026, 3, 27)) == "Lai Châu, ngày 27 tháng 3 năm 2026"
    assert format_date_line("Lai Châu", dt.date(2026, 12, 1)) == "Lai Châu, ngày 01 tháng 12 năm 2026"


def test_next_number_continues_within_the_year_and_resets_on_first_january() -> None:
    assert next_number(None, None, dt.date(2026, 5, 1)) == 1
    assert next_number(41, 2026, dt.date(2026, 5, 1)) == 42
    assert next_number(1203, 2025, dt.date(2026, 1, 1)) == 1
    with pytest.raises(ValueError):
        next_number(3, 2026, dt.date(2025, 12, 31))


def test_series_policy_shared_or_per_type_and_separate_series_for_secret_and_copies() -> None:
    day = dt.date(2026, 3, 27)
    shared = {str(series_key(t, "SVHTTDL", day)) for t in DocType}
    assert shared == {"SVHTTDL/2026/HC"}
    per_type = {str(series_key(t, "SVHTTDL", day, policy=SeriesPolicy.PER_TYPE)) for t in DocType}
    assert len(per_type) == len(DocType)
    secret = series_key(DocType.CONG_VAN, "SVHTTDL", day, secrecy=Secrecy.MAT)
    assert (
        secret.series == "MAT" and series_key(DocType.QUYET_DINH, "SVHTTDL", day, copy=True).series == "SAO"
    )
    assert series_key(DocType.CONG_VAN, "SVHTTDL", dt.date(2027, 1, 1)).year == 2027
