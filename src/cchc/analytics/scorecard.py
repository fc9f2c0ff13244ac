"""The scorecard over the dossier store: counts (rollup cells, or :func:`cchc.analytics.sql.counts_sql`
over the rows) → :mod:`cchc.analytics.scoring`. Also the raw counts on any DB-API executor (PostgreSQL,
Spark) for the parity tests.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np

from cchc.analytics import rollup
from cchc.analytics.periods import (
    Grain,
    JudgeOpen,
    Period,
    PeriodError,
    check_judge_open,
    midnight,
    parse_as_of,
    parse_period,
)
from cchc.analytics.scoring import ScoreRow, make_rows
from cchc.analytics.snapshot import CHANGES_TABLE, OPEN_TABLE, Snapshot
from cchc.analytics.sql import (
    COUNT_COLUMNS,
    COUNT_CONDITIONS,
    CUTOFF_COUNTS,
    PROCEDURE_COUNTS,
    Dialect,
    bind,
    count_params,
    counts_sql,
    late_at_sql,
    used_params,
)
from cchc.analytics.store import DossierStore
from cchc.analytics.unitmap import fold
from cchc.domain.index766 import Index766Params, open_denominator_choices
from cchc.domain.index766_specs import derived

ALL_TIME = Period(date(1900, 1, 1), date(2200, 1, 1), "range", "tất cả")

Executor = Callable[[str, dict[str, Any]], list[tuple[Any, ...]]]


def duckdb_executor(store: DossierStore) -> Executor:
    def run(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return store.con.execute(sql, used_params(sql, "duckdb", params)).fetchall()

    return run


def resolve(period: Period | str | None, grain: Grain | None) -> tuple[Period, Grain]:
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
    judge_open: JudgeOpen = "period_end",
    unit_map: Mapping[str, str] | None = None,
) -> list[tuple[Any, ...]]:
    """Raw count rows (unit, procedure, period_start, *COUNT_COLUMNS) on any executor/dialect;
    ``unit_map``: read onto today's tree (:mod:`cchc.analytics.unitmap`)."""
    sql, params = count_query(
        dialect,
        unit=unit,
        period=period,
        grain=grain,
        by_procedure=by_procedure,
        as_of=as_of,
        judge_open=judge_open,
        unit_map=unit_map,
    )
    if dialect == "postgres":
        params = used_params(sql, dialect, params)
    return run(sql, params)


def count_query(
    dialect: Dialect | None,
    *,
    unit: str | None,
    period: Period | str | None,
    grain: Grain | None,
    by_procedure: bool,
    as_of: datetime | None,
    judge_open: JudgeOpen = "period_end",
    unit_map: Mapping[str, str] | None = None,
) -> tuple[str, dict[str, Any]]:
    """The counts SQL bound for ``dialect`` (DuckDB or psycopg), or with its ``:name`` placeholders left
    unbound when ``dialect`` is None (:mod:`cchc.analytics.spark` turns that into Spark SQL), and the
    parameter values. ``unit_map`` ({stored code: today's code}): the counts folded onto today's tree
    (:func:`cchc.analytics.unitmap.fold`, the unit filter applied after the mapping)."""
    p, g = resolve(period, grain)
    if unit_map:
        inner = counts_sql(g, unit_filter=False, by_procedure=by_procedure, judge_open=judge_open)
        text = fold(inner, unit_map, counts=COUNT_COLUMNS, unit_filter=unit is not None)
    else:
        text = counts_sql(g, unit_filter=unit is not None, by_procedure=by_procedure, judge_open=judge_open)
    params = count_params(p.start, p.end, as_of=as_of or datetime.now(), unit=unit)
    return (text if dialect is None else bind(text, dialect)), params


