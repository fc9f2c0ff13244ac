"""The continuous feed, worker side: scan the drop folders, turn each new export into an import job, put
processed files in done/ or failed/, and alert the people responsible when a feed goes quiet.

Run by ``cchc worker`` every ``CCHC_DOSSIERS_FEED_SCAN_SECONDS`` (a periodic duty:
:mod:`cchc.apps.core.periodic`, registered in ``DossiersConfig.ready``) and by ``cchc dossiers feed scan``.
One scanner at a time, whatever the number of workers: :func:`scan_feeds` first takes the lease
``FeedLock("feeds")`` with one conditional UPDATE, and renews it between files.

A file's way (each step recorded on a :class:`FeedFile` before it is done, so a scanner killed at any
point is finished by the next one — :func:`_receive` is idempotent):

1. seen unchanged by two scans (``domain.feeds.is_stable``; partial names are never looked at);
2. a ``FeedFile`` "đang nhận" names its place in ``processing/`` (``<id>-<name>``), then the file is
   renamed there (same folder tree: atomic) and hashed (SHA-256);
3. the same content already taken by this feed → "đã nhập trước đây", moved to done/, nothing imported;
   else its columns are checked with the source's saved profile first (``selectors.preview_file``, as
   the upload form does): not all decided → "cần ghép cột", it waits in processing/ for a person (the
   feed's page links to the mapping step, or the next scan takes it once a profile for the source is
   saved); decided (or unreadable: the job says why) → an ``ImportJob`` and its ``run_import`` task in
   the same transaction (the existing import: upsert by dossier code, resumable, leases);
4. once its job is done the file goes to done/, failed or cancelled to failed/ with ``<name>.ly-do.txt``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from cchc import config
from cchc.apps.core.datapaths import resolve
from cchc.apps.core.mails import deliver_unsent, send_once
from cchc.apps.org.models import Unit, User
from cchc.domain import feeds as rules
from cchc.domain.documents.fixity import sha256_file
from cchc.domain.errors import UserError

from . import jobs
from .models import (
    ColumnProfile,
    Feed,
    FeedAlert,
    FeedAlertMail,
    FeedFile,
    FeedFileStatus,
    FeedLock,
    ImportJob,
    JobStatus,
    QuietUnit,
)

log = logging.getLogger("cchc.dossiers")
LOCK = "feeds"
PROCESSING, DONE, FAILED = "processing", "done", "failed"
REASON_SUFFIX = ".ly-do.txt"


def feeds_root() -> Path:
    return config.feeds_dir(
        {"CCHC_DOSSIERS_FEEDS_DIR": settings.DOSSIERS_FEEDS_DIR}, data=Path(settings.DATA_DIR)
    )


def scan_seconds() -> float:
    return max(0.1, float(settings.DOSSIERS_FEED_SCAN_SECONDS))


def folder_of(feed: Feed) -> Path:
    """The feed's drop folder: its relative folder under the feeds root, checked again here (a value
    written to the database by other means must not lead outside, nor through a symbolic link)."""
    root = feeds_root()
    folder = root / rules.confined_folder(feed.folder)
    real_root = root.resolve()
    if folder.exists() and real_root not in folder.resolve().parents:
        raise rules.FeedError(
            _("Thư mục nhận tệp trỏ ra ngoài thư mục nguồn tự động; hãy báo quản trị hệ thống.")
        )
    return folder


def ensure_folders(feed: Feed) -> Path:
    folder = folder_of(feed)
    for area in ("", PROCESSING, DONE, FAILED):
        (folder / area).mkdir(parents=True, exist_ok=True)
    return folder


# -- setting a feed up (services.save_feed checks who; `cchc dossiers feed add` is the server's operator) --


def define_feed(
    *,
    feed: Feed | None,
    source: str,
    unit: Unit,
    enabled: bool = True,
    quiet_after: int = 2,
    quiet_unit: str = rules.WORKING_DAYS,
    unknown_codes: str = "keep",
    folder: str | None = None,
    created_by: User | None = None,
) -> Feed:
    """Create or change a feed; a refused value is a ValidationError in Vietnamese."""
    source = source.strip()
    if not source or not re.fullmatch(r"[\w.-]+", source):
        raise ValidationError(_("Tên nguồn chỉ gồm chữ, số, dấu chấm, gạch ngang (ví dụ: mot-cua)."))
    if quiet_after < 1 or quiet_after > 999:
        raise ValidationError(_("Ngưỡng báo im lặng phải từ 1 đến 999."))
    if quiet_unit not in (rules.HOURS, rules.WORKING_DAYS):
        raise ValidationError(_("Đơn vị của ngưỡng báo im lặng phải là giờ hoặc ngày làm việc."))
    chosen = (folder or "").strip() or (feed.folder if feed is not None else rules.default_folder(source))
    try:
        chosen = rules.confined_folder(chosen)
    except rules.FeedError as exc:
        raise ValidationError(str(exc)) from exc
    clash = Feed.objects.filter(Q(source=source) | Q(folder=chosen))
    if feed is not None:
        clash = clash.exclude(pk=feed.pk)
    if clash.exists():
        raise ValidationError(_("Đã có nguồn tự động cùng tên nguồn hoặc cùng thư mục nhận tệp."))
    with transaction.atomic():
        if feed is None:
            feed = Feed(created_by=created_by if created_by is not None and created_by.pk else None)
        elif not feed.enabled and enabled:
            feed.quiet_alerted_at = None  # switched on again: its quiet time counts from now
            feed.last_file_at = timezone.now()
        feed.source, feed.unit, feed.enabled, feed.folder = source, unit, enabled, chosen
        feed.quiet_after, feed.quiet_unit = quiet_after, quiet_unit
        feed.unknown_codes = "quarantine" if unknown_codes == "quarantine" else "keep"
        feed.save()
    try:
        folder_path = ensure_folders(feed)
    except (OSError, rules.FeedError) as exc:
        raise ValidationError(
            _("Không tạo được thư mục nhận tệp; hãy kiểm tra quyền ghi của thư mục nguồn tự động.")
        ) from exc
    log.debug("Feed %s watches %s", feed.source, folder_path)
    return feed


# -- the lease ------------------------------------------------------------------------------------------


def lease_seconds() -> float:
    """As long as a job's lease (``CCHC_JOB_LEASE_SECONDS``: silent longer means its worker died), and at
    least four scan intervals; the scanner renews it before each file it takes."""
    return max(4 * scan_seconds(), float(settings.JOB_LEASE_SECONDS))


def acquire(holder: str, *, now: datetime | None = None) -> bool:
    """Take (or renew) the scanner's lease; False while another scanner holds a live one."""
    now = now or timezone.now()
    FeedLock.objects.get_or_create(name=LOCK)
    until = now + timedelta(seconds=lease_seconds())
    return bool(
        FeedLock.objects.filter(
            Q(until__isnull=True) | Q(until__lt=now) | Q(holder=holder), name=LOCK
        ).update(holder=holder, until=until)
    )


