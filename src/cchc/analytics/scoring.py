"""Scores of count rows: counts → (numerator, denominator) per indicator → points, all rows at once.

Rates and points come from :mod:`cchc.domain.index766` (``score_many``, the vectorised ``score``), never
from SQL; which counts make an indicator's numerator and denominator comes from its entry in
:mod:`cchc.domain.index766_specs`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np

from cchc.analytics.periods import Grain, Period, period_label
from cchc.analytics.sql import COUNT_COLUMNS
from cchc.domain import index766_specs as registry
from cchc.domain.index766 import Index766Params, ScoreArrays, Scorecard, score_many


class ScoreRow:
    """Scores of one unit × [procedure ×] period.

    Rows returned by :func:`scorecard` share one column-wise :class:`ScoreBatch`; ``counts`` and
    ``card`` are read from it on first access (the points are already computed, vectorised, for all
    rows — only the Python objects are built lazily).
    """

    __slots__ = ("_batch", "_card", "_counts", "_i", "period", "period_start", "procedure", "unit")

    def __init__(
        self, unit: str, procedure: str | None, period: str, period_start: date, batch: ScoreBatch, index: int
    ) -> None:
        self.unit, self.procedure, self.period, self.period_start = unit, procedure, period, period_start
        self._counts: dict[str, int] | None = None
        self._card: Scorecard | None = None
        self._batch, self._i = batch, index

    @property
    def counts(self) -> dict[str, int]:
        if self._counts is None:
            self._counts = self._batch.counts(self._i)
        return self._counts

    @property
    def card(self) -> Scorecard:
        if self._card is None:
            self._card = self._batch.scores.card(self._i)
        return self._card

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ScoreRow):
            return NotImplemented
        return (self.unit, self.procedure, self.period, self.period_start, self.counts, self.card) == (
            other.unit, other.procedure, other.period, other.period_start, other.counts, other.card,
        )  # fmt: skip

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"ScoreRow({self.unit!r}, {self.procedure!r}, {self.period!r}, total={self.card.total})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "procedure": self.procedure,
            "period": self.period,
            "counts": self.counts,
            **scorecard_dict(self.card),
        }


def summed_counts(rows: Sequence[ScoreRow]) -> dict[str, int]:
    """The counts of several rows added up (units grouped under one of ours, a whole scope).

    Rows of one :func:`scorecard` share a batch: one numpy sum per column instead of a dict per row.
    """
    batch = rows[0]._batch if rows else None
    if batch is not None and all(r._batch is batch for r in rows):
        at = np.fromiter((r._i for r in rows), dtype=np.int64, count=len(rows))
        return dict(zip(batch.columns, batch.matrix()[at].sum(axis=0).tolist(), strict=True))
    total = dict.fromkeys(COUNT_COLUMNS, 0)
    for r in rows:
        for k, v in r.counts.items():
            total[k] += v
    return total


def scorecard_dict(card: Scorecard) -> dict[str, Any]:
    """The JSON of a scored row: each indicator's ratio and points, group points, total (CLI, API and web)."""
    return {
        "indicators": {
            k: {"ratio": s.ratio, "points": s.points, "numerator": s.numerator, "denominator": s.denominator}
            for k, s in sorted(card.indicators.items())
        },
        "groups": card.groups,
        "total": card.total,
        "max_known": card.max_known,
    }


def indicator_columns(
    c: Mapping[str, Any], params: Index766Params | None = None
) -> tuple[dict[str, tuple[Any, Any]], dict[str, Any]]:
    """(numerator, denominator) per indicator from the counts, and which indicators are present.

    Derived from the indicator entries (:mod:`cchc.domain.index766_specs`): numerator − ``minus`` over
    the denominator; an indicator ``scored_when_counted`` is present only where its denominator is not 0
    (1.4: the sync rate only when the export carries the field). Defined once for one row of ints and for
    whole columns (numpy arrays) alike, in the order of the entries. ``params.unfinished_in_denominator``
    switches an indicator to its denominator with unfinished dossiers (:func:`denominator_count`).
    """
    out: dict[str, tuple[Any, Any]] = {}
    present: dict[str, Any] = {}
    for spec in registry.dossier_specs():
        rule = spec.dossiers
        assert rule is not None
        num = c[rule.numerator.name]
        for m in rule.minus:
            num = num - c[m.name]
        den = c[denominator_count(spec.id, params).name]
        out[spec.id] = (num, den)
        if rule.scored_when_counted:
            present[spec.id] = den != 0
    return out, present


def denominator_count(indicator: str, params: Index766Params | None) -> registry.Count:
    """The count an indicator's denominator reads under ``params`` (its entry's default, or its
    ``denominator_with_unfinished`` when ``params.unfinished_in_denominator`` names it)."""
    spec = next(s for s in registry.dossier_specs() if s.id == indicator)
    rule = spec.dossiers
    assert rule is not None
    chosen = params is not None and indicator in params.unfinished_in_denominator
    if chosen and rule.denominator_with_unfinished is not None:
        return rule.denominator_with_unfinished
    return rule.denominator


def indicator_counts(c: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Numerator/denominator per indicator from one row of counts (the mapping is documented)."""
    counts, present = indicator_columns(c)
    return {k: v for k, v in counts.items() if present.get(k, True)}


def score_columns(columns: Mapping[str, np.ndarray], params: Index766Params | None = None) -> ScoreArrays:
    """Points for every row of count columns at once (:func:`cchc.domain.index766.score_many`)."""
    counts, present = indicator_columns(columns, params)
    return score_many(counts, params, present=present)


class ScoreBatch:
    """Count columns of many unit × period rows and their vectorised scores."""

    def __init__(self, columns: Mapping[str, np.ndarray], params: Index766Params | None = None) -> None:
        self.columns = {k: np.asarray(columns[k], dtype=np.int64) for k in COUNT_COLUMNS}
        self.scores = score_columns(self.columns, params)
        self._lists: dict[str, list[int]] | None = None
        self._matrix: np.ndarray | None = None

    def matrix(self) -> np.ndarray:
        """The count columns side by side (rows × counts), for summing rows in one operation."""
        if self._matrix is None:
            self._matrix = np.column_stack(list(self.columns.values()))
        return self._matrix

    def counts(self, i: int) -> dict[str, int]:
        if self._lists is None:
            self._lists = {k: v.tolist() for k, v in self.columns.items()}
        return {k: v[i] for k, v in self._lists.items()}


def score_rows(
    rows: Sequence[tuple[Any, ...]], p: Period, g: Grain, params: Index766Params | None
) -> list[ScoreRow]:
    """Score raw count rows (unit, procedure, period_start, *COUNT_COLUMNS), e.g. from another engine."""
    cols = {
        k: np.array([int(r[3 + j] or 0) for r in rows], dtype=np.int64) for j, k in enumerate(COUNT_COLUMNS)
    }
    return make_rows([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], cols, p, g, params)


def make_rows(
    units: list[str],
    procs: list[str | None],
    starts: list[date],
    cols: Mapping[str, np.ndarray],
    p: Period,
    g: Grain,
    params: Index766Params | None,
) -> list[ScoreRow]:
    batch = ScoreBatch(cols, params)
    if g == "range":
        labels = dict.fromkeys(starts, p.label)
    else:
        labels = {start: period_label(start, g) for start in set(starts)}
    rows = zip(units, procs, starts, strict=True)
    return [
        ScoreRow(unit, proc, labels[start], start, batch, i) for i, (unit, proc, start) in enumerate(rows)
    ]
