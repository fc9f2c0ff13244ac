"""Review and systematisation of legal documents (../shared/standards.md §14), dates computed by hand."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from importlib import resources

import pytest

from cchc.domain.institutions import review as r


def _raw() -> dict:
    text = (
        resources.files("cchc.domain.data").joinpath("institutions_review.toml").read_text(encoding="utf-8")
    )
    return tomllib.loads(text)


def test_shipped_rules_hold_the_effects_and_forms_of_section_14() -> None:
    rules = r.load_rules()
    assert {e.label for e in rules.effects.values()} == {
        "Còn hiệu lực",
        "Chưa có hiệu lực",
        "Hết hiệu lực một phần",
        "Tạm ngưng hiệu lực một phần",
        "Hết hiệu lực toàn bộ",
        "Tạm ngưng hiệu lực toàn bộ",
    }
    assert {f.label for f in rules.forms.values()} == {
        "Giữ nguyên",
        "Sửa đổi, bổ sung",
        "Thay thế",
        "Bãi bỏ toàn bộ",
        "Bãi bỏ một phần",
        "Tạm ngưng hiệu lực",
    }
    assert not rules.forms["giu_nguyen"].changes
    assert rules.cycle == r.Cycle(5, 12, 31, "NĐ 79/2025/NĐ-CP Điều 49")


# Điều 49: "05 năm một lần", thời điểm hệ thống hóa = 31/12 of the fifth year from the previous one.
@pytest.mark.parametrize(
    ("previous", "expected"),
    [
        (date(2013, 12, 31), date(2018, 12, 31)),  # the national kỳ 2014–2018
        (date(2018, 12, 31), date(2023, 12, 31)),  # kỳ 2019–2023
        (date(2023, 12, 31), date(2028, 12, 31)),  # kỳ 2024–2028
        # an agency whose last cut-off was mid-year: the fifth year is still counted from its year
        (date(2025, 6, 30), date(2030, 12, 31)),
    ],
)
def test_next_cutoff_is_31_december_of_the_fifth_year(previous: date, expected: date) -> None:
    assert r.next_cutoff(previous) == expected


def test_cycle_period_starts_the_day_after_the_previous_cutoff() -> None:
    assert r.cycle_period(date(2023, 12, 31)) == (date(2024, 1, 1), date(2028, 12, 31))


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2019, date(2023, 12, 31)),
        (2023, date(2023, 12, 31)),
        (2024, date(2028, 12, 31)),
        (2026, date(2028, 12, 31)),
        (2028, date(2028, 12, 31)),
        (2029, date(2033, 12, 31)),
        (2018, date(2018, 12, 31)),
    ],
)
def test_cutoff_for_year_counts_whole_cycles_from_the_anchor(year: int, expected: date) -> None:
    assert r.cutoff_for_year(year, date(2023, 12, 31)) == expected


def test_a_configured_cycle_changes_the_cutoff() -> None:
    raw = _raw()
    raw["cycle"] = {"years": 3, "cutoff_month": 6, "cutoff_day": 30}
    rules = r.parse_rules(raw)
    assert r.next_cutoff(date(2023, 12, 31), rules) == date(2026, 6, 30)


def test_trigger_review_has_no_due_date_unless_the_agency_sets_one() -> None:
    # §14 (Điều 34): "ngay khi có căn cứ rà soát", no number of days.
    assert r.trigger_review_due(date(2026, 3, 10)) is None
    raw = _raw()
    raw["trigger_review_days"] = 30
    rules = r.parse_rules(raw)
    # 30 days counted from the day after 10/3/2026: 11/3 is day 1, 31/3 is day 21, 9/4 is day 30.
    assert r.trigger_review_due(date(2026, 3, 10), rules) == date(2026, 4, 9)


def test_findings_sort_into_the_four_lists_of_article_51() -> None:
    findings = [
        r.Finding("01/2020/QĐ-UBND", "con_hieu_luc", "giu_nguyen"),
        r.Finding("02/2021/QĐ-UBND", "het_mot_phan", "sua_doi_bo_sung"),
        r.Finding("03/2019/QĐ-UBND", "het_toan_bo"),
        r.Finding("04/2026/QĐ-UBND", "chua_co_hieu_luc"),
        r.Finding("05/2018/QĐ-UBND", "con_hieu_luc", "bai_bo_toan_bo"),
        r.Finding("06/2022/QĐ-UBND", "tam_ngung_toan_bo"),
    ]
    out = r.lists(findings)
    assert out == {
        "het_toan_bo": ["03/2019/QĐ-UBND", "06/2022/QĐ-UBND"],
        "het_mot_phan": ["02/2021/QĐ-UBND"],
        # còn hiệu lực includes the partly expired and the not-yet-effective ones (Điều 51)
        "con_hieu_luc": ["01/2020/QĐ-UBND", "02/2021/QĐ-UBND", "04/2026/QĐ-UBND", "05/2018/QĐ-UBND"],
        "can_xu_ly": ["02/2021/QĐ-UBND", "05/2018/QĐ-UBND"],
    }


def test_a_document_with_no_effect_left_cannot_be_repealed() -> None:
    with pytest.raises(
        r.ReviewRulesError, match="đã hết hiệu lực toàn bộ, không thể đề nghị bãi bỏ một phần"
    ):
        r.check_finding(r.Finding("03/2019/QĐ-UBND", "het_toan_bo", "bai_bo_mot_phan"))
    r.check_finding(r.Finding("03/2019/QĐ-UBND", "het_toan_bo", "giu_nguyen"))  # no change proposed: fine


def test_unknown_codes_are_named() -> None:
    with pytest.raises(r.ReviewRulesError, match="“con_hieu_luc_x”"):
        r.check_finding(r.Finding("1", "con_hieu_luc_x"))
    with pytest.raises(r.ReviewRulesError, match="“huy”"):
        r.check_finding(r.Finding("1", "con_hieu_luc", "huy"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cycle": {"years": 0}}, "“years” ít nhất là 1"),
        ({"cycle": {"cutoff_month": 2, "cutoff_day": 30}}, "không có thật"),
        ({"remind_days_before": -1}, "“remind_days_before”"),
        ({"effects": {"x": {"label": "X", "lists": ["can_xu_ly"]}}}, "cần “lists”"),
        ({"forms": {}}, "không có hình thức xử lý"),
    ],
)
def test_a_bad_rules_file_is_named_in_vietnamese(change: dict, message: str) -> None:
    raw = _raw() | change
    with pytest.raises(r.ReviewRulesError, match=message):
        r.parse_rules(raw)


def test_status_of_a_review_on_a_day() -> None:
    due = date(2029, 3, 31)
    assert r.status(due, None, date(2029, 3, 1), remind_days_before=10) is r.Status.OPEN
    assert r.status(due, None, date(2029, 3, 21), remind_days_before=10) is r.Status.DUE_SOON
    assert r.status(due, None, date(2029, 3, 31), remind_days_before=10) is r.Status.DUE_SOON
    assert r.status(due, None, date(2029, 4, 1)) is r.Status.OVERDUE
    assert r.status(due, date(2029, 3, 31), date(2029, 5, 1)) is r.Status.ON_TIME
    assert r.status(due, date(2029, 4, 1), date(2029, 5, 1)) is r.Status.LATE
    assert r.status(None, None, date(2029, 5, 1)) is r.Status.OPEN
    assert r.status(None, date(2029, 4, 1), date(2029, 5, 1)) is r.Status.DONE
    assert set(r.STATUS_LABELS) == set(r.Status)


def test_reviewed_share() -> None:
    assert r.reviewed_share(2, 3) == Decimal("66.67")
    assert r.reviewed_share(0, 0) is None
    with pytest.raises(r.ReviewRulesError):
        r.reviewed_share(4, 3)