def release(holder: str) -> None:
    FeedLock.objects.filter(name=LOCK, holder=holder).update(until=None, holder="")


@dataclass
class ScanReport:
    feeds: int = 0
    taken: list[str] = field(default_factory=list)  # "<source>: <file> → <status>"
    waiting: int = 0  # files seen once, or still changing
    settled: int = 0
    alerts: int = 0
    errors: list[str] = field(default_factory=list)


def scan_feeds(*, holder: str | None = None, now: datetime | None = None) -> ScanReport | None:
    """One pass over every enabled feed (None: another scanner holds the lease)."""
    if not Feed.objects.exists():  # nothing to watch: no lease written every few seconds for nothing
        return ScanReport()
    holder = holder or f"{os.getpid()}:{get_random_string(8)}"
    if not acquire(holder, now=now):
        return None
    report = ScanReport()
    try:
        for feed in Feed.objects.filter(enabled=True).order_by("pk"):
            report.feeds += 1
            try:
                scan_feed(feed, report, holder=holder)
            except UserError as exc:
                Feed.objects.filter(pk=feed.pk).update(scan_error=str(exc), last_scan_at=timezone.now())
                report.errors.append(f"{feed.source}: {exc}")
            except OSError:
                log.exception("Feed %s: the drop folder cannot be read", feed.source)
                message = _(
                    "Không đọc được thư mục nhận tệp (quyền truy cập hoặc ổ đĩa); xem nhật ký của hệ thống."
                )
                Feed.objects.filter(pk=feed.pk).update(scan_error=message, last_scan_at=timezone.now())
                report.errors.append(f"{feed.source}: {message}")
        report.settled = settle_files()
        report.alerts = alert_quiet_feeds(now=now)
    finally:
        release(holder)
    return report


# -- one feed -------------------------------------------------------------------------------------------


