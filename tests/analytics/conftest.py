"""Small hand-made dossier files for the analytics tests."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cchc.analytics import rollup
from cchc.analytics.store import DossierStore, dossier_columns

HEADER = (
    "dossier_code,procedure_code,unit_code,channel,received_at,due_at,finished_at,supplement_count,"
    "supplement_days,max_processing_days,fee_amount,paid_online,attachments_digitised,result_required,"
    "e_result,complaint"
)
# Hand-computed in tests/analytics/test_indicators.py (March 2026, as of 15/04/2026).
ROWS = [
    'A,P1,U,2,02/03/2026 08:00,05/03/2026 17:00,05/03/2026 16:00,0,0,,"16.000.000",1,Có,Không,Không,Không',
    'B,P2,U,2,02/03/2026 09:00,05/03/2026 17:00,06/03/2026 09:00,0,0,,"50.000",0,Có,Không,Không,Có',
    "C,P3,U,2,03/03/2026 08:00,06/03/2026 17:00,10/03/2026 10:00,1,5,,0,0,Có,Có,Không,Không",
    "D,P3,U,1,03/03/2026 08:00,10/03/2026 17:00,04/03/2026 10:00,2,0,,,,Có,Có,Có,Không",
    "E,P3,U,1,04/03/2026 08:00,20/03/2026 17:00,,0,0,,,,Không,Không,Không,Không",
    "F,P3,U,1,30/03/2026 08:00,10/04/2026 17:00,,0,0,,,,Không,Không,Không,Không",
    "G,P3,U,1,31/03/2026 08:00,,,0,0,3,,,Không,Không,Không,Không",
    "H,P3,U,1,29/04/2026 08:00,,,0,0,2,,,Không,Không,Không,Không",
]


def write_csv(path: Path, rows: list[str], header: str = HEADER, encoding: str = "utf-8") -> Path:
    text = "\n".join([header, *rows]) + "\n"
    if encoding == "cp1258":
        path.write_bytes(_cp1258(text))
    else:
        path.write_text(text, encoding=encoding)
    return path


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letter (ơ, ư, â…) + combining tone mark."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", parts[:2])
            try:
                out += base.encode("cp1258") + parts[2:].encode("cp1258")
            except UnicodeEncodeError:
                out += parts[0].encode("cp1258") + parts[1:].encode("cp1258")
    return bytes(out)


@pytest.fixture
def store() -> DossierStore:
    s = DossierStore(":memory:")
    yield s  # type: ignore[misc]
    s.close()


@pytest.fixture
def pg() -> Iterator[Any]:
    """A PostgreSQL connection inside one transaction, on a schema of its own (search_path): the tests that
    compare DuckDB with PostgreSQL leave nothing behind. Skipped when PostgreSQL cannot be reached."""
    psycopg = pytest.importorskip("psycopg")
    try:
        conn = psycopg.connect("host=127.0.0.1 port=5432 user=postgres dbname=test", connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL 127.0.0.1:5432 không truy cập được: {exc}")
    schema = f"cchc_test_{uuid.uuid4().hex[:8]}"
    conn.execute(f"CREATE SCHEMA {schema}")
    conn.execute(f"SET search_path TO {schema}")
    yield conn
    conn.rollback()  # the schema and its data live in one transaction: nothing is left behind
    conn.close()


@pytest.fixture
def sample_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "hoso.csv", ROWS)


def insert_rows(store: DossierStore, table: object, source: str = "gen") -> list[str]:
    """Put a synthetic Arrow table straight into ``dossiers`` (no import, no validation) and rebuild the
    rollup, as an import would keep it; returns the columns written."""
    cols = [n for n, _ in dossier_columns() if n in table.column_names]  # type: ignore[attr-defined]
    store.con.register("_gen", table)
    names = ", ".join(cols)
    store.con.execute(f"INSERT INTO dossiers (source, {names}) SELECT '{source}', {names} FROM _gen")
    store.con.unregister("_gen")
    rollup.rebuild(store.con)
    return cols
