"""Every scoring rule, N/A policy, field totals and the index, on hand-computed cases."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from cchc.domain.assessment.criteria import load_toml
from cchc.domain.assessment.scoring import Answer, ScoreError, score_item, score_set

SET = """
[set]
code = "t"
name = "Thử"
version = "1"
scale = 20
survey_max = 5

[[row]]
code = "1"
name = "Lĩnh vực 1"
max = 9
[[row]]
code = "1.1"
name = "Có/không"
max = 2
rule = "yes_no"
no_points = 0.5
[[row]]
code = "1.2"
name = "Tỷ lệ"
max = 3
rule = "ratio"
bands = "100:3; 90:2; 80:1"
[[row]]
code = "1.3"
name = "Tỷ lệ càng thấp càng tốt"
max = 2
rule = "ratio"
bands = "0:2; 5:1"
lower_is_better = true
na = "full"
[[row]]
code = "1.4"
name = "Số lượng"
max = 2
rule = "count"
bands = "3:2; 1:1"
na = "exclude"
[[row]]
code = "2"
name = "Lĩnh vực 2"
max = 6
[[row]]
code = "2.1"
name = "Trừ điểm"
max = 3
rule = "deduction"
per = 0.75
floor = 0.5
[[row]]
code = "2.2"
name = "Chấm trực tiếp"
max = 3
rule = "manual"
"""

S = load_toml(SET)


def pts(code: str, value=None, na=False):  # type: ignore[no-untyped-def]
    return score_item(S.item(code), Answer(value, na)).points


def test_yes_no() -> None:
    assert pts("1.1", True) == 2
    assert pts("1.1", False) == D("0.5")
    with pytest.raises(ScoreError, match=r"1\.1"):
        pts("1.1", D(1))


@pytest.mark.parametrize(("value", "expected"), [
    (D(100), 3), (D("99.99"), 2), (D(90), 2), (D("89.5"), 1), (D(80), 1), (D("79.99"), 0), (D(0), 0),
])  # fmt: skip
def test_ratio_bands(value: D, expected: int) -> None:
    assert pts("1.2", value) == expected


@pytest.mark.parametrize(("value", "expected"), [(D(0), 2), (D("0.01"), 1), (D(5), 1), (D("5.1"), 0)])
def test_ratio_lower_is_better(value: D, expected: int) -> None:
    assert pts("1.3", value) == expected


def test_ratio_out_of_range_refused() -> None:
    with pytest.raises(ScoreError, match="0 đến 100"):
        pts("1.2", D(101))


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (1, 1), (2, 1), (3, 2), (7, 2)])
def test_count_thresholds(value: int, expected: int) -> None:
    assert pts("1.4", value) == expected


def test_count_must_be_whole() -> None:
    with pytest.raises(ScoreError, match="số nguyên"):
        pts("1.4", D("1.5"))


@pytest.mark.parametrize(("times", "expected"), [(0, D(3)), (1, D("2.25")), (3, D("0.75")), (4, D("0.5")), (9, D("0.5"))])  # fmt: skip
def test_deduction_with_floor(times: int, expected: D) -> None:
    assert pts("2.1", times) == expected


def test_manual_within_max() -> None:
    assert pts("2.2", D("2.5")) == D("2.5")
    with pytest.raises(ScoreError, match="0 đến 3"):
        pts("2.2", D("3.5"))


def test_na_policies() -> None:
    full = score_item(S.item("1.3"), Answer(na=True))
    assert (full.points, full.counted_max) == (2, 2)
    excluded = score_item(S.item("1.4"), Answer(na=True))
    assert (excluded.points, excluded.counted_max) == (0, 0)
    with pytest.raises(ScoreError, match="Không phát sinh"):
        score_item(S.item("1.2"), Answer(na=True))


def test_unanswered_counts_zero_and_is_flagged() -> None:
    s = score_item(S.item("1.2"), None)
    assert s.points is None and s.lost == 3


def test_totals_per_field_and_index_with_survey() -> None:
    answers = {
        "1.1": Answer(True),  # 2
        "1.2": Answer(D(92)),  # 2
        "1.3": Answer(D(3)),  # 1
        "1.4": Answer(2),  # 1
        "2.1": Answer(2),  # 3 - 1.5 = 1.5
        "2.2": Answer(D(2)),  # 2
    }
    r = score_set(S, answers, survey=D("4.2"))
    assert [(f.code, f.points, f.counted_max) for f in r.fields] == [("1", 6, 9), ("2", D("3.5"), 6)]
    assert r.points == D("9.5") and r.counted_max == 15 and r.converted == D("9.5")
    assert r.index == D("13.7")  # 9.5 + 4.2
    assert r.percent == D("68.5")  # 13.7 / 20
    assert r.unanswered == 0


def test_excluded_entry_converts_to_full_scale() -> None:
    answers = {"1.1": Answer(True), "1.2": Answer(D(100)), "1.3": Answer(D(0)), "1.4": Answer(na=True),
               "2.1": Answer(0), "2.2": Answer(D(1))}  # fmt: skip
    r = score_set(S, answers)
    # points 2 + 3 + 2 + 0 + 3 + 1 = 11 of a counted 13 (1.4's 2 excluded); on the 15-point scale: 11 × 15 / 13
    assert r.points == 11 and r.counted_max == 13
    assert r.converted == D("12.69")  # 12.6923…
    assert r.index is None  # no survey
    assert r.percent == D("84.62")  # 12.6923 / 15 = 84.615…%


def test_survey_out_of_range() -> None:
    with pytest.raises(ScoreError, match="điều tra"):
        score_set(S, {}, survey=D(6))


LOWER_COUNT = """
[set]
code = "c"
name = "Số lượng càng ít càng tốt"
version = "1"
scale = 2
survey_max = 0
[[row]]
code = "1"
name = "Lĩnh vực"
max = 2
[[row]]
code = "1.1"
name = "Số văn bản bị kiến nghị sửa đổi"
max = 2
rule = "count"
bands = "0:2; 2:1; 4:0,5"
lower_is_better = true
"""


@pytest.mark.parametrize(("value", "expected"), [(0, D(2)), (1, D(1)), (2, D(1)), (3, D("0.5")), (4, D("0.5")), (5, D(0))])  # fmt: skip
def test_count_lower_is_better(value: int, expected: D) -> None:
    # none: 2 points; up to 2: 1; up to 4: 0,5; more: nothing
    item = load_toml(LOWER_COUNT).item("1.1")
    assert item.rule.describe() == "≤ 0: 2; ≤ 2: 1; ≤ 4: 0,5"
    assert score_item(item, Answer(value)).points == expected