def scan_feed(feed: Feed, report: ScanReport, *, holder: str) -> None:
    folder = ensure_folders(feed)
    for pending in FeedFile.objects.filter(feed=feed, status=FeedFileStatus.RECEIVING).order_by("pk"):
        _receive(pending, folder, report)  # what a scanner killed mid-way left
    _retry_mapping(feed, report)
    observed: dict[str, list[float]] = {}
    before = feed.observed or {}
    settle = scan_seconds() / 2
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        # Regular files only, symbolic links never followed (one could point anywhere on the machine).
        if not entry.is_file(follow_symlinks=False) or rules.classify(entry.name) == rules.SKIP:
            continue
        st = entry.stat(follow_symlinks=False)
        seen = rules.Seen(st.st_size, st.st_mtime_ns, time.time())
        prev = rules.Seen.of(before.get(entry.name))
        if rules.is_stable(prev, seen, settle_seconds=settle):
            if not acquire(holder):  # the lease ran out during a long pass: another scanner goes on
                return
            _take(feed, entry.name, seen.size, folder, report)
            continue
        unchanged = prev is not None and (prev.size, prev.mtime_ns) == (seen.size, seen.mtime_ns)
        observed[entry.name] = (prev if unchanged and prev else seen).as_list()
        report.waiting += 1
    Feed.objects.filter(pk=feed.pk).update(observed=observed, last_scan_at=timezone.now(), scan_error="")


def _safe_name(name: str) -> str:
    from .services import _safe_name as safe

    return safe(name)


def _take(feed: Feed, name: str, size: int, folder: Path, report: ScanReport) -> None:
    with transaction.atomic():
        ff = FeedFile.objects.create(feed=feed, name=name[:255], size=size, status=FeedFileStatus.RECEIVING)
        ff.path = str(folder / PROCESSING / f"{ff.pk}-{_safe_name(name)}")
        ff.save(update_fields=["path"])
    _receive(ff, folder, report)


def _move(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dest)
    except OSError:  # another file system (a feeds root on another disk than the data folder)
        shutil.move(str(src), str(dest))


def _receive(ff: FeedFile, folder: Path, report: ScanReport) -> None:
    """Finish taking ``ff`` from the drop folder (idempotent: each step checks what is already done)."""
    dest, src = resolve(ff.path), folder / ff.name
    if not dest.is_file():
        if not src.is_file():
            _settle_refused(ff, None, _("Tệp đã biến mất khỏi thư mục nhận tệp trước khi được nhận."))
            report.taken.append(f"{ff.feed.source}: {ff.name} → {FeedFileStatus.REFUSED.label}")
            return
        _move(src, dest)
    if rules.classify(ff.name) == rules.REFUSE:
        _settle_refused(
            ff,
            dest,
            _("Chỉ nhận tệp hồ sơ CSV, XLSX hoặc JSON (tệp “%(n)s” không đúng loại).") % {"n": ff.name},
        )
    elif dest.stat().st_size == 0:
        _settle_refused(ff, dest, _("Tệp “%(n)s” rỗng.") % {"n": ff.name})
    else:
        _decide(ff, dest)
    ff.refresh_from_db()
    report.taken.append(f"{ff.feed.source}: {ff.name} → {ff.get_status_display()}")


def _decide(ff: FeedFile, dest: Path) -> None:
    sha, size = sha256_file(dest), dest.stat().st_size
    first = (
        FeedFile.objects.filter(
            feed_id=ff.feed_id, sha256=sha, status__in=[FeedFileStatus.QUEUED, FeedFileStatus.NEEDS_MAPPING]
        )
        .exclude(pk=ff.pk)
        .order_by("pk")
        .first()
    )
    if first is not None:
        when = timezone.localtime(first.received_at).strftime("%d/%m/%Y %H:%M")
        reason = _("Cùng nội dung với tệp “%(n)s” nhận lúc %(t)s: không nhập lại.") % {
            "n": first.name,
            "t": when,
        }
        target = dest.parent.parent / DONE / dest.name
        _move(dest, target)
        FeedFile.objects.filter(pk=ff.pk).update(
            sha256=sha,
            size=size,
            status=FeedFileStatus.DUPLICATE,
            duplicate_of=first,
            reason=reason,
            path=_stored(target),
            settled_at=timezone.now(),
        )
        return
    FeedFile.objects.filter(pk=ff.pk).update(sha256=sha, size=size)
    ff.sha256, ff.size = sha, size
    undecided = _undecided(ff.feed.source, dest)
    now = timezone.now()
    if undecided:
        with transaction.atomic():
            FeedFile.objects.filter(pk=ff.pk).update(
                status=FeedFileStatus.NEEDS_MAPPING, reason=undecided, settled_at=now
            )
            Feed.objects.filter(pk=ff.feed_id).update(last_file_at=now)
        return
    _queue(ff, dest, now=now)


