"""The one way to write a DuckDB transaction by hand: ``with transaction(con): …``.

DuckDB keeps an explicit ``BEGIN`` open until ``COMMIT`` or ``ROLLBACK``. A bare ``BEGIN … COMMIT`` that
raises in between leaves the transaction open on the connection, and the next statement on it (often
the next ``BEGIN``) then fails or commits half of the earlier work. Every hand-written transaction of
the store (rollup, importer, calendar) goes through this context manager instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

import duckdb


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """``BEGIN``; ``COMMIT`` when the block ends normally, ``ROLLBACK`` when it raises (then re-raise).

    A failed ``COMMIT`` is rolled back too. The rollback's own failure (e.g. DuckDB already aborted the
    transaction) is ignored so that the original error is the one reported.
    """
    con.execute("BEGIN")
    try:
        yield con
        con.execute("COMMIT")
    except BaseException:
        with suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
