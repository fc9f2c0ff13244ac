"""QĐ 766/QĐ-TTg service-quality index: indicators, point rule, group sums, totals, rank.

Rates and points are computed here, once; the analytics layer only counts numerators and denominators.
Rules follow ../shared/standards.md §1 (sources S1.1–S1.5). Rules the sources leave open are fields of
:class:`Index766Params`, documented in docs/analytics.md, never hard-coded guesses.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cchc.domain import index766_specs as specs_registry
from cchc.domain.index766_specs import DerivedMapping, GroupDef, ZeroRule

__all__ = [
    "GROUPS",
    "INDICATORS",
    "GroupDef",
    "Index766Params",
    "IndicatorDef",
    "IndicatorScore",
    "ScoreArrays",
    "Scorecard",
    "indicator_points",
    "points_of",
    "rank",
    "round2",
    "round2_array",
    "score",
    "score_many",
    "total_of_groups",
]


@dataclass(frozen=True, slots=True)
class IndicatorDef:
    """One indicator as scored: its :class:`~cchc.domain.index766_specs.IndicatorSpec` with the
    :class:`Index766Params` applied."""

    id: str
    name: str
    group: str
    pmax: float
    threshold: float = 100.0  # T in %, the ratio at which full points are reached
    zero_denominator: ZeroRule = "zero"  # points when the denominator is 0: 0, Pmax, or not scored
    from_dossiers: bool = False  # can be counted from dossier records (cchc.analytics)
    multiplied_by: str | None = None  # ratio × this indicator's rate when known (3.3 × 1.4)


# The groups and their maximum points (index766_specs.GROUPS_DEFINED, plus any registered for a test).
GROUPS: DerivedMapping[str, GroupDef] = DerivedMapping(specs_registry.groups)


def open_denominator_choices() -> list[str]:
    """The indicators whose entry offers a denominator with unfinished dossiers (4.1)."""
    return [
        s.id
        for s in specs_registry.dossier_specs()
        if s.dossiers is not None and s.dossiers.denominator_with_unfinished is not None
    ]


@dataclass(frozen=True, slots=True)
class Index766Params:
    """Rules the sources leave open (standards.md §1.2 "not found" / conflicts).

    online_points: split of the 12-point ONLINE group. The portal scores one API row worth 12
        ("hồ sơ toàn trình / hồ sơ TTHC đủ điều kiện toàn trình", 3.4) whose formula is not confirmed;
        the default scores the dossier-based online rate 3.3 (T = 50 %) for all 12 points so that the
        group is computable from dossiers. Set e.g. {"3.1": 4, "3.3": 8} to try another split.
    threshold_4_2: 80 % per the formula document (S1.1); the API fit (S1.3) suggests 100 %.
    threshold_4_4 / threshold_4_6: not found; 100 % assumed.
    apply_sync_rate_to_3_3: S1.1 multiplies the online rate by the sync rate (1.4); the entry of 3.3 says
        so (``multiplied_by``), this switch turns such factors off.
    unfinished_in_denominator: indicators whose denominator also counts the dossiers not finished at the
        cut-off, where the entry offers it (``FromDossiers.denominator_with_unfinished``; 4.1: dossiers
        requiring a paper result, finished or not). Default: none (only finished dossiers, the counting
        of S1.1 as read so far; the sources do not say).
    """

    online_points: Mapping[str, float] = field(default_factory=lambda: {"3.3": 12.0})
    threshold_4_2: float = 80.0
    threshold_4_4: float = 100.0
    threshold_4_6: float = 100.0
    apply_sync_rate_to_3_3: bool = True
    unfinished_in_denominator: frozenset[str] = frozenset()

    def indicators(self) -> dict[str, IndicatorDef]:
        """The indicator table with these parameters applied."""
        out: dict[str, IndicatorDef] = {}
        for ind in specs_registry.specs():
            pmax, threshold = ind.pmax, ind.threshold
            if ind.group == "ONLINE":
                pmax = float(self.online_points.get(ind.id, 0.0))
            threshold = {"4.2": self.threshold_4_2, "4.4": self.threshold_4_4, "4.6": self.threshold_4_6}.get(
                ind.id, threshold
            )
            from_dossiers = ind.dossiers is not None
            out[ind.id] = IndicatorDef(
                ind.id,
                ind.name,
                ind.group,
                pmax,
                threshold,
                ind.zero_denominator,
                from_dossiers,
                ind.multiplied_by,
            )
        return out


_DEFAULT_PARAMS = Index766Params()
# The indicator table with the default parameters, rebuilt when the registry changes.
INDICATORS: Mapping[str, IndicatorDef] = DerivedMapping(_DEFAULT_PARAMS.indicators)


def round2(x: float) -> float:
    """Round half up to 2 decimals (as published scores are), not banker's rounding.

    Float arithmetic with a tiny epsilon (2.675 is stored as 2.67499…): fast enough for scoring every
    unit × month, and exact for the 2-decimal inputs scores have.
    """
    sign = -1.0 if x < 0 else 1.0
    return sign * math.floor(abs(x) * 100 + 0.5 + 1e-7) / 100


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    id: str
    numerator: float | None
    denominator: float | None
    ratio: float | None  # %, 2 decimals; None when not computable
    points: float | None  # None when not scored (no data)


def indicator_points(ind: IndicatorDef, ratio: float | None, denominator: float | None) -> float | None:
    """Generic rule min(Pmax, Pmax × R / T), with the indicator's denominator-0 rule (:func:`points_of`
    on one value)."""
    if denominator is None:
        return None
    r = np.array([np.nan if denominator == 0 or ratio is None else float(ratio)])
    value = float(points_of(ind, r)[0])
    return None if value != value else value  # NaN: not scored


@dataclass(frozen=True, slots=True)
class Scorecard:
    indicators: dict[str, IndicatorScore]
    groups: dict[str, float | None]  # None when no indicator of the group has data
    total: float
    max_known: float  # sum of Pmax of the indicators that had data (coverage of the total)


def score(
    counts: Mapping[str, tuple[float, float]],
    params: Index766Params | None = None,
    *,
    points_given: Mapping[str, float] | None = None,
    defs: Mapping[str, IndicatorDef] | None = None,
) -> Scorecard:
    """Score a unit from numerator/denominator pairs per indicator id: :func:`score_many` on one row.

    ``counts["5.4"]`` is (received − late − with complaint or dislike, received): the rule
    "100 % − (late rate + complaint rate)" over one denominator. ``points_given`` carries points
    obtained elsewhere (e.g. CKMB 1.1–1.3 from the procedure catalogue) and is taken as is.
    """
    columns = {k: (np.array([num]), np.array([den])) for k, (num, den) in counts.items()}
    return score_many(columns, params, points_given=points_given, defs=defs, n=1).card(0)


def round2_array(x: np.ndarray) -> np.ndarray:
    """:func:`round2` elementwise, with the same float operations in the same order (bit-identical)."""
    sign = np.where(x < 0, -1.0, 1.0)
    return sign * (np.floor(np.abs(x) * 100 + 0.5 + 1e-7) / 100)


@dataclass(frozen=True, slots=True)
class ScoreArrays:
    """:func:`score` for n rows at once, column-wise. NaN stands for None.

    ``present[id][i]`` tells whether row i carried indicator ``id`` (a key of ``score``'s ``counts``
    or ``points_given``); :meth:`card` turns row i back into the :class:`Scorecard` ``score`` returns.
    """

    n: int
    order: tuple[str, ...]  # indicator ids in the order score() inserts them
    numerator: dict[str, np.ndarray]
    denominator: dict[str, np.ndarray]
    present: dict[str, np.ndarray]
    given: dict[str, np.ndarray]  # rows where the points came from points_given (no num/den/ratio)
    ratio: dict[str, np.ndarray]
    points: dict[str, np.ndarray]
    groups: dict[str, np.ndarray]
    total: np.ndarray
    max_known: np.ndarray

    _lists: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def _as_lists(self) -> dict[str, Any]:
        """Every column as Python values (NaN → None), converted once: card() is then plain list indexing."""
        if not self._lists:

            def opt(a: np.ndarray) -> list[float | None]:
                return [None if v != v else v for v in a.tolist()]  # v != v: NaN

            self._lists.update(
                num={k: v.tolist() for k, v in self.numerator.items()},
                den={k: v.tolist() for k, v in self.denominator.items()},
                present={k: v.tolist() for k, v in self.present.items()},
                given={k: v.tolist() for k, v in self.given.items()},
                ratio={k: opt(v) for k, v in self.ratio.items()},
                points={k: opt(v) for k, v in self.points.items()},
                groups={k: opt(v) for k, v in self.groups.items()},
                total=self.total.tolist(),
                max_known=self.max_known.tolist(),
            )
        return self._lists

    def card(self, i: int) -> Scorecard:
        """Row i as the :class:`Scorecard` :func:`score` returns for it."""
        c = self._as_lists()
        scores: dict[str, IndicatorScore] = {}
        for ind_id in self.order:
            if not c["present"][ind_id][i]:
                continue
            pts = c["points"][ind_id][i]
            if c["given"][ind_id][i]:
                scores[ind_id] = IndicatorScore(ind_id, None, None, None, pts)
            else:
                scores[ind_id] = IndicatorScore(
                    ind_id, c["num"][ind_id][i], c["den"][ind_id][i], c["ratio"][ind_id][i], pts
                )
        groups = {g: v[i] for g, v in c["groups"].items()}
        return Scorecard(scores, groups, c["total"][i], c["max_known"][i])


def points_of(ind: IndicatorDef, ratio: np.ndarray) -> np.ndarray:
    """Points for raw ratios in % (NaN: denominator 0): min(Pmax, Pmax × R / T) rounded half up, and the
    indicator's denominator-0 rule (NaN when it is "not scored")."""
    zero = {"zero": 0.0, "full": float(ind.pmax), "none": np.nan}[ind.zero_denominator]
    if ind.pmax == 0:
        pts = np.zeros(len(ratio))
    else:
        with np.errstate(invalid="ignore"):
            pts = round2_array(np.maximum(0.0, np.minimum(ind.pmax, ind.pmax * ratio / ind.threshold)))
    return np.where(np.isnan(ratio), zero, pts)