def judging(
    as_of: str | None = None,
    judge_open: str | None = None,
    unfinished_in_denominator: str | Sequence[str] = (),
) -> tuple[datetime | None, JudgeOpen, Index766Params]:
    """The judging options as the CLI, the API and the page take them, checked (``PeriodError`` in
    Vietnamese): the cut-off (a day is included, :func:`parse_as_of`), when open dossiers are judged,
    and the indicators whose denominator counts unfinished dossiers (a list or "4.1,…")."""
    cut = parse_as_of(as_of) if as_of and as_of.strip() else None
    how = check_judge_open(judge_open or "period_end")
    names = unfinished_in_denominator
    chosen = [x.strip() for x in names.split(",")] if isinstance(names, str) else list(names)
    chosen = [x for x in chosen if x]
    allowed = open_denominator_choices()
    for ind in chosen:
        if ind not in allowed:
            raise PeriodError(
                f"Chỉ số '{ind}' không có lựa chọn mẫu số gồm hồ sơ chưa xong; có: {', '.join(allowed)}"
            )
    return cut, how, Index766Params(unfinished_in_denominator=frozenset(chosen))


class SnapshotCannotServe(ValueError):
    """The options need the store's rows (:meth:`Snapshot.serves` says which)."""


def scorecard(
    store: DossierStore | Snapshot,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    grain: Grain | None = None,
    by_procedure: bool = False,
    params: Index766Params | None = None,
    as_of: datetime | None = None,
    use_rollup: bool = True,
    judge_open: JudgeOpen = "period_end",
    unit_map: Mapping[str, str] | None = None,
) -> list[ScoreRow]:
    """Scores per unit × [procedure ×] period. Without ``period``: every month (or ``grain``).

    Unit cards of month / quarter / year periods are read from the rollup kept by the import
    (:mod:`cchc.analytics.rollup`); in a period still open at ``as_of`` the dossiers not finished before
    ``as_of`` are judged again at ``as_of`` (:func:`_rejudge_open_periods`). Per-procedure cards and
    custom ranges, and everything with ``use_rollup=False``, are computed from the rows.

    ``as_of`` is the cut-off instant, exclusive (:func:`cchc.analytics.periods.parse_as_of` turns a day
    into the next midnight, so the day is included). ``judge_open``: dossiers still open at the cut-off
    are judged at their period's end (``"period_end"``, default) or at ``as_of`` (``"as_of"``, always
    computed from the rows).

    ``store`` may be the pages' snapshot (:mod:`cchc.analytics.snapshot`) when it
    :meth:`~cchc.analytics.snapshot.Snapshot.serves` the options (else :class:`SnapshotCannotServe`):
    the same cells, the open periods corrected from its ``open_dossiers``, the same cards.

    ``unit_map`` ({stored unit code: today's unit code}): the counts read onto today's tree, every path
    folded by the same join (:mod:`cchc.analytics.unitmap`); None or empty: as it was.
    """
    p, g = resolve(period, grain)
    as_of = as_of or datetime.now()
    judge_open = check_judge_open(judge_open)
    open_from = None
    if isinstance(store, Snapshot):
        if not use_rollup or not store.serves(
            p, g, by_procedure=by_procedure, as_of=as_of, judge_open=judge_open
        ):
            raise SnapshotCannotServe(f"{p.label} {g} {as_of} {judge_open} by_procedure={by_procedure}")
        key = (str(store.path), unit, p, g, repr(params), tuple(sorted((unit_map or {}).items())))
        held = _results().get(key, as_of)
        if held is not None:
            return held
        rows, until = _snapshot_scorecard(store, p, g, unit, params, as_of, unit_map)
        _results().put(key, as_of, until, rows)
        return list(rows)
    if use_rollup and not by_procedure and judge_open == "period_end" and rollup.is_valid(store.con):
        open_from = rollup.closed_until(p, g, as_of)
    if open_from is None:
        sql, values = count_query(
            "duckdb",
            unit=unit,
            period=p,
            grain=g,
            by_procedure=by_procedure,
            as_of=as_of,
            judge_open=judge_open,
            unit_map=unit_map,
        )
        res = _fetch(store, sql, values)
    else:
        res = _read_cells(store, p, g, unit, unit_map)
        if open_from < p.end and _any_received(store, open_from, p.end):
            _rejudge_open_periods(store, res, open_from, p.end, g, unit, as_of, unit_map=unit_map)
    return _rows(res, p, g, params)


