"""The continuous feed in the application (the worker's scan called directly, the import task run
synchronously): a dropped file becomes an import and shows on the dashboard; the same file dropped again
changes nothing; an overlapping export upserts; a file the saved profile does not decide waits at the
column-mapping step; a quiet feed alerts its people once per quiet spell; folders stay confined.

The real worker process watching the folder: test_feed_worker.py."""

from __future__ import annotations

import shutil
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from cchc.analytics.store import DossierStore
from cchc.apps.core.datapaths import resolve
from cchc.apps.directives.models import Notification
from cchc.apps.dossiers import feeds, jobs, services
from cchc.apps.dossiers.models import Feed, FeedAlert, FeedAlertMail, FeedFile, ImportJob

from .conftest import HEADER, ROWS, VH

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed_env(settings, data_dir):
    settings.DOSSIERS_FEEDS_DIR = ""
    settings.DOSSIERS_FEED_SCAN_SECONDS = 0.1  # two scans 0.05 s apart see a file complete
    return data_dir


@pytest.fixture
def feed(feed_env, cast, units) -> Feed:
    return services.save_feed(user=cast["vanphong"], source="mot-cua", unit=units["VP"])


def folder(feed: Feed) -> Path:
    return feeds.folder_of(feed)


def drop(feed: Feed, name: str, rows: list[str], header: str = HEADER) -> Path:
    path = folder(feed) / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def scan_twice() -> feeds.ScanReport:
    first = feeds.scan_feeds()
    assert first is not None
    time.sleep(0.06)
    report = feeds.scan_feeds()
    assert report is not None
    return report


def run_queued() -> None:
    for job in ImportJob.objects.filter(status="queued"):
        jobs.run_import.call(job_id=job.pk)


def store_rows(data_dir: Path) -> list[tuple]:
    with DossierStore(data_dir / "analytics.duckdb") as store:
        return store.con.execute(
            "SELECT dossier_code, finished_at FROM dossiers WHERE source = 'mot-cua' ORDER BY 1"
        ).fetchall()


def test_a_dropped_file_is_imported_and_shown_on_the_dashboard(client, login, feed, feed_env):
    login("vanphong")
    assert (folder(feed) / "processing").is_dir() and folder(feed) == feed_env / "feeds" / "mot-cua"
    drop(feed, "hoso-thang3.csv", ROWS)
    first = feeds.scan_feeds()
    assert first is not None and first.waiting == 1 and not FeedFile.objects.exists()  # seen once: wait
    time.sleep(0.06)
    feeds.scan_feeds()
    ff = FeedFile.objects.get()
    assert ff.status == "queued" and ff.job is not None and len(ff.sha256) == 64
    assert not (folder(feed) / "hoso-thang3.csv").exists() and resolve(ff.path).parent.name == "processing"
    job = ff.job
    assert job.status == "queued" and job.task_id is not None and job.source == "mot-cua"
    assert DBTaskResult.objects.filter(pk=job.task_id).exists()  # queued in the same transaction

    run_queued()
    feeds.scan_feeds()  # the next scan puts the file in done/
    ff.refresh_from_db()
    job.refresh_from_db()
    assert (job.status, job.imported, job.rows_total) == ("done", len(ROWS), len(ROWS)), job.error
    assert resolve(ff.path).parent.name == "done" and resolve(ff.path).is_file()
    assert resolve(job.file_path) == resolve(ff.path)
    feed.refresh_from_db()
    assert feed.last_file_at is not None and feed.last_scan_at is not None and feed.scan_error == ""

    html = client.get(reverse("dossiers:dashboard")).content.decode()
    assert 'id="feed-status"' in html and 'data-feed="mot-cua"' in html
    assert reverse("dossiers:import_detail", args=[job.pk]) in html and "hoso-thang3.csv" in html
    assert timezone.localtime(job.created_at).strftime("%d/%m/%Y %H:%M") in html
    assert "Hoàn thành" in html