def score_many(
    counts: Mapping[str, tuple[np.ndarray, np.ndarray]],
    params: Index766Params | None = None,
    *,
    present: Mapping[str, np.ndarray] | None = None,
    points_given: Mapping[str, float] | None = None,
    defs: Mapping[str, IndicatorDef] | None = None,
    n: int | None = None,
) -> ScoreArrays:
    """Score n rows at once from numerator/denominator columns (the vectorised :func:`score`).

    ``counts[id] = (numerators, denominators)``, arrays of length n; ``present[id]`` (default: all
    rows) marks the rows whose ``score`` call would have had ``id`` in its ``counts``. Same rule, same
    float operations as :func:`score`, so every row's :meth:`ScoreArrays.card` equals ``score`` on that
    row exactly (tests/domain/test_index766.py checks random and edge cases).
    """
    params = params or _DEFAULT_PARAMS
    if defs is None:
        defs = INDICATORS if params is _DEFAULT_PARAMS else params.indicators()
    if isinstance(defs, DerivedMapping):
        defs = defs.current()
    group_defs = GROUPS.current()
    if n is None:
        n = len(next(iter(counts.values()))[0]) if counts else 0
    present = present or {}
    order = tuple(counts) + tuple(k for k in (points_given or {}) if k not in counts)
    num: dict[str, np.ndarray] = {}
    den: dict[str, np.ndarray] = {}
    pres: dict[str, np.ndarray] = {}
    raw_ratio: dict[str, np.ndarray] = {}
    for ind_id, (a, b) in counts.items():
        num[ind_id], den[ind_id] = np.asarray(a), np.asarray(b)
        pres[ind_id] = np.asarray(present.get(ind_id, np.ones(n, dtype=bool)), dtype=bool)
        fa, fb = num[ind_id].astype(np.float64), den[ind_id].astype(np.float64)
        with np.errstate(divide="ignore", invalid="ignore"):
            raw_ratio[ind_id] = np.where(pres[ind_id] & (fb != 0), fa / fb * 100.0, np.nan)
    for ind_id in counts:  # a ratio multiplied by another indicator's rate (3.3 × sync rate 1.4)
        by = defs[ind_id].multiplied_by
        if by is None or by not in counts or not params.apply_sync_rate_to_3_3:
            continue
        s_num, s_den = num[by].astype(np.float64), den[by].astype(np.float64)
        use = pres[by] & (s_den != 0) & ~np.isnan(raw_ratio[ind_id])
        with np.errstate(divide="ignore", invalid="ignore"):
            raw_ratio[ind_id] = np.where(use, raw_ratio[ind_id] * (s_num / s_den), raw_ratio[ind_id])
    ratio: dict[str, np.ndarray] = {}
    points: dict[str, np.ndarray] = {}
    given: dict[str, np.ndarray] = {}
    for ind_id in counts:
        ind, r = defs[ind_id], raw_ratio[ind_id]
        ratio[ind_id] = np.where(np.isnan(r), np.nan, round2_array(np.maximum(r, 0.0)))
        points[ind_id] = np.where(pres[ind_id], points_of(ind, r), np.nan)
        given[ind_id] = np.zeros(n, dtype=bool)
    for ind_id, pts_given in (points_given or {}).items():
        value = round2(min(pts_given, defs[ind_id].pmax))
        num.setdefault(ind_id, np.zeros(n))
        den.setdefault(ind_id, np.zeros(n))
        ratio[ind_id] = np.full(n, np.nan)
        points[ind_id] = np.full(n, value)
        pres[ind_id] = np.ones(n, dtype=bool)
        given[ind_id] = np.ones(n, dtype=bool)
    groups = {g: np.full(n, np.nan) for g in group_defs}
    max_known = np.zeros(n)
    for ind_id in order:
        pts = points[ind_id]
        has = ~np.isnan(pts)
        g = defs[ind_id].group
        so_far = np.where(np.isnan(groups[g]), 0.0, groups[g])
        groups[g] = np.where(has, round2_array(so_far + pts), groups[g])
        max_known = max_known + np.where(has, defs[ind_id].pmax, 0.0)
    total = np.zeros(n)
    for code, values in groups.items():
        over = values > group_defs[code].max_points + 1e-9
        if over.any():
            worst = float(values[np.argmax(over)])
            raise ValueError(f"Điểm nhóm {code} ({worst}) vượt điểm tối đa {group_defs[code].max_points}")
        total = total + np.where(np.isnan(values), 0.0, values)
    return ScoreArrays(
        n, order, num, den, pres, given, ratio, points, groups, round2_array(total), round2_array(max_known)
    )


def total_of_groups(groups: Mapping[str, float | None]) -> float:
    """Unit score = Σ group scores (S1.3), checked against the group maxima."""
    total = 0.0
    for code, pts in groups.items():
        if pts is None:
            continue
        if code in GROUPS and pts > GROUPS[code].max_points + 1e-9:
            raise ValueError(f"Điểm nhóm {code} ({pts}) vượt điểm tối đa {GROUPS[code].max_points}")
        total += pts
    return round2(total)


def rank(totals: Iterable[tuple[str, float]]) -> list[tuple[str, float, int]]:
    """Competition ranking (1, 2, 2, 4) by total, highest first; ties keep the input order."""
    ordered = sorted(totals, key=lambda t: -t[1])
    out: list[tuple[str, float, int]] = []
    for i, (unit, total) in enumerate(ordered):
        position = out[-1][2] if out and out[-1][1] == total else i + 1
        out.append((unit, total, position))
    return out
