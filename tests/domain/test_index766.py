"""QĐ 766 point rule, group sums and ranking, hand-checked (standards.md §1.2)."""

from __future__ import annotations

import numpy as np
import pytest

from cchc.domain.index766 import (
    GROUPS,
    INDICATORS,
    Index766Params,
    IndicatorDef,
    indicator_points,
    rank,
    round2,
    round2_array,
    score,
    score_many,
    total_of_groups,
)


def test_group_maxima_are_18_20_12_10_18_22_and_indicators_fill_them() -> None:
    assert {g.code: g.max_points for g in GROUPS.values()} == {
        "CKMB": 18, "TDGQ": 20, "ONLINE": 12, "TTTT": 10, "MDHL": 18, "MDSH": 22,
    }  # fmt: skip
    for code, group in GROUPS.items():
        assert sum(i.pmax for i in INDICATORS.values() if i.group == code) == group.max_points


def test_quang_nam_2024_published_groups_sum_to_80_1() -> None:
    groups = {"CKMB": 13.2, "TDGQ": 18.4, "ONLINE": 7.7, "TTTT": 7.6, "MDHL": 17.6, "MDSH": 15.6}
    assert total_of_groups(groups) == 80.1


def test_group_score_above_its_maximum_is_refused() -> None:
    with pytest.raises(ValueError, match="CKMB"):
        total_of_groups({"CKMB": 18.5})


@pytest.mark.parametrize(
    ("ind", "num", "den", "points"),
    [
        ("2.1", 93, 100, 18.6),  # 20 × 93 %
        ("2.1", 2, 3, 13.33),  # 20 × 66.67 %
        ("4.3", 40, 100, 1.0),  # min(2, 2 × 40/80)
        ("4.3", 90, 100, 2.0),  # capped at Pmax
        ("5.4", 81, 100, 5.4),  # 6 × 81/90
        ("3.6", 1, 8, 0.75),  # 6 × 12.5 %
        ("3.3", 30, 100, 7.2),  # ONLINE default: 12 × 30/50
        ("4.2", 60, 100, 3.0),  # 4 × 60/80
    ],
)
def test_point_rule_min_pmax_times_ratio_over_threshold(ind: str, num: int, den: int, points: float) -> None:
    card = score({ind: (num, den)})
    assert card.indicators[ind].points == points


def test_denominator_zero_rules() -> None:
    assert indicator_points(INDICATORS["5.2"], None, 0) == 6.0
    assert indicator_points(INDICATORS["5.3"], None, 0) == 6.0
    assert indicator_points(INDICATORS["5.4"], None, 0) == 0.0
    assert indicator_points(INDICATORS["2.1"], None, None) is None  # no data: not scored


def test_online_rate_is_multiplied_by_sync_rate() -> None:
    card = score({"3.3": (50, 100), "1.4": (80, 100)})
    assert card.indicators["3.3"].ratio == 40.0
    assert card.indicators["3.3"].points == 9.6
    assert card.indicators["1.4"].points == 4.8
    off = score({"3.3": (50, 100), "1.4": (80, 100)}, Index766Params(apply_sync_rate_to_3_3=False))
    assert off.indicators["3.3"].points == 12.0


def test_disputed_rules_are_parameters() -> None:
    strict = Index766Params(threshold_4_2=100.0, online_points={"3.1": 4, "3.3": 8})
    card = score({"4.2": (60, 100), "3.3": (25, 100)}, strict)
    assert card.indicators["4.2"].points == 2.4
    assert card.indicators["3.3"].points == 4.0
    assert strict.indicators()["3.1"].pmax == 4


def test_groups_total_and_coverage() -> None:
    card = score({"2.1": (9, 10), "4.3": (40, 100)}, points_given={"1.1": 6})
    assert card.groups["TDGQ"] == 18.0
    assert card.groups["MDSH"] == 1.0
    assert card.groups["CKMB"] == 6.0
    assert card.groups["MDHL"] is None
    assert card.total == 25.0
    assert card.max_known == 28.0


def test_rank_is_competition_ranking() -> None:
    assert rank([("A", 80.1), ("B", 85.0), ("C", 80.1), ("D", 70)]) == [
        ("B", 85.0, 1), ("A", 80.1, 2), ("C", 80.1, 2), ("D", 70, 4),
    ]  # fmt: skip


def test_round_half_up() -> None:
    assert round2(2.675) == 2.68
    assert round2(0.125) == 0.13


def test_round2_array_is_bit_identical_to_round2() -> None:
    rng = np.random.default_rng(0)
    xs = np.concatenate([rng.uniform(-200, 200, 20_000), np.arange(-1000, 1000) / 1000 + 0.005, [0.0, -0.0]])
    assert round2_array(xs).tolist() == [round2(float(x)) for x in xs]


IDS = ("2.1", "3.3", "3.5b", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5b", "5.4", "5.2", "1.4")


def _random_counts(rng: np.random.Generator, n: int) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], dict]:
    counts: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for ind in IDS:
        den = rng.choice([0, 0, 1, 2, 3, 7, 10, 100, 997, 10**6], size=n)
        num = np.minimum(den, rng.integers(0, 1000, size=n)) * rng.choice([1, 1, 1, 0], size=n)
        if ind == "5.4":
            num = num - rng.integers(0, 5, size=n)  # "received − late − complaints" can go below 0
        counts[ind] = (num.astype(np.int64), den.astype(np.int64))
    present = {"1.4": rng.random(n) < 0.7, "4.1": rng.random(n) < 0.9}
    return counts, present


@pytest.mark.parametrize(
    "params",
    [None, Index766Params(), Index766Params(threshold_4_2=100.0, online_points={"3.1": 4, "3.3": 8}),
     Index766Params(apply_sync_rate_to_3_3=False)],
)  # fmt: skip
def test_score_many_equals_scalar_score_row_by_row(params: Index766Params | None) -> None:
    rng = np.random.default_rng(766)
    n = 3000
    counts, present = _random_counts(rng, n)
    # edge rows: every denominator 0; numerator = denominator; 1 of 3 (repeating decimals)
    for ind in IDS:
        counts[ind][1][:3] = [0, 5, 3]
        counts[ind][0][:3] = [0, 5, 1]
    many = score_many(counts, params, present=present)
    for i in range(n):
        row = {
            k: (int(a[i]), int(b[i]))
            for k, (a, b) in counts.items()
            if present.get(k, np.ones(n, dtype=bool))[i]
        }
        assert many.card(i) == score(row, params), (i, row)


def test_score_many_with_points_given_and_empty_input() -> None:
    counts = {"2.1": (np.array([9, 0]), np.array([10, 0])), "1.1": (np.array([1, 1]), np.array([2, 2]))}
    many = score_many(counts, points_given={"1.1": 6, "1.2": 3.333})
    for i in range(2):
        row = {k: (int(a[i]), int(b[i])) for k, (a, b) in counts.items()}
        assert many.card(i) == score(row, points_given={"1.1": 6, "1.2": 3.333})
    assert score_many({}).n == 0


def test_score_many_refuses_a_group_above_its_maximum_like_score() -> None:
    defs = dict(INDICATORS) | {"1.4": IndicatorDef("1.4", "x", "CKMB", 30)}
    with pytest.raises(ValueError, match="CKMB"):
        score({"1.4": (1, 1)}, defs=defs)
    with pytest.raises(ValueError, match="CKMB"):
        score_many({"1.4": (np.array([0, 1]), np.array([1, 1]))}, defs=defs)