def test_the_same_file_dropped_again_changes_nothing(client, login, feed, feed_env):
    login("vanphong")
    drop(feed, "hoso.csv", ROWS)
    scan_twice()
    run_queued()
    feeds.scan_feeds()
    before = (store_rows(feed_env), ImportJob.objects.count(), DBTaskResult.objects.count())
    dashboard = client.get(reverse("dossiers:dashboard")).content.decode()

    shutil.copy(resolve(FeedFile.objects.get().path), folder(feed) / "hoso-gui-lai.csv")
    scan_twice()
    again = FeedFile.objects.get(name="hoso-gui-lai.csv")
    first = FeedFile.objects.get(name="hoso.csv")
    assert again.status == "duplicate" and again.duplicate_of == first and again.job is None
    assert "Cùng nội dung với tệp “hoso.csv”" in again.reason
    assert resolve(again.path).parent.name == "done" and not (folder(feed) / "hoso-gui-lai.csv").exists()
    assert (store_rows(feed_env), ImportJob.objects.count(), DBTaskResult.objects.count()) == before
    page = client.get(reverse("dossiers:feed_detail", args=[feed.pk])).content.decode()
    assert "Đã nhập trước đây" in page
    after = client.get(reverse("dossiers:dashboard")).content.decode()
    assert after.count(reverse("dossiers:import_detail", args=[first.job_id])) == dashboard.count(
        reverse("dossiers:import_detail", args=[first.job_id])
    )


def test_an_overlapping_later_export_updates_rows_without_duplicating(feed, feed_env):
    drop(feed, "thang3-a.csv", ROWS)
    scan_twice()
    run_queued()
    # The next export repeats A and B (B now finished a day later) and adds Z.
    later = [
        ROWS[0],
        ROWS[1].replace("06/03/2026 09:00", "07/03/2026 09:00"),
        f"Z,P1,{VH},2,20/03/2026 08:00,25/03/2026 17:00,,0,0,,,,Có,Không,Không,Không",
    ]
    drop(feed, "thang3-b.csv", later)
    scan_twice()
    run_queued()
    job = FeedFile.objects.get(name="thang3-b.csv").job
    assert (job.status, job.imported, job.updated) == ("done", 1, 2), job.error
    rows = dict(store_rows(feed_env))
    assert len(rows) == len(ROWS) + 1 and "Z" in rows
    assert rows["B"].day == 7


def test_a_file_the_profile_does_not_decide_waits_for_a_mapping(client, login, feed, feed_env):
    login("vanphong")
    header = HEADER.replace("dossier_code", "So ho so noi bo")  # a required field no profile names
    drop(feed, "hoso-moi.csv", ROWS[:3], header=header)
    scan_twice()
    ff = FeedFile.objects.get()
    assert ff.status == "needs_mapping" and ff.job is None and not ImportJob.objects.exists()
    assert "Cần ghép cột" in ff.reason and "Chưa nhập dòng nào" in ff.reason
    assert not (feed_env / "analytics.duckdb").exists() or store_rows(feed_env) == []
    html = client.get(reverse("dossiers:dashboard")).content.decode()
    assert "Cần ghép cột" in html and f"#file-{ff.pk}" in html
    page = client.get(reverse("dossiers:feed_detail", args=[feed.pk])).content.decode()
    assert reverse("dossiers:feed_file_map", args=[ff.pk]) in page

    # The coordinator maps the column and saves the mapping as the source's profile.
    resp = client.post(reverse("dossiers:feed_file_map", args=[ff.pk]))
    assert resp.status_code == 302 and resp["Location"] == reverse("dossiers:import_preview")
    preview = client.get(resp["Location"]).content.decode()
    assert "So ho so noi bo" in preview
    columns = header.split(",")
    body = {f"col_{i}": ("dossier_code" if c == "So ho so noi bo" else c) for i, c in enumerate(columns)}
    resp = client.post(reverse("dossiers:import_preview"), {**body, "save_profile": "1", "import": "1"})
    ff.refresh_from_db()
    assert ff.status == "queued" and ff.job is not None
    assert resp["Location"] == reverse("dossiers:import_detail", args=[ff.job.pk])
    run_queued()
    ff.job.refresh_from_db()
    assert (ff.job.status, ff.job.imported) == ("done", 3), ff.job.error

    # The next file of that layout is imported with no question.
    drop(feed, "hoso-moi-2.csv", ROWS[3:6], header=header)
    scan_twice()
    nxt = FeedFile.objects.get(name="hoso-moi-2.csv")
    assert nxt.status == "queued" and nxt.job is not None


def test_files_waiting_for_a_mapping_are_taken_once_a_profile_is_saved(cast, feed, feed_env):
    header = HEADER.replace("dossier_code", "So ho so noi bo")
    drop(feed, "a.csv", ROWS[:2], header=header)
    scan_twice()
    assert FeedFile.objects.get().status == "needs_mapping"
    mapping = {c: ("dossier_code" if c == "So ho so noi bo" else c) for c in header.split(",")}
    services.save_column_profile(user=cast["motcua"], source="mot-cua", mapping=mapping)
    feeds.scan_feeds()
    ff = FeedFile.objects.get()
    assert ff.status == "queued" and ff.job is not None


