"""The channel counts (cchc.analytics.channels) give the same rows on PostgreSQL as on DuckDB."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from cchc.analytics.channels import channel_counts
from cchc.analytics.store import DossierStore, dossiers_ddl
from cchc.analytics.synthetic import generate

from .conftest import insert_rows

pytest.importorskip("psycopg")
pytestmark = pytest.mark.postgres


def test_same_channel_counts_on_postgres_and_duckdb(pg: Any) -> None:
    store = DossierStore(":memory:")
    cols = insert_rows(store, generate(2000, seed=5, units=4, procedures=12))
    rows = store.con.execute(f"SELECT source, {', '.join(cols)} FROM dossiers").fetchall()
    pg.execute(dossiers_ddl())
    with pg.cursor().copy(f"COPY dossiers (source, {', '.join(cols)}) FROM STDIN") as copy:
        for r in rows:
            copy.write_row(r)
    for kwargs in (
        {},
        {"unit_codes": ["DV1", "DV2"]},
        {"unit_codes": ["DV0", "DV1", "DV3"], "unit_map": {"DV0": "MOI", "DV1": "MOI"}},
        {"procedure": "1.003"},
    ):
        span = {"start": date(2025, 1, 1), "end": date(2026, 1, 1)}
        duck = channel_counts(store.con, **span, **kwargs)  # type: ignore[arg-type]
        post = channel_counts(pg, dialect="postgres", **span, **kwargs)  # type: ignore[arg-type]
        assert duck and sorted(duck, key=str) == sorted(post, key=str), kwargs