def _stored(path: Path) -> str:
    from cchc.apps.core.datapaths import to_stored

    return to_stored(path)


def _undecided(source: str, path: Path) -> str:
    """ "" when the source's profiles decide every column of the file (or it cannot be read here: the
    import job then says why, in its own words); else why a person must map its columns."""
    from .selectors import preview_file

    try:
        columns = preview_file(path, source).columns
    except UserError:
        return ""
    if columns.complete:
        return ""
    parts = []
    if columns.missing:
        parts.append(_("chưa có cột cho trường bắt buộc: %(f)s") % {"f": ", ".join(columns.missing)})
    if columns.undecided:
        parts.append(_("chưa rõ các cột: %(c)s") % {"c": ", ".join(columns.undecided[:10])})
    return _("Cần ghép cột: %(p)s. Chưa nhập dòng nào.") % {"p": "; ".join(parts)}


def _queue(ff: FeedFile, dest: Path, *, now: datetime) -> ImportJob:
    """The import job and its task in one transaction (the database queue): never a job without its task."""
    feed = ff.feed
    with transaction.atomic():
        job = ImportJob.objects.create(
            file_name=ff.name,
            file_path=str(dest),
            file_size=dest.stat().st_size,
            source=feed.source,
            unknown_codes=feed.unknown_codes,
            user=None,
        )
        task = jobs.run_import.enqueue(job_id=job.pk, action="import")
        ImportJob.objects.filter(pk=job.pk).update(task_id=task.id)
        FeedFile.objects.filter(pk=ff.pk).update(
            status=FeedFileStatus.QUEUED, job=job, reason="", settled_at=None
        )
        Feed.objects.filter(pk=feed.pk).update(last_file_at=now)
    return job


def _retry_mapping(feed: Feed, report: ScanReport) -> None:
    """Files waiting for a mapping are looked at again once a column profile for the source is saved."""
    saved = ColumnProfile.objects.filter(source=feed.source).values_list("updated_at", flat=True).first()
    if saved is None:
        return
    for ff in FeedFile.objects.filter(feed=feed, status=FeedFileStatus.NEEDS_MAPPING, settled_at__lt=saved):
        dest = resolve(ff.path)
        if not dest.is_file():
            continue
        undecided = _undecided(feed.source, dest)
        if undecided:
            FeedFile.objects.filter(pk=ff.pk).update(reason=undecided, settled_at=timezone.now())
            continue
        with transaction.atomic():
            # Queued now: the constraint "once per content" still holds (the same row changes status).
            _queue(ff, dest, now=feed.last_file_at or timezone.now())
        report.taken.append(f"{feed.source}: {ff.name} → {FeedFileStatus.QUEUED.label}")


def _settle_refused(ff: FeedFile, dest: Path | None, reason: str) -> None:
    target = None
    if dest is not None and dest.is_file():
        target = dest.parent.parent / FAILED / dest.name
        _move(dest, target)
        _write_reason(target, reason)
    FeedFile.objects.filter(pk=ff.pk).update(
        status=FeedFileStatus.REFUSED,
        reason=reason,
        settled_at=timezone.now(),
        **({"path": _stored(target)} if target is not None else {}),
    )


def _write_reason(path: Path, reason: str) -> None:
    with contextlib.suppress(OSError):
        path.with_name(path.name + REASON_SUFFIX).write_text(reason + "\n", encoding="utf-8")


# -- after the import -----------------------------------------------------------------------------------


