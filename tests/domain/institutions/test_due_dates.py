"""Due dates of review rounds and their reminders (../shared/standards.md §14, NĐ 79/2025 Điều 34, 49),
every expected date computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.domain.institutions import review as r


@pytest.mark.parametrize(
    ("previous", "planned", "expected"),
    [
        # 31/12/2018 + 5 years → 31/12/2023; no plan date: the cut-off is the due date
        (date(2018, 12, 31), None, (date(2023, 12, 31), date(2023, 12, 31))),
        # kỳ 2024–2028, results planned for 31/03/2029
        (date(2023, 12, 31), date(2029, 3, 31), (date(2028, 12, 31), date(2029, 3, 31))),
        # a previous cut-off on 30/6/2021 (year 2021): the fifth year is 2026 → 31/12/2026
        (date(2021, 6, 30), None, (date(2026, 12, 31), date(2026, 12, 31))),
        # 29/02/2024 (leap day) → 31/12/2029
        (date(2024, 2, 29), date(2030, 1, 15), (date(2029, 12, 31), date(2030, 1, 15))),
    ],
)
def test_systematisation_is_due_31_december_of_the_fifth_year(previous, planned, expected) -> None:
    assert r.round_dates("he_thong_hoa", previous_cutoff=previous, planned_due=planned) == expected


def test_a_plan_date_before_the_cutoff_is_refused() -> None:
    with pytest.raises(r.ReviewRulesError, match="không thể trước thời điểm hệ thống hóa 31/12/2028"):
        r.round_dates("he_thong_hoa", previous_cutoff=date(2023, 12, 31), planned_due=date(2028, 6, 30))


def test_regular_and_thematic_reviews() -> None:
    # rà soát thường xuyên: no limit unless planned (§14 gives none) …
    assert r.round_dates("ra_soat", trigger_date=date(2025, 7, 1)) == (None, None)
    assert r.round_dates("ra_soat", trigger_date=date(2025, 7, 1), planned_due=date(2025, 7, 31)) == (
        None,
        date(2025, 7, 31),
    )
    # … or the agency's configured limit: 30 days after 01/07/2025 → 31/07/2025
    rules = r.parse_rules({**_raw(), "trigger_review_days": 30})
    assert r.round_dates("ra_soat", trigger_date=date(2025, 7, 1), rules=rules) == (None, date(2025, 7, 31))
    assert r.round_dates("chuyen_de", planned_due=date(2026, 9, 30)) == (None, date(2026, 9, 30))
    for kind, kwargs, message in [
        ("he_thong_hoa", {}, "thời điểm hệ thống hóa của kỳ trước"),
        ("ra_soat", {}, "ngày phát sinh căn cứ rà soát"),
        ("ra_soat", {"trigger_date": date(2025, 7, 1), "planned_due": date(2025, 6, 1)}, "không thể trước"),
        ("chuyen_de", {}, "hạn hoàn thành theo kế hoạch"),
        ("khac", {}, "Loại đợt phải là"),
    ]:
        with pytest.raises(r.ReviewRulesError, match=message):
            r.round_dates(kind, **kwargs)


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (date(2026, 3, 20), None),  # 11 days before 31/03: outside the windows (10, 1)
        (date(2026, 3, 21), "truoc_10"),  # exactly 10 days before
        (date(2026, 3, 29), "truoc_10"),  # 2 days before
        (date(2026, 3, 30), "truoc_1"),  # 1 day before
        (date(2026, 3, 31), "truoc_1"),  # the due date itself
        (date(2026, 4, 1), "qua_han"),
    ],
)
def test_reminder_windows(today: date, kind: str | None) -> None:
    assert r.reminder_kind(date(2026, 3, 31), today) == kind


def test_no_due_date_no_reminder_and_bad_windows_are_named() -> None:
    assert r.reminder_kind(None, date(2026, 1, 1)) is None
    with pytest.raises(r.ReviewRulesError, match="remind_at"):
        r.parse_rules({**_raw(), "remind_at": [10, -1]})


def _raw() -> dict:
    import tomllib
    from importlib import resources

    text = (
        resources.files("cchc.domain.data").joinpath("institutions_review.toml").read_text(encoding="utf-8")
    )
    return tomllib.loads(text)
