"""Indicator SQL, written once in the dialect DuckDB and PostgreSQL share (Trino/Spark: docs/analytics.md).

Placeholders are ``:name``; :func:`bind` rewrites them for DuckDB (``$name``) or psycopg
(``%(name)s``). Avoid ``::`` casts and ``%`` literals here so the rewrite stays trivial.
Rules implemented (standards.md §1.3): a dossier belongs to the period of its NgayTiepNhan; its
processing ends at NgayKetThucXuLy, or at a pending supplement request, or — still open — at the
period end (capped by ``as_of``); on time iff end − completed supplement time ≤ NgayHenTra; more than
one supplement request is late; no NgayHenTra (and none derivable) counts as on time.
"""

from __future__ import annotations

import re
from typing import Literal

from cchc.analytics.periods import GRAIN_INTERVAL, Grain

Dialect = Literal["duckdb", "postgres"]


def bind(sql: str, dialect: Dialect) -> str:
    repl = r"$\1" if dialect == "duckdb" else r"%(\1)s"
    return re.sub(r"(?<![:\w]):([a-z_]+)\b", repl, sql)


def _bucket(grain: Grain) -> tuple[str, str]:
    if grain == "range":
        return "CAST(:start AS TIMESTAMP)", "CAST(:end AS TIMESTAMP)"
    start = f"DATE_TRUNC('{grain}', d.received_at)"
    return start, f"{start} + INTERVAL '{GRAIN_INTERVAL[grain]}'"


def judged_sql(grain: Grain, *, unit_filter: bool, table: str = "dossiers") -> str:
    """Per-dossier CTE text ``judged``: period bucket, end of processing, on_time flag."""
    start, end = _bucket(grain)
    unit = "AND d.unit_code = :unit" if unit_filter else ""
    return f"""
base AS (
  SELECT d.*, {start} AS period_start, LEAST({end}, :as_of) AS cutoff
  FROM {table} d
  WHERE d.received_at >= :start AND d.received_at < :end {unit}
),
ended AS (
  SELECT b.*,
    CASE WHEN b.finished_at IS NOT NULL AND b.finished_at < b.cutoff THEN b.finished_at
         WHEN b.supplement_pending_at IS NOT NULL AND b.supplement_pending_at < b.cutoff
              THEN b.supplement_pending_at
         ELSE b.cutoff - INTERVAL '1 second' END AS end_at,
    CASE WHEN b.finished_at IS NOT NULL AND b.finished_at < b.cutoff THEN 1 ELSE 0 END AS is_finished
  FROM base b
),
judged AS (
  SELECT e.*,
    CASE WHEN COALESCE(e.supplement_count, 0) > 1 THEN 0
         WHEN e.due_at IS NULL THEN 1
         WHEN EXTRACT(EPOCH FROM e.end_at) - COALESCE(e.supplement_days, 0) * 86400
              <= EXTRACT(EPOCH FROM e.due_at) THEN 1
         ELSE 0 END AS on_time
  FROM ended e
)"""


COUNT_COLUMNS = (
    "received", "synced_known", "synced", "on_time", "finished", "online", "fee_dossiers", "paid_dossiers",
    "fee_procedures", "paid_procedures", "result_required", "e_result", "digitised", "reused", "shared",
    "population", "complaints",
)  # fmt: skip


def counts_sql(grain: Grain, *, unit_filter: bool, by_procedure: bool, table: str = "dossiers") -> str:
    """One row per unit × [procedure ×] period with every count the indicators need."""
    proc = "procedure_code" if by_procedure else "CAST(NULL AS VARCHAR)"
    group = "unit_code, procedure_code, period_start" if by_procedure else "unit_code, period_start"
    no_paper = "(COALESCE(result_required, FALSE) = FALSE OR COALESCE(e_result, FALSE))"
    return f"""WITH {judged_sql(grain, unit_filter=unit_filter, table=table)}
SELECT unit_code, {proc} AS procedure_code, CAST(period_start AS DATE) AS period_start,
  COUNT(*) AS received,
  SUM(CASE WHEN synced IS NOT NULL THEN 1 ELSE 0 END) AS synced_known,
  SUM(CASE WHEN synced THEN 1 ELSE 0 END) AS synced,
  SUM(on_time) AS on_time,
  SUM(is_finished) AS finished,
  SUM(CASE WHEN channel = 2 AND {no_paper} THEN 1 ELSE 0 END) AS online,
  SUM(CASE WHEN fee_amount > 0 THEN 1 ELSE 0 END) AS fee_dossiers,
  SUM(CASE WHEN fee_amount > 0 AND paid_online IN (1, 2) THEN 1 ELSE 0 END) AS paid_dossiers,
  COUNT(DISTINCT CASE WHEN fee_amount > 0 THEN procedure_code END) AS fee_procedures,
  COUNT(DISTINCT CASE WHEN fee_amount > 0 AND paid_online IN (1, 2) THEN procedure_code END) AS paid_procedures,
  SUM(CASE WHEN is_finished = 1 AND result_required THEN 1 ELSE 0 END) AS result_required,
  SUM(CASE WHEN is_finished = 1 AND result_required AND e_result THEN 1 ELSE 0 END) AS e_result,
  SUM(CASE WHEN attachments_digitised AND {no_paper} THEN 1 ELSE 0 END) AS digitised,
  SUM(CASE WHEN reused_data THEN 1 ELSE 0 END) AS reused,
  SUM(CASE WHEN from_data_warehouse OR e_result THEN 1 ELSE 0 END) AS shared,
  SUM(CASE WHEN population_data THEN 1 ELSE 0 END) AS population,
  SUM(CASE WHEN complaint OR rating <= :dislike_rating THEN 1 ELSE 0 END) AS complaints
FROM judged
GROUP BY {group}
ORDER BY unit_code, procedure_code, period_start"""


def drilldown_sql(grain: Grain, *, unit_filter: bool, only_late: bool, table: str = "dossiers") -> str:
    """The dossiers behind a number, with the delay in working days (calendar-table index difference)."""
    late = "WHERE j.on_time = 0" if only_late else ""
    return f"""WITH {judged_sql(grain, unit_filter=unit_filter, table=table)}
SELECT j.dossier_code, j.unit_code, j.procedure_code, j.received_at, j.due_at, j.end_at,
  j.is_finished, j.on_time, j.supplement_count,
  CASE WHEN j.due_at IS NULL THEN NULL ELSE ce.wd_index - cd.wd_index END AS delay_working_days
FROM judged j
LEFT JOIN calendar ce ON ce.day = CAST(j.end_at AS DATE)
LEFT JOIN calendar cd ON cd.day = CAST(j.due_at AS DATE)
{late}
ORDER BY delay_working_days DESC, j.dossier_code
LIMIT :limit"""
