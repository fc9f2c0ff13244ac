"""The indicator SQL gives identical counts on PostgreSQL and DuckDB (same text, two dialect bindings)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from cchc.analytics.indicators import count_rows, duckdb_executor
from cchc.analytics.store import DossierStore, dossiers_ddl
from cchc.analytics.synthetic import generate

from .conftest import insert_rows

pytest.importorskip("psycopg")
pytestmark = pytest.mark.postgres
AS_OF = datetime(2026, 6, 1)


def test_same_sql_same_counts_on_postgres_and_duckdb(pg: Any) -> None:
    store = DossierStore(":memory:")
    table = generate(3000, seed=7, units=5, procedures=40)
    cols = insert_rows(store, table)
    rows = store.con.execute(f"SELECT source, {', '.join(cols)} FROM dossiers").fetchall()
    pg.execute(dossiers_ddl())
    with pg.cursor().copy(f"COPY dossiers (source, {', '.join(cols)}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row(r)

    def pg_run(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
        return pg.execute(sql, params).fetchall()

    def norm(rs: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return sorted((r[0], r[1], r[2], *(int(v or 0) for v in r[3:])) for r in rs)

    for kwargs in (
        {"period": "2025", "grain": "month"},
        {"period": "2025-Q3", "by_procedure": True},
        {"period": "2024-02-01..2024-02-29", "unit": "DV1"},
        # read onto today's tree: DV0 and DV1 merged into MOI (cchc.analytics.unitmap), same join on both
        {"period": "2025", "grain": "month", "unit_map": {"DV0": "MOI", "DV1": "MOI"}},
        {"period": "2025-Q3", "unit": "MOI", "unit_map": {"DV0": "MOI", "DV1": "MOI"}},
    ):
        duck = count_rows(duckdb_executor(store), "duckdb", as_of=AS_OF, **kwargs)  # type: ignore[arg-type]
        post = count_rows(pg_run, "postgres", as_of=AS_OF, **kwargs)  # type: ignore[arg-type]
        assert duck and norm(duck) == norm(post), kwargs