def settle_files() -> int:
    """Move the files whose import ended: done → done/, failed or cancelled → failed/ (with the reason);
    a failed job retried to success later moves from failed/ to done/. The job's file path follows, so
    a person's retry reads the file where it is."""
    moved = 0
    ended = FeedFile.objects.filter(status=FeedFileStatus.QUEUED, job__isnull=False).filter(
        Q(settled_at__isnull=True, job__status__in=[JobStatus.DONE, JobStatus.FAILED, JobStatus.ROLLED_BACK])
        | Q(job__status=JobStatus.DONE, path__contains=f"/{FAILED}/")
    )
    for ff in ended.select_related("job"):
        job = ff.job
        assert job is not None
        area = DONE if job.status == JobStatus.DONE else FAILED
        here = resolve(ff.path)
        target = here.parent.parent / area / here.name
        if here.parent.name != area and here.is_file():
            _move(here, target)
            ImportJob.objects.filter(pk=job.pk).update(file_path=_stored(target))
            if area == FAILED:
                _write_reason(target, job.error or str(job.get_status_display()))
            else:
                with contextlib.suppress(OSError):
                    here.with_name(here.name + REASON_SUFFIX).unlink(missing_ok=True)
            moved += 1
        FeedFile.objects.filter(pk=ff.pk).update(
            path=_stored(target) if target.is_file() else ff.path, settled_at=timezone.now()
        )
    return moved


# -- quiet feeds ----------------------------------------------------------------------------------------


def quiet_state(feed: Feed, *, now: datetime | None = None) -> tuple[bool, datetime, datetime]:
    """(quiet?, last activity, when it goes / went quiet). A feed that never received a file counts
    from when it was set up."""
    from .storage import working_calendar

    now = now or timezone.now()
    last = feed.last_file_at or feed.created_at
    calendar = working_calendar() if feed.quiet_unit == rules.WORKING_DAYS else None
    local = timezone.localtime(last)
    deadline = rules.quiet_deadline(local, feed.quiet_after, feed.quiet_unit, calendar)
    return now >= deadline, last, deadline


def alert_quiet_feeds(*, now: datetime | None = None) -> int:
    """Alert the people responsible for each enabled feed gone quiet, once per quiet spell; then send the
    alert e-mails not sent yet (a mail server that refused is tried again next scan)."""
    now = now or timezone.now()
    sent = 0
    for feed in Feed.objects.filter(enabled=True).select_related("unit"):
        quiet, last, _deadline = quiet_state(feed, now=now)
        if rules.alert_due(quiet=quiet, last=last, alerted_at=feed.quiet_alerted_at):
            sent += _alert(feed, last=last, now=now)
    _deliver(FeedAlertMail.objects.filter(sent_at__isnull=True))
    return sent


def _alert(feed: Feed, *, last: datetime, now: datetime) -> int:
    """One alert per quiet spell (``FeedAlert`` unique by feed × start of the spell): an in-app notification
    and an e-mail to each of :func:`~cchc.apps.org.access.feed_keepers`, sent after the commit."""
    from cchc.apps.directives.notify import notify
    from cchc.apps.org.access import feed_keepers

    def decide() -> tuple[FeedAlert, list[User], str, str]:
        alert = FeedAlert.objects.create(feed=feed, since=last)
        Feed.objects.filter(pk=feed.pk).update(quiet_alerted_at=now)
        people = feed_keepers(feed.unit)
        message = alert_message(feed, last)
        notify(users=people, task=None, kind="dossiers_feed_quiet", message=message, email=False)
        link = settings.SITE_URL + _feed_url(feed)
        body = _("%(m)s\n\nThư mục nhận tệp: %(f)s\nXem nguồn tự động: %(l)s") % {
            "m": message, "f": feed.folder, "l": link,
        }  # fmt: skip
        return alert, people, f"[CCHC] {message}"[:200], body

    def deliver() -> None:
        _deliver(FeedAlertMail.objects.filter(log__feed=feed, log__since=last))

    return int(send_once(decide, deliver))


def alert_message(feed: Feed, last: datetime) -> str:
    unit = str(dict(QuietUnit.choices).get(feed.quiet_unit, feed.quiet_unit))
    return _("Nguồn tự động “%(s)s” không nhận tệp hồ sơ mới nào từ %(t)s (ngưỡng báo: %(n)s %(u)s).") % {
        "s": feed.source,
        "t": timezone.localtime(last).strftime("%d/%m/%Y %H:%M"),
        "n": feed.quiet_after,
        "u": unit,
    }


def _deliver(pending) -> None:  # type: ignore[no-untyped-def]
    try:
        deliver_unsent(pending)
    except Exception:  # the mail server refused: the next scan sends what is left
        log.exception("Quiet-feed alert e-mails not sent; tried again at the next scan")


def _feed_url(feed: Feed) -> str:
    from django.urls import reverse

    return reverse("dossiers:feed_detail", args=[feed.pk])
