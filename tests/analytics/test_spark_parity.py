"""The indicator SQL gives identical counts on Apache Spark (local mode) and DuckDB (docs/distributed.md).

The rows go from the DuckDB store to Parquet, as they would to a cluster's table, and Spark reads them.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from cchc.analytics.indicators import count_rows, duckdb_executor, scorecard
from cchc.analytics.spark import (
    local_session,
    spark_count_rows,
    spark_executor,
    spark_scorecard,
    to_spark_sql,
)
from cchc.analytics.sql import bind, counts_sql
from cchc.analytics.store import DossierStore
from cchc.analytics.synthetic import generate

from .conftest import insert_rows

pytestmark = [
    pytest.mark.spark,
    # PySpark 4 warns at import that it does not fully support pandas 3; these tests do not use pandas.
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]
AS_OF = datetime(2026, 6, 1, 9, 30, 0, 250_000)  # mid-period, with a fraction of a second (as now() has)
TIMES = ("received_at", "due_at", "finished_at", "supplement_pending_at")


@pytest.fixture(scope="module")
def spark() -> Any:
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Không có Java (java không có trong PATH) / Java is not installed: Spark cannot start")
    pytest.importorskip("pyspark", reason="Chưa cài pyspark (uv sync) / pyspark is not installed")
    started = time.monotonic()
    session = local_session(cores=2, app_name="cchc-test-parity", conf={"spark.driver.memory": "1g"})
    session.sparkContext.setLogLevel("ERROR")
    print(f"Spark {session.version} local[2] started in {time.monotonic() - started:.1f} s")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def store(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """3 000 synthetic dossiers in DuckDB, and the same rows as the Spark view ``dossiers`` (via Parquet)."""
    s = DossierStore(":memory:")
    table = generate(3000, seed=7, units=5, procedures=40)
    insert_rows(s, table)
    path = tmp_path_factory.mktemp("spark") / "dossiers.parquet"
    s.con.execute(f"COPY dossiers TO '{path}' (FORMAT parquet)")
    spark.read.parquet(str(path)).createOrReplaceTempView("dossiers")
    yield s
    spark.catalog.dropTempView("dossiers")
    s.close()


def _norm(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted((r[0], r[1], r[2], *(int(v or 0) for v in r[3:])) for r in rows)


def test_timestamps_stay_naive_wall_clock_times(spark: Any, store: DossierStore) -> None:
    types = dict(spark.table("dossiers").dtypes)
    assert all(types[c] == "timestamp_ntz" for c in TIMES), types
    sql = f"SELECT dossier_code, {', '.join(TIMES)} FROM dossiers ORDER BY dossier_code"
    duck = store.con.execute(sql).fetchall()
    assert len(duck) == 3000
    assert [tuple(r) for r in spark.sql(sql).collect()] == duck
    # Parameters bind as the same wall-clock time inside Spark, although pytest-django has set this
    # process's TZ to Asia/Ho_Chi_Minh (a zoned TIMESTAMP parameter would read 2025-12-31 17:00 in UTC).
    moment = datetime(2026, 1, 1, 0, 0, 0, 1)
    got = spark_executor(spark)("SELECT :t, CAST(:t AS STRING), typeof(:t)", {"t": moment})
    assert got == [(moment, "2026-01-01 00:00:00.000001", "timestamp_ntz")]


@pytest.mark.parametrize(
    "kwargs",
    [
        pytest.param({"period": "2025", "grain": "month"}, id="2025-by-month"),
        pytest.param({"period": "2026", "grain": "month"}, id="2026-by-month-open"),  # cutoff = as_of
        pytest.param({"period": "2024", "grain": "quarter"}, id="2024-by-quarter"),
        pytest.param({"grain": "year"}, id="all-time-by-year"),
        pytest.param({"period": "2025-Q3", "by_procedure": True}, id="Q3-by-procedure"),
        pytest.param({"period": "2024-02-01..2024-02-29", "unit": "DV1"}, id="range-one-unit"),
        pytest.param(  # onto today's tree: DV0 and DV1 merged (cchc.analytics.unitmap)
            {"period": "2025", "grain": "month", "unit_map": {"DV0": "MOI", "DV1": "MOI"}}, id="merged"
        ),
        pytest.param(
            {"period": "2025-Q3", "unit": "MOI", "unit_map": {"DV0": "MOI", "DV1": "MOI"}}, id="merged-unit"
        ),
        # as the rollup stores closed periods: open dossiers judged at the period end
        pytest.param({"period": "2025", "grain": "quarter", "as_of": datetime(2200, 1, 1)}, id="closed"),
    ],
)
def test_same_sql_same_counts_on_spark_and_duckdb(spark: Any, store: DossierStore, kwargs: dict) -> None:
    kwargs = {"as_of": AS_OF, **kwargs}
    duck = count_rows(duckdb_executor(store), "duckdb", **kwargs)
    sparked = spark_count_rows(spark, **kwargs)
    assert duck and _norm(duck) == _norm(sparked), kwargs
    assert all(type(r[2]).__name__ == "date" for r in sparked)  # period_start comes back as a date


def test_spark_counts_score_like_the_duckdb_scorecard(spark: Any, store: DossierStore) -> None:
    kwargs: dict[str, Any] = {"period": "2025", "grain": "quarter", "as_of": AS_OF}
    duck = scorecard(store, use_rollup=False, **kwargs)
    sparked = spark_scorecard(spark, **kwargs)
    assert len(duck) == len(sparked) == 20  # 5 units × 4 quarters
    key = lambda r: (r.unit, r.period)  # noqa: E731
    assert [(key(r), r.card.total) for r in sorted(duck, key=key)] == [
        (key(r), r.card.total) for r in sorted(sparked, key=key)
    ]
    assert sorted(duck, key=key) == sorted(sparked, key=key)  # counts and every indicator too


def test_fractions_of_a_second_count_as_in_duckdb(spark: Any, tmp_path: Path) -> None:
    """Why EPOCH becomes unix_micros and not unix_timestamp: the latter drops the fraction of a second."""
    s = DossierStore(":memory:")
    s.con.execute(
        """INSERT INTO dossiers (dossier_code, unit_code, procedure_code, received_at, due_at, finished_at)
        VALUES ('A', 'U', 'P', TIMESTAMP '2026-03-02 08:00:00', TIMESTAMP '2026-03-05 10:00:00',
                TIMESTAMP '2026-03-05 10:00:00.3'),
               ('B', 'U', 'P', TIMESTAMP '2026-03-02 08:00:00', TIMESTAMP '2026-03-05 10:00:00', NULL),
               ('C', 'U', 'P', TIMESTAMP '2026-03-02 08:00:00', TIMESTAMP '2026-03-05 10:00:00',
                TIMESTAMP '2026-03-05 10:00:00')"""
    )  # A finished 0.3 s late; B still open at as_of, so it ends at as_of − 1 s = due + 0.5 s; C on time
    path = tmp_path / "edge.parquet"
    s.con.execute(f"COPY dossiers TO '{path}' (FORMAT parquet)")
    spark.read.parquet(str(path)).createOrReplaceTempView("edge_dossiers")
    as_of = datetime(2026, 3, 5, 10, 0, 1, 500_000)
    params = {"start": datetime(2026, 3, 1), "end": datetime(2026, 4, 1), "as_of": as_of, "dislike_rating": 2}
    portable = counts_sql("month", unit_filter=False, by_procedure=False, table="edge_dossiers")
    on_time = 6  # column index of on_time in the count rows
    try:
        s.con.execute("CREATE VIEW edge_dossiers AS SELECT * FROM dossiers")
        duck = duckdb_executor(s)(bind(portable, "duckdb"), params)
        sparked = spark_executor(spark)(to_spark_sql(portable), params)
        seconds = to_spark_sql(portable).replace("unix_micros(", "unix_timestamp(").replace("/ 1000000", "")
        floor = spark_executor(spark)(seconds, params)
    finally:
        spark.catalog.dropTempView("edge_dossiers")
        s.close()
    assert duck[0][on_time] == sparked[0][on_time] == 1
    assert floor[0][on_time] == 3  # whole seconds would call A and B on time


def test_session_without_utc_naive_timestamps_is_refused(spark: Any) -> None:
    spark.conf.set("spark.sql.session.timeZone", "Asia/Ho_Chi_Minh")
    try:
        with pytest.raises(ValueError, match="TIMESTAMP_NTZ"):
            spark_executor(spark)("SELECT 1", {})
    finally:
        spark.conf.set("spark.sql.session.timeZone", "UTC")