def test_partial_names_are_left_and_other_files_refused_with_the_reason(feed, feed_env):
    drop(feed, "hoso.csv.part", ROWS)
    (folder(feed) / "~$hoso.xlsx").write_bytes(b"lock")
    (folder(feed) / "bao-cao.pdf").write_bytes(b"%PDF-1.4")
    (folder(feed) / "rong.csv").write_bytes(b"")
    scan_twice()
    assert (folder(feed) / "hoso.csv.part").exists() and (folder(feed) / "~$hoso.xlsx").exists()
    refused = {f.name: f for f in FeedFile.objects.all()}
    assert set(refused) == {"bao-cao.pdf", "rong.csv"} and not ImportJob.objects.exists()
    pdf = refused["bao-cao.pdf"]
    assert pdf.status == "refused" and "CSV, XLSX hoặc JSON" in pdf.reason
    assert resolve(pdf.path).parent.name == "failed"
    reason = resolve(pdf.path).with_name(resolve(pdf.path).name + ".ly-do.txt")
    assert "CSV, XLSX hoặc JSON" in reason.read_text(encoding="utf-8")
    assert "rỗng" in refused["rong.csv"].reason


def test_a_failed_import_goes_to_failed_with_the_reason(feed, feed_env):
    (folder(feed) / "hong.csv").write_bytes(b"dossier_code,unit_code\n\xff\xfe\x00bad\n")
    scan_twice()
    run_queued()
    feeds.scan_feeds()
    ff = FeedFile.objects.get()
    assert ff.job.status == "failed" and ff.job.error
    here = resolve(ff.path)
    assert here.parent.name == "failed" and resolve(ff.job.file_path) == here
    assert here.with_name(here.name + ".ly-do.txt").read_text(encoding="utf-8").strip() == ff.job.error


def test_a_scanner_killed_after_it_took_a_file_is_finished_by_the_next(feed, feed_env):
    drop(feed, "hoso.csv", ROWS[:2])
    pending = FeedFile.objects.create(feed=feed, name="hoso.csv", size=1, status="receiving")
    pending.path = str(folder(feed) / "processing" / f"{pending.pk}-hoso.csv")
    pending.save()
    feeds.scan_feeds()
    pending.refresh_from_db()
    assert pending.status == "queued" and ImportJob.objects.count() == 1
    assert not (folder(feed) / "hoso.csv").exists()  # taken once, not twice


def test_one_scanner_at_a_time(feed, feed_env):
    assert feeds.acquire("worker-a")
    assert feeds.scan_feeds(holder="worker-b") is None  # the other worker's scan stands aside
    assert feeds.scan_feeds(holder="worker-a") is not None  # the holder renews and releases
    assert feeds.scan_feeds(holder="worker-b") is not None
    # A holder that died: its lease runs out.
    assert feeds.acquire("worker-a")
    later = timezone.now() + timedelta(seconds=feeds.lease_seconds() + 1)
    assert feeds.acquire("worker-b", now=later)


def test_a_quiet_feed_alerts_its_people_once_per_spell(client, login, cast, feed, feed_env):
    now = timezone.now()
    Feed.objects.filter(pk=feed.pk).update(
        quiet_after=6, quiet_unit="hours", created_at=now - timedelta(hours=5)
    )
    feeds.scan_feeds()
    assert not mail.outbox and not Notification.objects.filter(kind="dossiers_feed_quiet").exists()

    Feed.objects.filter(pk=feed.pk).update(created_at=now - timedelta(hours=7))  # no file for 7 hours
    feeds.scan_feeds()
    people = {"vanphong", "motcua"}  # dossiers.import with write scope over Văn phòng
    assert {m.to[0] for m in mail.outbox} == {cast[u].email for u in people}
    assert all("Nguồn tự động “mot-cua” không nhận tệp hồ sơ mới nào từ" in m.subject for m in mail.outbox)
    notified = Notification.objects.filter(kind="dossiers_feed_quiet").values_list(
        "user__username", flat=True
    )
    assert set(notified) == people
    feeds.scan_feeds()
    feeds.scan_feeds(now=now + timedelta(days=3))
    assert len(mail.outbox) == 2 and FeedAlertMail.objects.count() == 2  # once per quiet spell
    # Even decided again for the same spell (another scanner, a retried run): the alert's key refuses it.
    feed.refresh_from_db()
    assert feeds._alert(feed, last=feed.created_at, now=timezone.now()) == 0
    assert len(mail.outbox) == 2 and FeedAlert.objects.count() == 1

    login("vanphong")
    html = client.get(reverse("dossiers:dashboard")).content.decode()
    assert "quiet-feed" in html and "im lặng" in html

    # A new file ends the spell; the next spell alerts again.
    drop(feed, "moi.csv", ROWS[:1])
    scan_twice()
    feed.refresh_from_db()
    assert feed.last_file_at is not None
    html = client.get(reverse("dossiers:dashboard")).content.decode()
    assert "quiet-feed" not in html
    feeds.scan_feeds(now=feed.last_file_at + timedelta(hours=7))
    assert len(mail.outbox) == 4


