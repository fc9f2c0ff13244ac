"""The REAL worker (`cchc worker`, a separate process) watches a feed's drop folder: a file copied there is
imported and appears on the dossier dashboard with nobody clicking; a second copy of the same file changes
nothing. Two workers run at once: one scanner at a time (the lease), each file taken once.

How the workers reach the test database on SQLite and PostgreSQL: tests/apps/worker.py."""

from __future__ import annotations

import shutil
import signal

import pytest
from django.urls import reverse

from cchc.analytics.store import DossierStore
from cchc.apps.dossiers import feeds, services
from cchc.apps.dossiers.models import FeedFile, ImportJob

from ..worker import workers
from .conftest import HEADER, ROWS

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_file_dropped_in_the_folder_reaches_the_dashboard_and_a_second_drop_changes_nothing(
    client, login, cast, units, settings, data_dir
):
    settings.DOSSIERS_FEEDS_DIR = ""
    feed = services.save_feed(user=cast["vanphong"], source="mot-cua", unit=units["VP"])
    folder = feeds.folder_of(feed)
    source = data_dir / "xuat-tu-phan-mem.csv"
    source.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")

    with workers(data_dir, CCHC_DOSSIERS_FEED_SCAN_SECONDS="0.3") as pool:
        pool.start()
        pool.start()  # a second worker: both watch, one scans at a time
        shutil.copy(source, folder / "hoso-thang3.csv.part")  # the vendor writes, then renames
        (folder / "hoso-thang3.csv.part").rename(folder / "hoso-thang3.csv")
        pool.wait(
            "the import of the dropped file",
            lambda: pool.query("SELECT status FROM dossiers_importjob WHERE status = 'done'"),
            timeout=90,
        )
        pool.wait(
            "the file in done/",
            lambda: (folder / "done").is_dir() and any((folder / "done").iterdir()),
            timeout=30,
        )
        shutil.copy(source, folder / "hoso-thang3-gui-lai.csv")  # the same export again
        pool.wait(
            "the second drop recorded",
            lambda: pool.query("SELECT status FROM dossiers_feedfile WHERE status = 'duplicate'"),
            timeout=60,
        )

    files = {f.name: f for f in FeedFile.objects.all()}
    assert set(files) == {"hoso-thang3.csv", "hoso-thang3-gui-lai.csv"}
    assert files["hoso-thang3-gui-lai.csv"].duplicate_of_id == files["hoso-thang3.csv"].pk
    job = ImportJob.objects.get()  # one import, none for the second drop
    assert (job.status, job.imported, job.rows_total, job.attempts) == ("done", len(ROWS), len(ROWS), 1)
    with DossierStore(data_dir / "analytics.duckdb") as store:
        assert store.con.execute("SELECT count(*) FROM dossiers").fetchone() == (len(ROWS),)
        assert store.con.execute("SELECT count(*) FROM import_jobs").fetchone() == (1,)
    assert not any(p.is_file() for p in folder.iterdir())  # nothing left in the drop folder

    login("vanphong")  # nobody clicked anything: the dashboard shows the import
    html = client.get(reverse("dossiers:dashboard")).content.decode()
    assert 'data-feed="mot-cua"' in html and reverse("dossiers:import_detail", args=[job.pk]) in html
    assert "Hoàn thành" in html and "hoso-thang3.csv" in html


@pytest.mark.crash
def test_a_worker_killed_in_the_middle_of_a_feed_import_is_continued_by_the_next(
    cast, units, settings, data_dir
):
    """kill -9 of the worker at an import chunk (``CCHC_JOB_FAILPOINTS``, cchc.apps.core.failpoints): the next
    worker takes the job back after the lease, continues the store's job (loading the file again), and the file still
    ends in done/ — one import, every row once."""
    settings.DOSSIERS_FEEDS_DIR = ""
    feed = services.save_feed(user=cast["vanphong"], source="mot-cua", unit=units["VP"])
    folder = feeds.folder_of(feed)
    env = {
        "CCHC_DOSSIERS_FEED_SCAN_SECONDS": "0.3",
        "CCHC_JOB_LEASE_SECONDS": "3",
        "CCHC_DOSSIERS_IMPORT_CHUNK_ROWS": "3",
        "CCHC_JOB_FAILPOINTS": "dossiers.import.chunk",
    }
    with workers(data_dir, **env) as pool:
        first = pool.start()
        (folder / "hoso.csv").write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
        marker = data_dir / "failpoints" / "dossiers.import.chunk"
        pool.wait("the first worker stopped mid-import", marker.exists, timeout=90)
        first.send_signal(signal.SIGKILL)
        first.wait()
        pool.start()
        pool.wait(
            "the import finished by the second worker",
            lambda: pool.query("SELECT attempts FROM dossiers_importjob WHERE status = 'done'"),
            timeout=120,
        )
        pool.wait("the file in done/", lambda: any((folder / "done").iterdir()), timeout=60)

    job = ImportJob.objects.get()
    assert (job.status, job.imported, job.attempts) == ("done", len(ROWS), 2), job.error
    assert FeedFile.objects.get().status == "queued" and FeedFile.objects.get().job == job
    with DossierStore(data_dir / "analytics.duckdb") as store:
        assert store.con.execute("SELECT count(*) FROM dossiers").fetchone() == (len(ROWS),)
        assert store.con.execute("SELECT count(*) FROM import_jobs").fetchone() == (1,)
