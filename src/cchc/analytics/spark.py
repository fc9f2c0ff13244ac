"""The portable indicator SQL (:mod:`cchc.analytics.sql`) on Apache Spark SQL, through PySpark.

The text of :func:`cchc.analytics.sql.counts_sql` runs on Spark with two rewrites (:func:`to_spark_sql`):

- ``EXTRACT(EPOCH FROM x)`` → ``(unix_micros(CAST(x AS TIMESTAMP_NTZ)) / 1000000)``: Spark has no EPOCH
  field. ``unix_timestamp(x)`` would drop the fractional second (DuckDB and PostgreSQL keep it), and an
  open dossier ends at ``as_of − 1 s`` with ``as_of`` usually carrying microseconds, so a dossier 0.5 s
  past its due time would count as on time. The cast keeps the epoch a wall-clock one whatever the type
  of ``x`` (``DATE_TRUNC`` returns Spark's zoned TIMESTAMP even for TIMESTAMP_NTZ input).
- ``VARCHAR`` without a length → ``STRING`` (Spark rejects a bare ``VARCHAR``).

The ``:name`` placeholders are Spark's own named parameter markers (Spark ≥ 3.4), so they stay as they are
and the values go in ``spark.sql(text, args=…)``. Everything else (``DATE_TRUNC``, ``INTERVAL '1 month'``,
``LEAST``, ``CASE``, ``COUNT(*) FILTER (WHERE …)``, ``BOOL_OR``, ``CAST``, ``COALESCE``) runs unchanged.

Timestamps are naive wall-clock times, as in the DuckDB store: the session must use the time zone UTC
and ``spark.sql.timestampType=TIMESTAMP_NTZ`` (:data:`SPARK_CONF`, set by :func:`configure`); the executor
refuses a session without them. PySpark is imported lazily: the package imports without it
(it is a dev dependency; on a cluster it comes with Spark). docs/distributed.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cchc.analytics.periods import Grain, Period
from cchc.analytics.scorecard import Executor, count_query, resolve
from cchc.analytics.scoring import ScoreRow, score_rows

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

    from cchc.domain.index766 import Index766Params

SPARK_CONF = {"spark.sql.session.timeZone": "UTC", "spark.sql.timestampType": "TIMESTAMP_NTZ"}
_UTC_NAMES = {"UTC", "ETC/UTC", "GMT", "Z", "+00:00"}

_STRING_LITERAL = re.compile(r"'(?:[^']|'')*'")
_EPOCH = re.compile(r"\bEXTRACT\s*\(\s*EPOCH\s+FROM\s+", re.IGNORECASE)
_BARE_VARCHAR = re.compile(r"\bVARCHAR\b(?!\s*\()", re.IGNORECASE)


def _literal_spans(sql: str) -> list[tuple[int, int]]:
    return [m.span() for m in _STRING_LITERAL.finditer(sql)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _closing_paren(sql: str, start: int, spans: list[tuple[int, int]]) -> int:
    """Index of the ``)`` closing the parenthesis opened just before ``start`` (string literals skipped)."""
    depth = 1
    for i in range(start, len(sql)):
        if _inside(i, spans):
            continue
        if sql[i] == "(":
            depth += 1
        elif sql[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("EXTRACT(EPOCH FROM …) không đóng ngoặc / unbalanced parentheses")


def _rewrite_epoch(sql: str) -> str:
    while True:
        spans = _literal_spans(sql)
        m = next((m for m in _EPOCH.finditer(sql) if not _inside(m.start(), spans)), None)
        if m is None:
            return sql
        close = _closing_paren(sql, m.end(), spans)
        inner = _rewrite_epoch(sql[m.end() : close])  # (nested EXTRACTs, should there ever be any)
        sql = f"{sql[: m.start()]}(unix_micros(CAST({inner} AS TIMESTAMP_NTZ)) / 1000000){sql[close + 1 :]}"


def to_spark_sql(sql: str) -> str:
    """The portable text (``:name`` placeholders, unbound) as Spark SQL; string literals are left alone."""
    sql = _rewrite_epoch(sql)
    parts: list[str] = []
    last = 0
    for a, b in _literal_spans(sql):
        parts += [_BARE_VARCHAR.sub("STRING", sql[last:a]), sql[a:b]]
        last = b
    parts.append(_BARE_VARCHAR.sub("STRING", sql[last:]))
    return "".join(parts)


def configure(spark: SparkSession) -> None:
    """Set :data:`SPARK_CONF` on a session (both are runtime SQL settings)."""
    for key, value in SPARK_CONF.items():
        spark.conf.set(key, value)


def check_session(spark: SparkSession) -> None:
    """Raise unless timestamps are read and bound as naive wall-clock times (see module docstring)."""
    tz = str(spark.conf.get("spark.sql.session.timeZone"))
    ts = str(spark.conf.get("spark.sql.timestampType", "TIMESTAMP_LTZ"))
    if tz.upper() not in _UTC_NAMES or ts.upper() != "TIMESTAMP_NTZ":
        raise ValueError(
            "Phiên Spark phải đặt spark.sql.session.timeZone=UTC và spark.sql.timestampType=TIMESTAMP_NTZ "
            f"(gọi cchc.analytics.spark.configure); đang là {tz!r}, {ts!r}"
        )


def local_session(
    *, cores: int = 2, app_name: str = "cchc", conf: Mapping[str, str] | None = None
) -> SparkSession:
    """A local-mode session (tests, a laptop): no UI, few shuffle partitions, :data:`SPARK_CONF` set.

    ``conf`` adds or overrides settings (``{"spark.driver.memory": "2g"}``).
    """
    from pyspark.sql import SparkSession

    builder = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", str(2 * cores))
        .config("spark.driver.memory", "1g")
    )
    for key, value in {**SPARK_CONF, **(conf or {})}.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    configure(spark)  # (getOrCreate may return a running session that ignored the builder's settings)
    return spark


def spark_executor(spark: SparkSession) -> Executor:
    """``(spark_sql, params) -> rows`` over ``spark.sql``; binds only the ``:name`` markers the text uses."""

    def run(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        check_session(spark)
        used = {k: v for k, v in params.items() if re.search(rf"(?<![:\w]):{k}\b", sql)}
        return [tuple(r) for r in spark.sql(sql, args=used).collect()]

    return run


def spark_count_rows(
    spark: SparkSession,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    grain: Grain | None = None,
    by_procedure: bool = False,
    as_of: datetime | None = None,
    unit_map: Mapping[str, str] | None = None,
) -> list[tuple[Any, ...]]:
    """Rows (unit, procedure, period_start, *COUNT_COLUMNS) of the ``dossiers`` table or view on Spark.

    The text and values of :func:`cchc.analytics.scorecard.count_rows`
    (:func:`~cchc.analytics.scorecard.count_query` left unbound), run through :func:`to_spark_sql`;
    ``unit_map``: onto today's tree (:mod:`cchc.analytics.unitmap`).
    """
    text, params = count_query(
        None,
        unit=unit,
        period=period,
        grain=grain,
        by_procedure=by_procedure,
        as_of=as_of,
        unit_map=unit_map,
    )
    return spark_executor(spark)(to_spark_sql(text), params)


def spark_scorecard(
    spark: SparkSession,
    *,
    unit: str | None = None,
    period: Period | str | None = None,
    grain: Grain | None = None,
    by_procedure: bool = False,
    params: Index766Params | None = None,
    as_of: datetime | None = None,
) -> list[ScoreRow]:
    """Counts aggregated on Spark, scored on the driver with numpy (``score_rows`` → ``score_many``).

    Equals :func:`cchc.analytics.scorecard.scorecard` with ``use_rollup=False`` on the same rows.
    """
    p, g = resolve(period, grain)
    rows = spark_count_rows(spark, unit=unit, period=p, grain=g, by_procedure=by_procedure, as_of=as_of)
    return score_rows(rows, p, g, params)