def test_who_sees_the_feeds_and_who_chooses_the_folder(client, login, cast, units, feed, feed_env):
    login("chuyenvien.vh")  # reads the scorecard, may not import: no feeds panel, no feeds page
    assert 'id="feed-status"' not in client.get(reverse("dossiers:dashboard")).content.decode()
    assert client.get(reverse("dossiers:feed_list")).status_code == 403
    assert client.get(reverse("dossiers:feed_detail", args=[feed.pk])).status_code == 403
    with pytest.raises(PermissionDenied):  # a coordinator keeps the default folder
        services.save_feed(user=cast["vanphong"], source="dvcqg", unit=units["VP"], folder="khac")
    login("vanphong")
    form = client.get(reverse("dossiers:feed_list")).content.decode()
    assert 'name="folder"' not in form and 'name="source"' in form
    admin = cast["quantri"]
    with pytest.raises(ValidationError, match=r"“\.\.”"):
        services.save_feed(user=admin, source="dvcqg", unit=units["VP"], folder="../../etc")
    other = services.save_feed(user=admin, source="dvcqg", unit=units["VP"], folder="nha-cung-cap/dvcqg")
    assert feeds.folder_of(other) == feed_env / "feeds" / "nha-cung-cap" / "dvcqg"
    # A value written around the service (the database edited by hand) is refused by the scanner.
    Feed.objects.filter(pk=other.pk).update(folder="../..")
    report = feeds.scan_feeds()
    assert report is not None and any("“..”" in e for e in report.errors)
    login("quantri")
    assert 'name="folder"' in client.get(reverse("dossiers:feed_list")).content.decode()


def test_a_symlink_out_of_the_root_is_neither_followed_nor_served(feed, feed_env, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.csv"
    outside.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    (folder(feed) / "lien-ket.csv").symlink_to(outside)
    scan_twice()
    assert not FeedFile.objects.exists() and outside.exists()


def test_the_feed_pages_create_and_edit(client, login, units, feed_env):
    login("vanphong")
    resp = client.post(
        reverse("dossiers:feed_list"),
        {"source": "dvcqg", "unit": units["VP"].pk, "enabled": "on", "quiet_after": "3",
         "quiet_unit": "working_days", "unknown_codes": "keep"},
    )  # fmt: skip
    feed = Feed.objects.get(source="dvcqg")
    assert resp["Location"] == reverse("dossiers:feed_detail", args=[feed.pk])
    assert feed.folder == "dvcqg" and feed.unit == units["VP"] and feed.quiet_after == 3
    page = client.get(resp["Location"]).content.decode()
    assert "dvcqg/" in page and "Báo im lặng nếu không có tệp mới đến" in page
    resp = client.post(
        resp["Location"],
        {"source": "dvcqg", "unit": units["VP"].pk, "quiet_after": "0", "quiet_unit": "hours"},
    )
    assert resp.status_code == 200 and Feed.objects.get().quiet_after == 3  # refused, said on the form


def test_the_demo_has_a_feed_for_its_one_stop_shop(units, feed_env):
    from cchc.apps.dossiers.demo import load_feed

    (line,) = load_feed()
    assert load_feed() == [line] and Feed.objects.count() == 1  # idempotent
    feed = Feed.objects.get()
    assert (feed.source, feed.unit, feed.enabled) == ("mot-cua", units["VP"], True)
    assert str(feed_env / "feeds" / "mot-cua") in line and (feed_env / "feeds" / "mot-cua" / "done").is_dir()
