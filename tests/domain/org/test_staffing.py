"""Staffing targets as data and the quota table's rows (plain Python)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cchc.domain import staffing as st
from cchc.domain.procedures.tables import TableError


def test_the_targets_of_standards_15_are_data() -> None:
    t = st.load_targets()
    p = t.phase_of(2026)
    assert p is not None and p.key == "2022-2026" and p.baseline_year == 2021
    assert p.percent == {"cong_chuc": Decimal(5), "vien_chuc": Decimal(10)}
    assert t.phase_of(2027).key == "2026-2031"  # type: ignore[union-attr]
    assert t.phase_of(2021) is None
    assert [s.percent for s in t.scenarios] == [Decimal(20)]


def test_a_changed_target_is_an_edit_of_the_data() -> None:
    text = '[[phase]]\nkey="x"\nbaseline_year=2024\nend_year=2025\ncong_chuc=7\nvien_chuc=3\nsource="s"\n'
    assert st.load_targets(text).phase_of(2025).percent["cong_chuc"] == 7  # type: ignore[union-attr]


def test_reduction_against_the_target() -> None:
    r = st.reduction(200, 192, Decimal(5))
    assert (r.cut, r.percent, r.needed, r.reached) == (8, Decimal("4.0"), 2, False)
    assert st.reduction(200, 190, Decimal(5)).reached is True
    assert st.reduction(0, 0, Decimal(5)).percent is None
    assert st.reduction(10, 10, None).needed is None


def test_every_row_is_a_quota_or_a_rejected_row_with_reasons() -> None:
    headers = ["Đơn vị", "Năm", "Loại", "Biên chế được giao", "Thực có", "Ghi chú"]
    rows = [
        (2, ["QLVH", 2026, "Công chức", 12, 11, ""]),
        (3, ["QLDL", "2026", "viên chức", "8", "", "x"]),
        (4, ["", "20x6", "hợp đồng", "-3", "abc", ""]),
    ]
    parsed = st.parse_rows(headers, rows)
    assert [(q.unit, q.year, q.kind, q.assigned, q.actual) for q in parsed.records] == [
        ("QLVH", 2026, "cong_chuc", 12, 11),
        ("QLDL", 2026, "vien_chuc", 8, None),
    ]
    [bad] = parsed.rejected
    assert bad.row_number == 4 and len(bad.reasons) == 5 and bad.raw["Năm"] == "20x6"


def test_a_table_without_the_needed_columns_is_refused() -> None:
    with pytest.raises(TableError, match="thiếu cột"):
        st.parse_rows(["Đơn vị", "Năm"], [])
