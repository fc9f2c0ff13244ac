"""Pages never wait for an import: while another process imports into the store (holding DuckDB's
file lock), the dashboard, the scorecard, the home page and the scorecard API answer 200 with the last
committed figures; once the import commits, with the new ones (issue 16)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from cchc.analytics import snapshot
from cchc.analytics.indicators import scorecard
from cchc.analytics.store import DossierStore

from .conftest import DL, write_csv

# A second export of the Du lịch unit: K2 now finished on time, and new dossiers in March and April.
SECOND = [
    f"K2,P1,{DL},2,02/03/2026 08:00,05/03/2026 17:00,04/03/2026 16:00,0,0,,,,Có,Không,Không,Không",
    *(
        f"N{i},P2,{DL},1,1{i % 9}/03/2026 08:00,2{i % 9}/03/2026 17:00,,0,0,,,,Có,Không,Không,Không"
        for i in range(30)
    ),
    f"M1,P1,{DL},2,02/04/2026 08:00,05/04/2026 17:00,04/04/2026 16:00,0,0,,,,Có,Không,Không,Không",
]

PAGES = ["/ho-so/", "/ho-so/chi-so-766/", "/ho-so/chi-so-766/?period=03/2026", "/"]


def _api(client) -> list[dict]:  # type: ignore[no-untyped-def]
    response = client.get("/api/dossiers/scorecard", {"period": "2026-03"})
    assert response.status_code == 200, response.content[:300]
    return sorted(
        ((r["unit"], r["counts"]["received"], r["counts"]["on_time"], r["total"]) for r in response.json()),
        key=str,
    )


def _from_store(path: Path) -> list[tuple]:
    """The same figures computed from the store's rows (no rollup, no snapshot), once no import runs."""
    with DossierStore(path) as store:
        rows = scorecard(store, period="2026-03", as_of=datetime.now(), use_rollup=False)
    return sorted(
        ((r.unit, r.counts["received"], r.counts["on_time"], r.card.total) for r in rows),
        key=str,
    )


def _start_import(path: Path, csv: Path, ready: Path, go: Path) -> subprocess.Popen:
    """A real import (cchc.analytics.importer) in another process that stops after its first chunk,
    holding the store, until ``go`` exists."""
    script = textwrap.dedent(
        f"""
        import time
        from pathlib import Path
        from cchc.analytics.importer import import_file
        from cchc.analytics.store import DossierStore

        def progress(done, total):
            Path({str(ready)!r}).touch()
            deadline = time.monotonic() + 120
            while not Path({str(go)!r}).exists() and time.monotonic() < deadline:
                time.sleep(0.05)

        with DossierStore({str(path)!r}) as store:
            import_file(store, {str(csv)!r}, source="mot-cua", progress=progress, chunk_rows=5)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.Popen([sys.executable, "-c", script], env=env)


def test_pages_answer_from_the_last_commit_while_another_process_imports(
    client, login, loaded: Path, data_dir: Path
) -> None:
    login("giamdoc")
    before = _api(client)
    assert before
    csv = write_csv(data_dir / "second.csv", SECOND)
    ready, go = data_dir / "ready", data_dir / "go"
    importer = _start_import(loaded, csv, ready, go)
    try:
        deadline = time.monotonic() + 120
        while not ready.exists():
            assert importer.poll() is None, "the import ended before its first chunk"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        with pytest.raises(duckdb.IOException, match=r"(?i)lock"):
            duckdb.connect(str(loaded), read_only=True)  # the import holds the store
        snapshot.forget_anchors()  # as a fresh web process would: the snapshot file is opened now
        for url in PAGES:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "đang bận" not in response.content.decode()
        assert _api(client) == before  # the previous figures
    finally:
        go.touch()
        importer.wait(timeout=180)
    assert importer.returncode == 0
    after = _api(client)
    assert after != before
    assert after == _from_store(loaded)
    du_lich = next(r for r in after if r[0] == DL)
    assert du_lich[1] == 3 + 30  # K1–K3 and the 30 new March dossiers
