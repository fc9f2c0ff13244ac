"""Scorecard and drill-down over the dossier store: SQL counts (cchc.analytics.sql) → domain points.

Selectors call :func:`scorecard` and :func:`drilldown`; rates and points come from
:mod:`cchc.domain.index766` (``score_many``, the vectorised ``score``), never from SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import numpy as np

from cchc.analytics import rollup
from cchc.analytics.periods import Grain, Period, midnight, parse_period, period_label
from cchc.analytics.sql import (
    COUNT_COLUMNS,
    CUTOFF_COUNTS,
    INDICATOR_SETS,
    SUBSETS,
    Dialect,
    Subset,
    bind,
    count_params,
    counts_sql,
    drilldown_sql,
    used_params,
)
from cchc.analytics.store import DossierStore
from cchc.domain.errors import UserError
from cchc.domain.index766 import Index766Params, ScoreArrays, Scorecard, score_many

ALL_TIME = Period(date(1900, 1, 1), date(2200, 1, 1), "range", "tất cả")

Executor = Callable[[str, dict[str, Any]], list[tuple[Any, ...]]]


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
        return {k: int(v[at].sum()) for k, v in batch.columns.items()}
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


def indicator_columns(c: Mapping[str, Any]) -> tuple[dict[str, tuple[Any, Any]], dict[str, Any]]:
    """(numerator, denominator) per indicator from the counts, and which indicators are present.

    Defined once for one row of ints and for whole columns (numpy arrays) alike; the order is the
    order :func:`cchc.domain.index766.score` receives them in.
    """
    out: dict[str, tuple[Any, Any]] = {
        "2.1": (c["on_time"], c["received"]),
        "3.3": (c["online"], c["received"]),
        "3.5b": (c["paid_procedures"], c["fee_procedures"]),
        "3.6": (c["paid_dossiers"], c["fee_dossiers"]),
        "4.1": (c["e_result"], c["result_required"]),
        "4.2": (c["digitised"], c["received"]),
        "4.3": (c["reused"], c["received"]),
        "4.4": (c["shared"], c["received"]),
        "4.5b": (c["population"], c["received"]),
        "5.4": (c["received"] - (c["received"] - c["on_time"]) - c["complaints"], c["received"]),
        "1.4": (c["synced"], c["synced_known"]),
    }
    return out, {"1.4": c["synced_known"] != 0}  # sync rate only when the export carries the field


def indicator_counts(c: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Numerator/denominator per indicator from one row of counts (the mapping is documented)."""
    counts, present = indicator_columns(c)
    return {k: v for k, v in counts.items() if present.get(k, True)}


def score_columns(columns: Mapping[str, np.ndarray], params: Index766Params | None = None) -> ScoreArrays:
    """Points for every row of count columns at once (:func:`cchc.domain.index766.score_many`)."""
    counts, present = indicator_columns(columns)
    return score_many(counts, params, present=present)


class ScoreBatch:
    """Count columns of many unit × period rows and their vectorised scores."""

    def __init__(self, columns: Mapping[str, np.ndarray], params: Index766Params | None = None) -> None:
        self.columns = {k: np.asarray(columns[k], dtype=np.int64) for k in COUNT_COLUMNS}
        self.scores = score_columns(self.columns, params)
        self._lists: dict[str, list[int]] | None = None

    def counts(self, i: int) -> dict[str, int]:
        if self._lists is None:
            self._lists = {k: v.tolist() for k, v in self.columns.items()}
        return {k: v[i] for k, v in self._lists.items()}