def _read_cells(
    store: DossierStore | Snapshot, p: Period, g: Grain, unit: str | None, unit_map: Mapping[str, str] | None
) -> dict[str, np.ndarray]:
    """The rollup cells of ``p`` at grain ``g`` (folded onto ``unit_map``), in the counts' column order."""
    if unit_map:
        text = fold(
            rollup.read_sql(unit_filter=False), unit_map, counts=COUNT_COLUMNS, unit_filter=unit is not None
        )
    else:
        text = rollup.read_sql(unit_filter=unit is not None)
    return _fetch(store, bind(text, "duckdb"), {"grain": g, "start": p.start, "end": p.end, "unit": unit})


def _rows(res: dict[str, np.ndarray], p: Period, g: Grain, params: Index766Params | None) -> list[ScoreRow]:
    starts = res["period_start"]
    start_list = starts.astype("datetime64[D]").tolist() if starts.dtype.kind == "M" else list(starts)
    return make_rows(list(res["unit_code"]), list(res["procedure_code"]), start_list, res, p, g, params)


def _snapshot_scorecard(
    snap: Snapshot,
    p: Period,
    g: Grain,
    unit: str | None,
    params: Index766Params | None,
    as_of: datetime,
    unit_map: Mapping[str, str] | None,
) -> tuple[list[ScoreRow], datetime]:
    """The cards from the snapshot's cells, its open periods judged again at ``as_of``, and the instant
    until which the same cards hold for any later cut-off (:func:`_same_until`)."""
    open_from = rollup.closed_until(p, g, as_of)
    assert open_from is not None  # (Snapshot.serves checked it)
    res = _read_cells(snap, p, g, unit, unit_map)
    until = midnight(rollup.next_start(rollup.period_start(as_of.date(), g), g))
    if open_from < p.end:  # its open_dossiers are few: no need to ask first
        _rejudge_open_periods(
            snap, res, open_from, p.end, g, unit, as_of, table=OPEN_TABLE, unit_map=unit_map,
            prejudged=snap.format >= 4,
        )  # fmt: skip
        until = min(until, _next_change(snap, open_from, p.end, as_of))
    return _rows(res, p, g, params), until


# -- the pages' results, kept while they hold ------------------------------------------------------------
#
# A page asks the same cards again and again with the cut-off "now". Over one published snapshot the cards
# change only when the cut-off crosses an instant where a dossier's judging changes (_next_change) or a
# period boundary (what is closed), so a process keeps each result, keyed by the snapshot file (a new
# commit publishes a new file: a new key, never a stale result), until the first such instant.


@dataclass(frozen=True, slots=True)
class _Held:
    valid_from: datetime
    valid_until: datetime
    rows: tuple[ScoreRow, ...]


class ResultCache:
    """Cards of snapshot scorecards with the cut-offs they hold for (least recently used dropped first)."""

    SIZE = 128

    def __init__(self) -> None:
        self._held: OrderedDict[tuple[Any, ...], _Held] = OrderedDict()
        self._lock = threading.Lock()
        self.enabled = True

    def get(self, key: tuple[Any, ...], as_of: datetime) -> list[ScoreRow] | None:
        if not self.enabled:
            return None
        with self._lock:
            held = self._held.get(key)
            if held is None or not held.valid_from <= as_of < held.valid_until:
                return None
            self._held.move_to_end(key)
        return list(held.rows)

    def put(self, key: tuple[Any, ...], as_of: datetime, until: datetime, rows: list[ScoreRow]) -> None:
        if not self.enabled or until <= as_of or not _judging_reads_only_known_instants():
            return
        with self._lock:
            self._held[key] = _Held(as_of, until, tuple(rows))
            self._held.move_to_end(key)
            while len(self._held) > self.SIZE:
                self._held.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._held.clear()


# One cache per version of the indicator entries (a test adding an indicator gets an empty one).
_results = derived(ResultCache)


def result_cache() -> ResultCache:
    """The process's cache of snapshot scorecards (``enabled`` False: every call computes, as the bench's
    cold figures do)."""
    return _results()


def _judging_reads_only_known_instants() -> bool:
    """Whether every count condition depends on the cut-off only through ``fin`` and ``ok`` (the instants
    :func:`_next_change` knows): a condition reading the cut-off itself would change at any instant."""
    texts = [*COUNT_CONDITIONS.values(), *PROCEDURE_COUNTS.values()]
    return not any(re.search(r"\b(cutoff\w*|end_at|as_of|unfinished_at)\b", t) for t in texts)


