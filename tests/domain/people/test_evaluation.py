"""NĐ 335/2025 scoring on a constructed quarter, every figure computed by hand below (standards §12)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D
from itertools import pairwise

import pytest

from cchc.domain.measures import BadPeriod
from cchc.domain.people import evaluation as ev
from cchc.domain.people.evaluation import Product, Rated, Rating

ND335 = ev.scheme("nd335")
FULL = {"chinh_tri": 6, "dao_duc": 6, "ky_luat": 6, "trach_nhiem": 6, "doi_moi": 6}


def marks(total_off: int = 0, **over: int) -> dict[str, int]:
    m = dict(FULL) | over
    m["doi_moi"] -= total_off
    return m


def test_scheme_is_30_plus_70_with_the_decree_bands():
    assert ND335.general_max == 30 and ND335.results_max == 70
    assert sum(c.max for c in ND335.general) == 30
    assert [(b.rating, b.min) for b in ND335.bands] == [
        (Rating.EXCELLENT, 90),
        (Rating.GOOD, 70),
        (Rating.DONE, 50),
    ]
    assert ND335.excellent_cap == D("0.20") and ND335.penalty == D("0.25")


def test_all_on_time_and_accepted_gives_the_full_70():
    products = [Product(completed=True) for _ in range(4)]
    s = ev.score_period(marks(1), products, ND335)
    # general 6+6+6+6+5 = 29; results 70 × (100+100+100)/300 = 70
    assert (s.general, s.results.points, s.total, s.rating) == (D(29), D(70), D(99), Rating.EXCELLENT)


def test_late_failed_and_unfinished_products():
    products = [
        Product(weight=D(2), completed=True),  # 2 / 2 / 2
        Product(weight=D(1), completed=True, delays=1),  # 1 / 1 / 0,75
        Product(weight=D(1), completed=True, quality_failures=1),  # 1 / 0,75 / 1
        Product(weight=D(1), completed=False),  # 0 / 0 / 0
    ]
    r = ev.results(products, ND335)
    # assigned 5: a = 4/5 = 80 %, b = 3,75/5 = 75 %, c = 3,75/5 = 75 %; 70 × 230/300 = 53,666… → 53,67
    assert (r.quantity, r.quality, r.progress, r.points) == (D(80), D(75), D(75), D("53.67"))
    assert r.assigned == 5 and not r.all_on_time
    s = ev.score_period(marks(5), products, ND335)  # general 25
    assert (s.total, s.rating) == (D("78.67"), Rating.GOOD)


def test_two_delays_a_failed_grade_and_an_objective_cause():
    products = [
        Product(completed=True, delays=2),  # 1 / 1 / 0,5
        Product(completed=True, met_quality=False),  # 1 / 0 / 1
        Product(completed=True, delays=1, quality_failures=3, objective_cause=True),  # 1 / 1 / 1
    ]
    r = ev.results(products, ND335)
    # a = 100, b = 2/3 = 66,67 %, c = 2,5/3 = 83,33 %; 70 × (300 + 200 + 250)/3/300 = 58,333… → 58,33
    assert (r.quantity, r.quality, r.progress, r.points) == (D(100), D("66.67"), D("83.33"), D("58.33"))


def test_deductions_stop_at_zero():
    r = ev.results([Product(completed=True, delays=5, quality_failures=9)], ND335)
    assert (r.quality, r.progress) == (D(0), D(0))
    # 70 × (100 + 0 + 0)/300 = 23,33
    assert r.points == D("23.33")


def test_no_product_no_score_and_no_rating():
    s = ev.score_period(FULL, [], ND335)
    assert s.results.points is None and s.total is None and s.rating is None
    assert ev.score_period(FULL, [], ND335, disqualified=True).rating == Rating.FAILED


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (D(100), Rating.EXCELLENT),
        (D(90), Rating.EXCELLENT),
        (D("89.99"), Rating.GOOD),
        (D(70), Rating.GOOD),
        (D("69.99"), Rating.DONE),
        (D(50), Rating.DONE),
        (D("49.99"), Rating.FAILED),
        (D(0), Rating.FAILED),
    ],
)
def test_bands(score, rating):
    assert ev.rate(score, ND335) == rating


def test_discipline_gives_khtnv_whatever_the_score():
    assert ev.rate(D(98), ND335, disqualified=True) == Rating.FAILED


def test_hai_phong_bands_are_strict_and_ask_every_task_on_time():
    hp = ev.scheme("hai_phong_212_2025")
    assert hp.general_max == 20 and hp.results_max == 80
    assert ev.rate(D(90), hp) == Rating.GOOD  # > 90, not ≥
    assert ev.rate(D("90.5"), hp) == Rating.EXCELLENT
    assert ev.rate(D("90.5"), hp, all_on_time=False) == Rating.GOOD
    assert ev.rate(D(80), hp) == Rating.DONE and ev.rate(D("80.01"), hp) == Rating.GOOD
    # quality weighs twice: a = 100, b = 0, c = 100 → 80 × (100 + 0 + 100)/4/100 = 40
    assert ev.results([Product(completed=True, met_quality=False)], hp).points == D(40)


def test_general_marks_are_checked_against_the_scheme():
    with pytest.raises(ev.EvaluationError, match="Chưa chấm"):
        ev.general_points({"chinh_tri": 6}, ND335)
    with pytest.raises(ev.EvaluationError, match="từ 0 đến 6"):
        ev.general_points(FULL | {"ky_luat": 7}, ND335)
    with pytest.raises(ev.EvaluationError, match="không có trong bộ tiêu chí"):
        ev.general_points(FULL | {"khac": 1}, ND335)
    assert ev.general_points(FULL | {"ky_luat": "4.5"}, ND335) == D("28.5")
    with pytest.raises(ev.EvaluationError):
        ev.results([Product(weight=D(0))], ND335)


def constructed_quarter() -> dict[str, ev.PeriodScore]:
    """Nine people of one unit in 2026-Q1."""
    one = [Product(completed=True)]
    return {
        "an": ev.score_period(marks(1), [Product(completed=True)] * 4, ND335),  # 99
        "binh": ev.score_period(
            marks(5),
            [
                Product(weight=D(2), completed=True),
                Product(completed=True, delays=1),
                Product(completed=True, quality_failures=1),
                Product(),
            ],
            ND335,
        ),  # 78,67
        "chi": ev.score_period(
            marks(4, ky_luat=2),  # 6+6+2+6+2 = 22
            [
                Product(completed=True, delays=2),
                Product(completed=True, met_quality=False),
                Product(completed=True),
            ],
            ND335,
        ),  # results 70 × (300 + 200 + 250)/3/300 = 58,33; total 80,33
        "dung": ev.score_period(FULL, [], ND335),  # no product
        "em": ev.score_period(
            {"chinh_tri": 2, "dao_duc": 2, "ky_luat": 2, "trach_nhiem": 2, "doi_moi": 2},
            [Product(), Product(completed=True)],
            ND335,
        ),  # 10 + 70 × 150/300 = 45
        "giang": ev.score_period(marks(5), one, ND335),  # 25 + 70 = 95
        "ha": ev.score_period(marks(6, ky_luat=4), one, ND335),  # 22 + 70 = 92
        "khanh": ev.score_period(
            marks(6, ky_luat=0, trach_nhiem=0), [Product(completed=True, delays=1)], ND335
        ),
        # 12 + 70 × (100 + 100 + 75)/300 = 12 + 64,17 = 76,17
        "lan": ev.score_period(marks(6, ky_luat=0, dao_duc=0), [Product(), Product(completed=True)], ND335),
        # 12 + 35 = 47 → KHTNV
    }


def test_constructed_quarter_scores_and_ratings():
    q = constructed_quarter()
    got = {k: (s.total, s.rating) for k, s in q.items()}
    assert got == {
        "an": (D(99), Rating.EXCELLENT),
        "binh": (D("78.67"), Rating.GOOD),
        "chi": (D("80.33"), Rating.GOOD),
        "dung": (None, None),
        "em": (D(45), Rating.FAILED),
        "giang": (D(95), Rating.EXCELLENT),
        "ha": (D(92), Rating.EXCELLENT),
        "khanh": (D("76.17"), Rating.GOOD),
        "lan": (D(47), Rating.FAILED),
    }


def test_cap_in_the_constructed_quarter():
    q = constructed_quarter()
    rated = [Rated(k, s.total, s.rating, s.results.points) for k, s in q.items() if s.rating is not None]
    capped = {c.key: c for c in ev.apply_cap(rated, ND335.excellent_cap)}
    # 3 scored HTXSNV (an 99, giang 95, ha 92), 3 HTTNV (binh, chi, khanh). Keeping k: k ≤ 20 % × (3 + 3 − k):
    # k = 1: 1 ≤ 1,0 ✓; k = 2: 2 ≤ 0,8 ✗ → only An keeps it; Giang and Hà are rated HTTNV.
    assert {k for k, c in capped.items() if c.rating == Rating.EXCELLENT} == {"an"}
    assert {k for k, c in capped.items() if c.capped} == {"giang", "ha"}
    assert capped["giang"].rating == Rating.GOOD and capped["giang"].score == D(95)
    assert ev.distribution(c.rating for c in capped.values()) == {
        "xuat_sac": 1,
        "tot": 5,
        "hoan_thanh": 0,
        "khong_hoan_thanh": 2,
        "chua_xep": 0,
    }
    exempt = ev.apply_cap(rated, ND335.excellent_cap, exempt=True)
    assert sum(c.rating == Rating.EXCELLENT for c in exempt) == 3


@pytest.mark.parametrize(
    ("candidates", "good", "kept"),
    [(0, 10, 0), (1, 0, 0), (1, 5, 1), (2, 4, 1), (2, 10, 2), (5, 25, 5), (5, 24, 4), (10, 0, 1)],
)
def test_excellent_allowed(candidates, good, kept):
    # 6k ≤ candidates + good (k ≤ 20 % of the final HTTNV count), k ≤ candidates
    assert ev.excellent_allowed(candidates, good, D("0.2")) == kept
    assert kept == min(candidates, (candidates + good) // 6)


def test_cap_tie_breaks_by_results_part_then_key():
    rated = [
        Rated("x", D(95), Rating.EXCELLENT, D(66)),
        Rated("y", D(95), Rating.EXCELLENT, D(70)),
        *(Rated(f"g{i}", D(80), Rating.GOOD, D(60)) for i in range(4)),
    ]
    kept = [c.key for c in ev.apply_cap(rated, D("0.2")) if c.rating == Rating.EXCELLENT]
    assert kept == ["y"]  # 6k ≤ 6 → one; equal scores: more output first


def test_annual_rating_is_the_mean_of_the_quarters():
    a = ev.annual(
        {"2026-Q1": D(92), "2026-Q2": D(88), "2026-Q3": D("90.5"), "2026-Q4": D(91)}, 2026, "quarter", ND335
    )
    # (92 + 88 + 90,5 + 91)/4 = 361,5/4 = 90,375 → 90,38
    assert (a.score, a.rating, a.periods, a.missing) == (D("90.38"), Rating.EXCELLENT, 4, ())
    b = ev.annual({"2026-Q1": D(92), "2026-Q2": None, "2026-Q3": D(60)}, 2026, "quarter", ND335)
    assert (b.score, b.rating, b.missing) == (D(76), Rating.GOOD, ("2026-Q2", "2026-Q4"))
    assert ev.annual({"2026-Q1": D(99)}, 2026, "quarter", ND335, disqualified=True).rating == Rating.FAILED
    months = ev.annual({f"2026-{m:02d}": D(m * 5) for m in range(1, 13)}, 2026, "month", ND335)
    assert months.score == D("32.50")  # 5 × (1+…+12)/12 = 5 × 6,5


def test_periods_and_deadline():
    assert ev.periods_of(2026, "quarter") == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert ev.periods_of(2026, "month")[-1] == "2026-12"
    assert ev.period_kind("2026-Q3") == "quarter" and ev.period_kind("2026-03") == "month"
    with pytest.raises(ev.EvaluationError):
        ev.period_kind("2026")
    with pytest.raises(BadPeriod):
        ev.period_kind("2026-13")
    assert ev.annual_deadline(2026) == date(2026, 12, 15)
    assert ev.annual_deadline(2026, special_unit=True) == date(2027, 1, 15)


def test_leader_unit_result_share():
    assert ev.unit_result_share([Rating.GOOD, Rating.DONE, Rating.EXCELLENT]) == 100
    assert ev.unit_result_share([Rating.GOOD, Rating.FAILED]) == 50


def test_periods_within_a_window_take_each_period_by_its_middle_day():
    within = ev.periods_within
    # Calendar windows hold exactly their own periods.
    assert within(date(2026, 1, 1), date(2026, 12, 31), "quarter") == ev.periods_of(2026, "quarter")
    assert within(date(2026, 1, 1), date(2026, 12, 31), "month") == ev.periods_of(2026, "month")
    assert within(date(2026, 1, 1), date(2026, 3, 31), "month") == ["2026-01", "2026-02", "2026-03"]
    # §8 reporting quarters: quý I (15/12 → 14/3) holds calendar Q1, and December (mostly after the 14th)
    # but not March (mostly after the 14th too, so it goes to quý II).
    q1 = (date(2025, 12, 15), date(2026, 3, 14))
    q2 = (date(2026, 3, 15), date(2026, 6, 14))
    assert within(*q1, "quarter") == ["2026-Q1"] and within(*q2, "quarter") == ["2026-Q2"]
    assert within(*q1, "month") == ["2025-12", "2026-01", "2026-02"]
    assert within(*q2, "month") == ["2026-03", "2026-04", "2026-05"]
    # Windows that follow each other over a year never count a period twice nor miss one.
    edges = [date(2025, 12, 15), date(2026, 3, 15), date(2026, 6, 15), date(2026, 9, 15), date(2026, 12, 15)]
    for kind in ("month", "quarter"):
        seen = [p for a, b in pairwise(edges) for p in within(a, b - timedelta(days=1), kind)]
        assert len(seen) == len(set(seen))
        assert set(ev.periods_of(2026, kind)) - {"2026-12"} <= set(seen)
    assert within(date(2026, 3, 1), date(2026, 3, 10), "month") == []  # too short to hold a middle day
    with pytest.raises(ev.EvaluationError):
        within(*q1, "week")