def duckdb_executor(store: DossierStore) -> Executor:
    def run(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return store.con.execute(sql, used_params(sql, "duckdb", params)).fetchall()

    return run


def _resolve(period: Period | str | None, grain: Grain | None) -> tuple[Period, Grain]:
    p = parse_period(period) if isinstance(period, str) else period
    if p is None:
        return ALL_TIME, grain or "month"
    return p, grain or p.grain


def count_rows(
    run: Executor,
    dialect: Dialect,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    grain: Grain | None = None,
    by_procedure: bool = False,
    as_of: datetime | None = None,
) -> list[tuple[Any, ...]]:
    """Raw count rows (unit, procedure, period_start, *COUNT_COLUMNS) on any executor/dialect."""
    sql, params = _count_query(
        dialect, unit=unit, period=period, grain=grain, by_procedure=by_procedure, as_of=as_of
    )
    if dialect == "postgres":
        params = used_params(sql, dialect, params)
    return run(sql, params)


def _count_query(
    dialect: Dialect,
    *,
    unit: str | None,
    period: Period | str | None,
    grain: Grain | None,
    by_procedure: bool,
    as_of: datetime | None,
) -> tuple[str, dict[str, Any]]:
    p, g = _resolve(period, grain)
    sql = bind(counts_sql(g, unit_filter=unit is not None, by_procedure=by_procedure), dialect)
    return sql, count_params(p.start, p.end, as_of=as_of or datetime.now(), unit=unit)


def scorecard(
    store: DossierStore,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    grain: Grain | None = None,
    by_procedure: bool = False,
    params: Index766Params | None = None,
    as_of: datetime | None = None,
    use_rollup: bool = True,
) -> list[ScoreRow]:
    """Scores per unit × [procedure ×] period. Without ``period``: every month (or ``grain``).

    Unit cards of month / quarter / year periods are read from the rollup kept by the import
    (:mod:`cchc.analytics.rollup`); in a period still open at ``as_of`` the dossiers not finished before
    ``as_of`` are judged again at ``as_of`` (:func:`_rejudge_open_periods`). Per-procedure cards and
    custom ranges, and everything with ``use_rollup=False``, are computed from the rows.
    """
    p, g = _resolve(period, grain)
    as_of = as_of or datetime.now()
    open_from = None
    if use_rollup and not by_procedure and rollup.is_valid(store.con):
        open_from = rollup.closed_until(p, g, as_of)
    if open_from is None:
        sql, values = _count_query(
            "duckdb", unit=unit, period=p, grain=g, by_procedure=by_procedure, as_of=as_of
        )
        res = _fetch(store, sql, values)
    else:
        sql = bind(rollup.read_sql(unit_filter=unit is not None), "duckdb")
        res = _fetch(store, sql, {"grain": g, "start": p.start, "end": p.end, "unit": unit})
        if open_from < p.end and _any_received(store, open_from, p.end):
            _rejudge_open_periods(store, res, open_from, p.end, g, unit, as_of)
    starts = res["period_start"]
    start_list = starts.astype("datetime64[D]").tolist() if starts.dtype.kind == "M" else list(starts)
    return _rows(list(res["unit_code"]), list(res["procedure_code"]), start_list, res, p, g, params)


def _rejudge_open_periods(
    store: DossierStore,
    cells: dict[str, np.ndarray],
    start: date,
    end: date,
    grain: Grain,
    unit: str | None,
    as_of: datetime,
) -> None:
    """Turn the rollup cells of the open periods in [start, end) — judged at the period end — into the
    counts judged at ``as_of``, in place.

    A dossier finished before ``as_of`` is judged the same at both cutoffs (finished, ended at its
    finish). The others — still open at ``as_of``, typically a few per cent — are judged both ways in
    one query over the rows: cell + counts(at as_of) − counts(at period end). Only the counts that
    depend on the cutoff change (:data:`~cchc.analytics.sql.CUTOFF_COUNTS`).
    """
    inner = counts_sql(
        grain,
        unit_filter=unit is not None,
        by_procedure=False,
        also_judged_at=("period_end",),
        unfinished_only=True,
    )
    # Only the columns needed: DuckDB then drops the other aggregates and the 3.5b branch (~2× faster).
    needed = ", ".join([*CUTOFF_COUNTS, *(f"{c}_period_end" for c in CUTOFF_COUNTS)])
    sql = f"SELECT unit_code, period_start, {needed} FROM ({inner}) q ORDER BY unit_code, period_start"
    values = count_params(start, end, as_of=as_of, unit=unit) | {"unfinished_at": as_of}
    both = _fetch(store, bind(sql, "duckdb"), values)
    keys = list(zip(both["unit_code"].tolist(), both["period_start"].tolist(), strict=True))
    if not keys:
        return
    cell_keys = zip(cells["unit_code"].tolist(), cells["period_start"].tolist(), strict=True)
    where = {k: i for i, k in enumerate(cell_keys)}
    rows = np.array([where[k] for k in keys], dtype=np.int64)
    for col in CUTOFF_COUNTS:
        fixed = np.array(cells[col], dtype=np.int64)
        fixed[rows] += np.asarray(both[col], dtype=np.int64) - np.asarray(
            both[f"{col}_period_end"], dtype=np.int64
        )
        cells[col] = fixed


def _any_received(store: DossierStore, start: date, end: date) -> bool:
    """Whether any dossier was received in [start, end) (zone maps answer it without a scan)."""
    sql = "SELECT 1 FROM dossiers WHERE received_at >= ? AND received_at < ? LIMIT 1"
    return store.con.execute(sql, [midnight(start), midnight(end)]).fetchone() is not None


def _fetch(store: DossierStore, sql: str, values: dict[str, Any]) -> dict[str, np.ndarray]:
    res = store.con.execute(sql, used_params(sql, "duckdb", values)).fetchnumpy()
    # NULL text (procedure_code of unit cards) arrives masked; cards carry None.
    for k, v in res.items():
        if isinstance(v, np.ma.MaskedArray) and v.dtype == object:
            plain = np.array(v.data, dtype=object)
            plain[np.ma.getmaskarray(v)] = None  # (filled(None) would write numpy's default '?')
            res[k] = plain
    return res


def score_rows(
    rows: Sequence[tuple[Any, ...]], p: Period, g: Grain, params: Index766Params | None
) -> list[ScoreRow]:
    """Score raw count rows (unit, procedure, period_start, *COUNT_COLUMNS), e.g. from another engine."""
    cols = {
        k: np.array([int(r[3 + j] or 0) for r in rows], dtype=np.int64) for j, k in enumerate(COUNT_COLUMNS)
    }
    return _rows([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows], cols, p, g, params)


def _rows(
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


@dataclass(frozen=True, slots=True)
class DrillRow:
    dossier_code: str
    unit: str
    procedure: str
    received_at: datetime
    due_at: datetime | None
    end_at: datetime
    finished: bool
    on_time: bool
    supplement_count: int | None
    delay_working_days: int | None
    # Whether the dossier (3.5b: its procedure in the unit × period) is in the indicator's numerator,
    # and the export fields the indicators read (None when the export left them empty).
    meets: bool | None = None
    channel: int | None = None
    fee_amount: Decimal | None = None
    paid_online: int | None = None
    result_required: bool | None = None
    e_result: bool | None = None
    digitised: bool | None = None
    reused_data: bool | None = None
    from_data_warehouse: bool | None = None
    population_data: bool | None = None
    synced: bool | None = None
    rating: int | None = None
    complaint: bool | None = None


DRILL_INDICATORS = tuple(INDICATOR_SETS)  # every indicator computed from dossiers


class UnknownIndicator(UserError):
    """An indicator id the dossiers do not feed, or a subset other than gap/numerator/denominator."""


def drill_query(
    dialect: Dialect,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    indicator: str = "2.1",
    subset: Subset = "gap",
    limit: int = 1000,
    as_of: datetime | None = None,
) -> tuple[str, dict[str, Any]]:
    """SQL and parameters of :func:`drilldown` for ``dialect`` (DuckDB or psycopg)."""
    if indicator not in INDICATOR_SETS:
        known = ", ".join(DRILL_INDICATORS)
        raise UnknownIndicator(f"Chỉ số “{indicator}” không tính từ hồ sơ; các chỉ số tính được: {known}.")
    if subset not in SUBSETS:
        raise UnknownIndicator(f"Tập hồ sơ “{subset}” không hợp lệ; chọn gap, numerator hoặc denominator.")
    p, g = _resolve(period, None)
    g = "range" if period is None else g
    sql = bind(drilldown_sql(g, unit_filter=unit is not None, indicator=indicator, subset=subset), dialect)
    params = count_params(p.start, p.end, as_of=as_of or datetime.now(), unit=unit) | {"limit": limit}
    return sql, used_params(sql, dialect, params)


_DRILL_FLAGS = frozenset({10, 14, 15, 16, 17, 18, 19, 20, 22})  # nullable booleans among DRILL_COLUMNS


def drill_rows(rows: Sequence[tuple[Any, ...]]) -> list[DrillRow]:
    """DrillRow per result row of the drill-down SQL (columns :data:`cchc.analytics.sql.DRILL_COLUMNS`)."""
    out = []
    for r in rows:
        values = [v if v is None or i not in _DRILL_FLAGS else bool(v) for i, v in enumerate(r)]
        values[6], values[7] = bool(r[6]), bool(r[7])
        out.append(DrillRow(*values))
    return out


def drilldown(
    store: DossierStore,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    indicator: str = "2.1",
    subset: Subset | None = None,
    only_late: bool | None = None,
    limit: int = 1000,
    as_of: datetime | None = None,
) -> list[DrillRow]:
    """Dossiers behind an indicator (:data:`cchc.analytics.sql.INDICATOR_SETS`), most delayed first.

    ``subset``: ``"denominator"``, ``"numerator"`` or ``"gap"`` (in the denominator, not the numerator:
    for 2.1 the late dossiers, for 3.3 those not online…), the default. The same rules as the counts:
    for a unit × period, the rows of a subset are exactly the dossiers :func:`scorecard` counts (3.5b:
    their distinct procedures). ``only_late`` is the former switch of 2.1: True ≡ gap, False ≡
    denominator.
    """
    if only_late is not None:
        if subset is not None or indicator != "2.1":
            raise ValueError("only_late chỉ dùng cho chỉ số 2.1, không cùng subset")
        subset = "gap" if only_late else "denominator"
    sql, params = drill_query(
        "duckdb",
        unit=unit,
        period=period,
        indicator=indicator,
        subset=subset or "gap",
        limit=limit,
        as_of=as_of,
    )
    return drill_rows(store.con.execute(sql, params).fetchall())