def _next_change(snap: Snapshot, start: date, end: date, as_of: datetime) -> datetime:
    """The first instant at or after ``as_of`` at which a dossier of the open periods in [start, end) may be
    judged differently (the cut-off passing its finish, its pending supplement request, or the moment it
    turns late: after due + supplement days + the rule's one second, :func:`cchc.analytics.sql._ok`), or far
    in the future when none. Cards judged at ``as_of`` hold for every cut-off before it.

    From the snapshot's sorted ``open_changes`` (every such instant of its open rows, published with it):
    those of rows outside [start, end) or finished before ``as_of`` can only end a kept result earlier.
    A file published before that table (older format) is searched row by row."""
    if snap.format >= 3:
        row = snap.con.execute(
            f"SELECT min(t) FROM {CHANGES_TABLE} WHERE t >= $as_of", {"as_of": as_of}
        ).fetchone()
        return row[0] if row and row[0] is not None else rollup.FAR_FUTURE
    late = "late_at" if snap.format >= 2 else late_at_sql()  # (computed when the snapshot was published)
    row = snap.con.execute(
        f"""SELECT min(LEAST(
              CASE WHEN finished_at >= $as_of THEN finished_at END,
              CASE WHEN supplement_pending_at >= $as_of THEN supplement_pending_at END,
              CASE WHEN {late} >= $as_of THEN {late} END))
            FROM {OPEN_TABLE}
            WHERE received_at >= $start AND received_at < $end AND (finished_at IS NULL OR finished_at >= $as_of)""",
        {"as_of": as_of, "start": midnight(start), "end": midnight(end)},
    ).fetchone()
    return row[0] if row and row[0] is not None else rollup.FAR_FUTURE


def _rejudge_open_periods(
    store: DossierStore | Snapshot,
    cells: dict[str, np.ndarray],
    start: date,
    end: date,
    grain: Grain,
    unit: str | None,
    as_of: datetime,
    *,
    table: str = "dossiers",
    unit_map: Mapping[str, str] | None = None,
    prejudged: bool = False,
) -> None:
    """Turn the rollup cells of the open periods in [start, end) — judged at the period end — into the
    counts judged at ``as_of``, in place.

    A dossier finished before ``as_of`` is judged the same at both cutoffs (finished, ended at its
    finish). The others — still open at ``as_of``, typically a few per cent — are judged both ways in
    one query over the rows: cell + counts(at as_of) − counts(at period end). Only the counts that
    depend on the cutoff change (:data:`~cchc.analytics.sql.CUTOFF_COUNTS`). ``table``: the store's
    ``dossiers``, or the snapshot's ``open_dossiers`` (the rows this query can select, and only them).
    ``prejudged``: the table holds each row's judging at its period end (the snapshot's, from format 4:
    :func:`cchc.analytics.sql.prejudged_sql`), read instead of computed.
    """
    inner = counts_sql(
        grain,
        unit_filter=unit is not None and not unit_map,
        by_procedure=False,
        table=table,
        also_judged_at=("period_end",),
        unfinished_only=True,
        procedure_counts=False,  # not cut-off counts: not read here
        prejudged=prejudged,
    )
    # Only the columns needed: DuckDB then drops the other aggregates and the 3.5b branch (~2× faster).
    columns = [*CUTOFF_COUNTS, *(f"{c}_period_end" for c in CUTOFF_COUNTS)]
    needed = ", ".join(columns)
    sql = f"SELECT unit_code, period_start, {needed} FROM ({inner}) q ORDER BY unit_code, period_start"
    if unit_map:  # the cells were folded onto today's tree: so are their corrections
        sql = fold(sql, unit_map, counts=columns, keys=("period_start",), unit_filter=unit is not None)
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


def _fetch(store: DossierStore | Snapshot, sql: str, values: dict[str, Any]) -> dict[str, np.ndarray]:
    res = store.con.execute(sql, used_params(sql, "duckdb", values)).fetchnumpy()
    # NULL text (procedure_code of unit cards) arrives masked; cards carry None.
    for k, v in res.items():
        if isinstance(v, np.ma.MaskedArray) and v.dtype == object:
            plain = np.array(v.data, dtype=object)
            plain[np.ma.getmaskarray(v)] = None  # (filled(None) would write numpy's default '?')
            res[k] = plain
    return res
