"""The dossier store keeps a source file's path relative to its own folder, so a copied folder resumes."""

from __future__ import annotations

import shutil

from cchc.analytics.importer import import_file, resume_import
from cchc.analytics.store import DossierStore
from cchc.analytics.synthetic import generate, write


def test_an_interrupted_import_resumes_after_the_folder_moved(tmp_path):
    old = tmp_path / "old"
    src = write(generate(200, seed=3), old / "uploads" / "a.parquet")
    with DossierStore(old / "analytics.duckdb") as store:
        assert store.stored_path(src) == "uploads/a.parquet"
        assert store.stored_path("/etc/x.csv") == "/etc/x.csv"

        def stop(done: int, total: int) -> None:
            raise KeyboardInterrupt

        try:
            import_file(store, src, source="t", progress=stop, chunk_rows=50)
        except KeyboardInterrupt:
            pass
        row = store.con.execute("SELECT job_id, path, status FROM import_jobs").fetchone()
    assert row[1] == "uploads/a.parquet" and row[2] != "committed"
    shutil.move(old, tmp_path / "new")
    with DossierStore(tmp_path / "new" / "analytics.duckdb") as store:
        res = resume_import(store, row[0])
        assert res.total_rows == 200 and store.count("t") > 0
