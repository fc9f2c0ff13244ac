"""Write side: import jobs (upload → background import → resume / rollback / retry), calendar overrides,
and pushing indicator values into directive targets. Every public function checks permissions first."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc import config
from cchc.analytics.importer import (
    rollback_import,
)
from cchc.apps.core import jobs as background
from cchc.apps.core.uploads import check_upload
from cchc.apps.org.access import check_unit, is_admin, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain.dossiers import profile_of, read_saved_profiles
from cchc.domain.errors import UserError
from cchc.domain.profiles import dump
from cchc.domain.text import fold

from . import jobs
from .models import (
    ColumnProfile,
    Feed,
    FeedFile,
    FeedFileStatus,
    ImportJob,
    JobStatus,
    PortalImport,
    PortalScore,
)
from .running import _store_status, chunk_rows, job_given_up, job_requeued, run_import_job  # noqa: F401 (the worker side, re-exported)
from .storage import open_store, working_calendar

log = logging.getLogger("cchc.dossiers")
ALLOWED_EXTENSIONS = (".csv", ".xlsx", ".json")


def upload_dir() -> Path:
    return config.dossier_imports_dir(Path(settings.DATA_DIR))


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", Path(name).name, flags=re.UNICODE).strip("._") or "tep"
    return stem[:120]


# -- import jobs -----------------------------------------------------------------------------------


def create_import_job(
    *,
    user: User,
    upload: UploadedFile,
    source: str,
    unknown_codes: str = "keep",
    mapping: Mapping[str, str] | None = None,
) -> ImportJob:
    """Keep the uploaded file (a resume needs it unchanged) and queue the import."""
    path = keep_upload(user=user, upload=upload)
    return queue_import_job(
        user=user,
        path=path,
        file_name=upload.name or path.name,
        source=source,
        unknown_codes=unknown_codes,
        mapping=mapping,
    )


def keep_upload(*, user: User, upload: UploadedFile) -> Path:
    """Check and keep an uploaded file in its own folder (for the preview, then the import)."""
    require_capability(user, "dossiers.import")
    check_upload(upload, extensions=ALLOWED_EXTENSIONS)  # the form checked already; callers may not
    ext = Path(upload.name or "").suffix.lower()
    folder = upload_dir() / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _safe_name(upload.name or f"tep{ext}")
    with path.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    return path


def queue_import_job(
    *,
    user: User,
    path: Path,
    file_name: str,
    source: str,
    unknown_codes: str = "keep",
    mapping: Mapping[str, str] | None = None,
) -> ImportJob:
    """Queue the import of a kept file; ``mapping`` (column → field, "" = not used) is the mapping a person
    chose in the preview, used as given (else the profiles decide, the source's saved one first)."""
    require_capability(user, "dossiers.import")
    # An upload kept by keep_upload, or a feed's file waiting in its processing/ folder for a mapping.
    roots = (upload_dir().resolve(), _feeds_root().resolve())
    if not path.is_file() or not any(root in path.resolve().parents for root in roots):
        raise ValidationError(_("Không tìm thấy tệp đã tải lên; hãy tải lại tệp."))
    job = ImportJob.objects.create(
        file_name=file_name,
        file_path=str(path),
        file_size=path.stat().st_size,
        source=source.strip() or "mot-cua",
        user=user,
        unknown_codes="quarantine" if unknown_codes == "quarantine" else "keep",
        columns={"requested": dict(mapping)} if mapping is not None else {},
    )
    _enqueue(job, "import")
    return job


@transaction.atomic
def save_column_profile(
    *, user: User, source: str, mapping: Mapping[str, str], ignored: Sequence[str] = ()
) -> ColumnProfile:
    """Save a mapping as the column profile of ``source`` (replacing the one saved before): the next file
    of that source is mapped by it with no question. Same format and checks as the built-in profiles."""
    require_capability(user, "dossiers.import")
    source = source.strip() or "mot-cua"
    name = re.sub(r"[^a-z0-9]+", "_", fold(source)).strip("_") or "nguon"
    text = dump(
        [profile_of(name, mapping, description=f"Mẫu cột đã lưu của nguồn {source}", ignored=ignored)]
    )
    read_saved_profiles(text, origin=source)  # refuses what the loader would refuse, before it is saved
    profile, _created = ColumnProfile.objects.update_or_create(
        source=source, defaults={"text": text, "updated_by": user}
    )
    return profile


def _enqueue(job: ImportJob, action: str) -> None:
    def enqueue() -> None:
        task = jobs.run_import.enqueue(job_id=job.pk, action=action)
        ImportJob.objects.filter(pk=job.pk).update(task_id=task.id)

    transaction.on_commit(enqueue)


def check_import_job_worker(job: ImportJob) -> ImportJob:
    """A job shown as running whose worker stopped sending heartbeats is taken back now (queued again,
    or handed to a person after too many runs) instead of showing "Đang nhập" for ever."""
    if job.status != JobStatus.RUNNING:
        return job
    task_id = job.task_id or _task_of(job)
    if background.is_abandoned(task_id):
        background.recover_abandoned([task_id])
        job.refresh_from_db()
    return job


def _task_of(job: ImportJob):  # type: ignore[no-untyped-def]
    """The background job of an ImportJob queued before ImportJob.task_id existed."""
    from django_tasks_db.models import DBTaskResult

    task = (
        DBTaskResult.objects.filter(task_path=jobs.run_import.module_path, args_kwargs__kwargs__job_id=job.pk)
        .order_by("-enqueued_at")
        .values_list("pk", flat=True)
        .first()
    )
    return task


def _check_failed(user: User, job: ImportJob) -> None:
    require_capability(user, "dossiers.import")
    check_import_job_worker(job)
    if not job.actionable:
        raise ValidationError(
            _("Chỉ lô nhập bị lỗi hoặc bị gián đoạn mới có thể tiếp tục, hủy hoặc chạy lại.")
        )


def resume_import_job(*, user: User, job: ImportJob) -> ImportJob:
    """Continue a failed job from its last finished chunk (the store keeps what was staged)."""
    _check_failed(user, job)
    if _store_status(job) not in ("loading", "staging"):
        raise ValidationError(_("Lô này không có phần dở dang để tiếp tục; hãy chạy lại từ đầu."))
    job.status = JobStatus.QUEUED
    job.save(update_fields=["status"])
    _enqueue(job, "resume")
    return job


def _discard_unfinished_store_job(job: ImportJob) -> None:
    """Drop what a failed job left half-done in the store (staging, quarantine); dossiers are untouched."""
    if _store_status(job) in ("loading", "staging"):
        with open_store() as store:
            rollback_import(store, job.store_job_id)  # type: ignore[arg-type]


def rollback_import_job(*, user: User, job: ImportJob) -> ImportJob:
    """Discard a failed job: its staged and quarantined rows; the dossiers stay as before."""
    _check_failed(user, job)
    _discard_unfinished_store_job(job)
    job.status = JobStatus.ROLLED_BACK
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return job


def retry_import_job(*, user: User, job: ImportJob) -> ImportJob:
    """Start a failed job again from the beginning (its unfinished store job is discarded first)."""
    _check_failed(user, job)
    _discard_unfinished_store_job(job)
    job.status, job.store_job_id, job.rows_done, job.error = JobStatus.QUEUED, None, 0, ""
    job.save(update_fields=["status", "store_job_id", "rows_done", "error"])
    _enqueue(job, "import")
    return job


# -- calendar -------------------------------------------------------------------------------------


def refresh_store_calendar(sender: object = None, **kwargs: object) -> None:
    """Receiver of core's ``calendar_changed``. Derived due dates of already imported dossiers keep their
    value; working-day delays in the drill-down and new imports use the new calendar."""
    with open_store() as store:
        store.refresh_calendar(working_calendar())


def check_job_visible(*, user: User, job: ImportJob) -> None:
    """Import jobs are the one-stop shop's: visible to those who may import."""
    if not (user.is_authenticated and (job.user_id == user.pk or _can_import(user))):
        raise PermissionDenied(_("Bạn không có quyền xem lô nhập này."))


def _can_import(user: User) -> bool:
    from cchc.apps.org.access import has_capability

    return has_capability(user, "dossiers.import")


# -- the national portal's 766 scores (reconciliation) ---------------------------------------------

PORTAL_EXTENSIONS = (".csv", ".xlsx", ".json")


def portal_units(unit: Unit) -> dict[str, Unit]:
    """How a portal file's unit code or name finds a unit of ``unit``'s subtree: the unit's code, its
    aliases of the dossier exports (:class:`UnitCodeAlias`), and its name, abbreviation and other names
    folded (:func:`cchc.domain.text.fold`)."""
    from .selectors import code_map

    units = list(unit.subtree())
    found: dict[str, Unit] = {}
    for u in units:
        for name in (u.name, u.abbreviation, *(u.aliases or "").splitlines()):
            if name.strip():
                found.setdefault("name:" + fold(name), u)
    for code, u in code_map(units=units).items():
        found["code:" + code.strip().upper()] = u
    return found


@transaction.atomic
def import_portal_file(
    *, user: User | None, unit: Unit, path: Path, file_name: str, period: str | None = None
) -> PortalImport:
    """Read a file of the national portal's 766 scores (``cchc.domain.portal766``) and keep it with its rows
    for ``unit`` (the Sở, or a unit) — the scope of who sees it. Rows whose unit code or name matches no
    unit of that subtree are kept too, unmatched (counted in ``unmatched`` and listed on the page).
    ``user`` None: the command line (``cchc dossiers portal-import``). A file that cannot be read is
    refused with a ValidationError naming the row and the column; nothing is written then."""
    import hashlib

    from cchc.domain.portal766 import read_portal

    if user is not None:
        require_capability(user, "dossiers.import")
        check_unit(user, unit, write=True)
    data = path.read_bytes()
    try:
        read = read_portal(path, name=file_name, period=period or None)
    except UserError as exc:
        raise ValidationError(str(exc)) from exc  # our Vietnamese sentence naming the row and the column
    lookup = portal_units(unit)
    imp = PortalImport.objects.create(
        unit=unit,
        file_name=file_name[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        period=period or "",
        layout=read.layout,
        exported_on=read.exported_on,
        rows_count=len(read.rows),
        user=user,
    )
    unmatched = 0
    scores = []
    for r in read.rows:
        owner = lookup.get("code:" + r.unit_code.strip().upper()) if r.unit_code else None
        if owner is None and r.unit_name:
            owner = lookup.get("name:" + fold(r.unit_name))
        unmatched += owner is None
        scores.append(
            PortalScore(
                portal_import=imp, unit=owner, where=r.where[:120], unit_code=r.unit_code[:80],
                unit_name=r.unit_name[:255], period=r.period, level=r.level, group=r.group, indicator=r.indicator,
                score=Decimal(str(r.score)), dossiers=r.dossiers,
                numerator=None if r.numerator is None else Decimal(str(r.numerator)),
                denominator=None if r.denominator is None else Decimal(str(r.denominator)),
            )
        )  # fmt: skip
    PortalScore.objects.bulk_create(scores)
    if unmatched:
        imp.unmatched = unmatched
        imp.save(update_fields=["unmatched"])
    log.info("portal import %s: %s scores, %s unmatched", imp.pk, len(scores), unmatched)
    return imp


# -- continuous feeds (the worker's side: feeds.py) ---------------------------------------------------------


def _feeds_root() -> Path:
    from .feeds import feeds_root

    return feeds_root()


@transaction.atomic
def save_feed(
    *,
    user: User,
    feed: Feed | None = None,
    source: str,
    unit: Unit,
    enabled: bool = True,
    quiet_after: int = 2,
    quiet_unit: str = "working_days",
    unknown_codes: str = "keep",
    folder: str | None = None,
) -> Feed:
    """Create or change a feed. Who may import dossier data sets it up for a unit in their write scope;
    the drop folder (relative to the feeds root, confined there) only an administrator chooses — others
    get the default ``<root>/<source>/`` and never change it."""
    require_capability(user, "dossiers.import")
    check_unit(user, unit, write=True)
    if feed is not None:
        check_unit(user, feed.unit, write=True)
    if folder is not None and folder.strip() and not is_admin(user):
        if feed is None or folder.strip() != feed.folder:
            raise PermissionDenied(_("Chỉ quản trị hệ thống được chọn thư mục nhận tệp."))
    from .feeds import define_feed

    return define_feed(
        feed=feed,
        source=source,
        unit=unit,
        enabled=enabled,
        quiet_after=quiet_after,
        quiet_unit=quiet_unit,
        unknown_codes=unknown_codes,
        folder=folder,
        created_by=user,
    )


def start_feed_mapping(*, user: User, feed_file: FeedFile) -> dict[str, str]:
    """The pending import (as the upload form keeps it in the session) of a feed's file waiting for its
    columns to be mapped: the column-mapping step then works on it as on an upload."""
    require_capability(user, "dossiers.import")
    check_unit(user, feed_file.feed.unit, write=True)
    if feed_file.status != FeedFileStatus.NEEDS_MAPPING:
        raise ValidationError(_("Tệp này không chờ ghép cột."))
    from cchc.apps.core.datapaths import resolve

    path = resolve(feed_file.path)
    if not path.is_file():
        raise ValidationError(
            _("Không còn tệp này trong thư mục xử lý; hãy đặt lại tệp vào thư mục nhận tệp.")
        )
    return {
        "name": feed_file.name,
        "source": feed_file.feed.source,
        "unknown_codes": feed_file.feed.unknown_codes,
        "path": str(path),
        "feed_file": str(feed_file.pk),
    }


def attach_feed_job(*, user: User, feed_file_id: int, job: ImportJob) -> None:
    """The feed's file a person mapped now has its import job (it goes to done/ or failed/ after it)."""
    require_capability(user, "dossiers.import")
    feed_file = FeedFile.objects.select_related("feed__unit").filter(pk=feed_file_id).first()
    if feed_file is None:
        return
    check_unit(user, feed_file.feed.unit, write=True)
    FeedFile.objects.filter(pk=feed_file.pk, status=FeedFileStatus.NEEDS_MAPPING).update(
        status=FeedFileStatus.QUEUED, job=job, reason="", settled_at=None
    )
