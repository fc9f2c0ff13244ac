"""Scorecard and drill-down over the dossier store: SQL counts (cchc.analytics.sql) → domain points.

Selectors call :func:`scorecard` and :func:`drilldown`; rates and points come from
:mod:`cchc.domain.index766`, never from SQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cchc.analytics.periods import Grain, Period, parse_period, period_label
from cchc.analytics.sql import COUNT_COLUMNS, Dialect, bind, counts_sql, drilldown_sql
from cchc.analytics.store import DossierStore
from cchc.domain.index766 import Index766Params, Scorecard, score

ALL_TIME = Period(date(1900, 1, 1), date(2200, 1, 1), "range", "tất cả")
DISLIKE_RATING = 2  # rating 1..5; ≤ 2 counts as "dislike" for 5.4 (threshold not in the sources)

Executor = Callable[[str, dict[str, Any]], list[tuple[Any, ...]]]


@dataclass(frozen=True, slots=True)
class ScoreRow:
    unit: str
    procedure: str | None
    period: str
    period_start: date
    counts: dict[str, int]
    card: Scorecard

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "procedure": self.procedure,
            "period": self.period,
            "counts": self.counts,
            "indicators": {
                k: {
                    "ratio": s.ratio,
                    "points": s.points,
                    "numerator": s.numerator,
                    "denominator": s.denominator,
                }
                for k, s in sorted(self.card.indicators.items())
            },
            "groups": self.card.groups,
            "total": self.card.total,
            "max_known": self.card.max_known,
        }


def indicator_counts(c: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Numerator/denominator per indicator from one row of counts (the mapping is documented)."""
    out: dict[str, tuple[float, float]] = {
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
    }
    if c["synced_known"]:
        out["1.4"] = (c["synced"], c["synced_known"])
    return out


def duckdb_executor(store: DossierStore) -> Executor:
    def run(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        used = {k: v for k, v in params.items() if f"${k}" in sql}
        return store.con.execute(sql, used).fetchall()

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
    p, g = _resolve(period, grain)
    sql = bind(counts_sql(g, unit_filter=unit is not None, by_procedure=by_procedure), dialect)
    params = {
        "start": datetime.combine(p.start, datetime.min.time()),
        "end": datetime.combine(p.end, datetime.min.time()),
        "as_of": as_of or datetime.now(),
        "unit": unit,
        "dislike_rating": DISLIKE_RATING,
    }
    if dialect == "postgres":
        params = {k: v for k, v in params.items() if f"%({k})s" in sql}
    return run(sql, params)


def scorecard(
    store: DossierStore,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    grain: Grain | None = None,
    by_procedure: bool = False,
    params: Index766Params | None = None,
    as_of: datetime | None = None,
) -> list[ScoreRow]:
    """Scores per unit × [procedure ×] period. Without ``period``: every month (or ``grain``)."""
    p, g = _resolve(period, grain)
    rows = count_rows(
        duckdb_executor(store), "duckdb", unit=unit, period=p, grain=g, by_procedure=by_procedure, as_of=as_of
    )
    return score_rows(rows, p, g, params)


def score_rows(
    rows: Sequence[tuple[Any, ...]], p: Period, g: Grain, params: Index766Params | None
) -> list[ScoreRow]:
    out: list[ScoreRow] = []
    defs = (params or Index766Params()).indicators()  # once, not per row
    for unit_code, proc, start, *values in rows:
        counts = {k: int(v or 0) for k, v in zip(COUNT_COLUMNS, values, strict=True)}
        label = p.label if g == "range" else period_label(start, g)
        out.append(
            ScoreRow(
                unit_code, proc, label, start, counts, score(indicator_counts(counts), params, defs=defs)
            )
        )
    return out


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


def drilldown(
    store: DossierStore,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    only_late: bool = True,
    limit: int = 1000,
    as_of: datetime | None = None,
) -> list[DrillRow]:
    """Dossiers behind indicator 2.1 (late ones by default), most-delayed first."""
    p, g = _resolve(period, None)
    g = "range" if period is None else g
    sql = bind(drilldown_sql(g, unit_filter=unit is not None, only_late=only_late), "duckdb")
    params = {
        "start": datetime.combine(p.start, datetime.min.time()),
        "end": datetime.combine(p.end, datetime.min.time()),
        "as_of": as_of or datetime.now(),
        "unit": unit,
        "limit": limit,
    }
    rows = duckdb_executor(store)(sql, params)
    return [DrillRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), bool(r[7]), r[8], r[9]) for r in rows]
