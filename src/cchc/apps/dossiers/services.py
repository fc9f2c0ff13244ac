"""Write side: import jobs (upload → background import → resume / rollback / retry), calendar overrides,
and pushing indicator values into directive targets. Every public function checks permissions first."""

from __future__ import annotations

import logging
import re
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc import config
from cchc.analytics.importer import (
    ImportError_,
    KnownCodes,
    import_file,
    result,
    resume_import,
    rollback_import,
)
from cchc.analytics.readers import ReadError
from cchc.apps.core import jobs as background
from cchc.apps.core.datapaths import resolve
from cchc.apps.core.errors import user_message
from cchc.apps.core.failpoints import checkpoint
from cchc.apps.core.uploads import check_upload
from cchc.apps.org.access import require_capability
from cchc.apps.org.models import User
from cchc.domain.errors import UserError

from .models import ImportJob, JobStatus
from .storage import StoreBusy, open_store, working_calendar

log = logging.getLogger("cchc.dossiers")
ALLOWED_EXTENSIONS = (".csv", ".xlsx", ".json")
PROGRESS_EVERY_SECONDS = 0.5  # at most two progress writes a second, however small the chunks


def chunk_rows() -> int:
    # Smaller than the analytics default (500 000) so that the progress bar moves on ordinary files.
    return int(settings.DOSSIERS_IMPORT_CHUNK_ROWS)


def upload_dir() -> Path:
    return config.dossier_imports_dir(Path(settings.DATA_DIR))


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^\w.-]+", "_", Path(name).name, flags=re.UNICODE).strip("._") or "tep"
    return stem[:120]


# -- import jobs -----------------------------------------------------------------------------------


def import_job_create(
    *, user: User, upload: UploadedFile, source: str, unknown_codes: str = "keep"
) -> ImportJob:
    """Keep the uploaded file (a resume needs it unchanged) and queue the import."""
    require_capability(user, "dossiers.import")
    check_upload(upload, extensions=ALLOWED_EXTENSIONS)  # the form checked already; callers may not
    ext = Path(upload.name or "").suffix.lower()
    folder = upload_dir() / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _safe_name(upload.name or f"tep{ext}")
    with path.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    job = ImportJob.objects.create(
        file_name=upload.name or path.name,
        file_path=str(path),
        file_size=path.stat().st_size,
        source=source.strip() or "mot-cua",
        user=user,
        unknown_codes="quarantine" if unknown_codes == "quarantine" else "keep",
    )
    _enqueue(job, "import")
    return job


def _enqueue(job: ImportJob, action: str) -> None:
    from . import jobs

    def enqueue() -> None:
        task = jobs.run_import.enqueue(job_id=job.pk, action=action)
        ImportJob.objects.filter(pk=job.pk).update(task_id=task.id)

    transaction.on_commit(enqueue)


def _store_job_id(store, path: str) -> int | None:  # type: ignore[no-untyped-def]
    row = store.con.execute(
        # Relative form since paths are kept relative; the absolute one for jobs started before that.
        "SELECT max(job_id) FROM import_jobs WHERE path IN (?, ?)",
        [store.stored_path(resolve(path)), str(resolve(path).resolve())],
    ).fetchone()
    return int(row[0]) if row and row[0] is not None else None


def _status_in(store, store_job_id: int | None) -> str | None:  # type: ignore[no-untyped-def]
    if store_job_id is None:
        return None
    row = store.con.execute("SELECT status FROM import_jobs WHERE job_id = ?", [store_job_id]).fetchone()
    return str(row[0]) if row else None


def _store_status(job: ImportJob) -> str | None:
    with open_store() as store:
        if job.store_job_id is None:  # a worker killed before it recorded the store's job
            job.store_job_id = _store_job_id(store, job.file_path)
            if job.store_job_id is not None:
                ImportJob.objects.filter(pk=job.pk).update(store_job_id=job.store_job_id)
        return _status_in(store, job.store_job_id)


def import_job_run(*, job_id: int, action: str = "import") -> ImportJob:
    """Run the import of one job; called by the worker.

    Safe to run again after a crash at any point: a store job this file left unfinished (``loading``,
    ``staging``) is continued from its last chunk, one the store committed is only recorded, so a
    dossier is never imported twice and a job never restarts from zero (``action`` is kept for jobs
    queued before this rule; the store decides). A user error (bad file, missing columns) marks the job
    failed with its Vietnamese message and returns; an unexpected error does the same and re-raises so
    the worker records it too.
    """
    job = ImportJob.objects.get(pk=job_id)
    if job.status in (JobStatus.DONE, JobStatus.ROLLED_BACK):
        return job  # a repeated task run, or one a person cancelled meanwhile, changes nothing
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), error="", attempts=job.attempts + 1
    )
    last = [0.0]
    store_ref: list = []

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_SECONDS and done < total:
            return
        last[0] = now
        values: dict = {"rows_done": done, "rows_total": total}
        if store_ref and job.store_job_id is None:
            job.store_job_id = _store_job_id(store_ref[0], job.file_path)
            values["store_job_id"] = job.store_job_id
        ImportJob.objects.filter(pk=job.pk).update(**values)
        checkpoint("dossiers.import.chunk")

    try:
        with open_store() as store:
            store_ref.append(store)
            try:
                if job.store_job_id is None:  # a worker that died before recording it
                    job.store_job_id = _store_job_id(store, job.file_path)
                state = _status_in(store, job.store_job_id)
                if state == "committed":  # the store finished; the worker died before saying so
                    res = result(store, job.store_job_id)  # type: ignore[arg-type]
                elif state in ("loading", "staging"):
                    res = resume_import(store, job.store_job_id, progress=progress)  # type: ignore[arg-type]
                else:
                    res = import_file(
                        store,
                        resolve(job.file_path),
                        source=job.source,
                        progress=progress,
                        chunk_rows=chunk_rows(),
                        known=_known(job),
                    )
            finally:
                if job.store_job_id is None:
                    job.store_job_id = _store_job_id(store, job.file_path)
    except (ImportError_, ReadError, StoreBusy, UserError) as exc:
        _fail(job, str(exc))
        return ImportJob.objects.get(pk=job.pk)
    except Exception as exc:
        log.exception("Import job %s failed", job.pk)
        # the technical detail is in the log (above); the job shows words chosen by the failure's kind
        _fail(job, _("Lỗi khi nhập: %(e)s Có thể tiếp tục hoặc hủy lô này.") % {"e": user_message(exc)})
        raise
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        store_job_id=res.job_id,
        rows_total=res.total_rows,
        rows_done=res.total_rows,
        imported=res.inserted,
        updated=res.updated,
        quarantined=res.quarantined,
        duplicates=res.duplicates,
        unknown={
            "action": res.unknown_action,
            "units": res.unknown_units,
            "procedures": res.unknown_procedures,
        }
        if res.unknown_action
        else {},
        columns={"unused": res.unused_columns, "suspect": res.suspect_columns},
        finished_at=timezone.now(),
        error="",
    )
    return ImportJob.objects.get(pk=job.pk)


def _known(job: ImportJob) -> KnownCodes:
    """The organisation's unit codes (with aliases) and catalogue, and the uploader's choice."""
    from .selectors import known_codes

    units, procedures = known_codes()
    return KnownCodes(units, procedures, "quarantine" if job.unknown_codes == "quarantine" else "keep")


def _fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=message, finished_at=timezone.now(), store_job_id=job.store_job_id
    )


def import_job_check_worker(job: ImportJob) -> ImportJob:
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

    from . import jobs

    task = (
        DBTaskResult.objects.filter(task_path=jobs.run_import.module_path, args_kwargs__kwargs__job_id=job.pk)
        .order_by("-enqueued_at")
        .values_list("pk", flat=True)
        .first()
    )
    return task


def job_requeued(kwargs: dict) -> None:
    """Recovery hook: the worker running this import died; the job is queued to continue by itself."""
    if kwargs.get("job_id") is None:
        return
    ImportJob.objects.filter(pk=kwargs["job_id"], status=JobStatus.RUNNING).update(status=JobStatus.QUEUED)


def job_given_up(kwargs: dict) -> None:
    """Recovery hook: the import's worker died too many times; a person resumes, cancels or retries it."""
    if kwargs.get("job_id") is None:
        return
    ImportJob.objects.filter(pk=kwargs["job_id"], status__in=[JobStatus.RUNNING, JobStatus.QUEUED]).update(
        status=JobStatus.INTERRUPTED,
        finished_at=timezone.now(),
        error=_(
            "Tiến trình xử lý nền dừng đột ngột nhiều lần khi đang nhập lô này. Phần đã xử lý được giữ lại: "
            "có thể tiếp tục, hủy lô hoặc chạy lại từ đầu."
        ),
    )


def _check_failed(user: User, job: ImportJob) -> None:
    require_capability(user, "dossiers.import")
    import_job_check_worker(job)
    if not job.actionable:
        raise ValidationError(
            _("Chỉ lô nhập bị lỗi hoặc bị gián đoạn mới có thể tiếp tục, hủy hoặc chạy lại.")
        )


def import_job_resume(*, user: User, job: ImportJob) -> ImportJob:
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


def import_job_rollback(*, user: User, job: ImportJob) -> ImportJob:
    """Discard a failed job: its staged and quarantined rows; the dossiers stay as before."""
    _check_failed(user, job)
    _discard_unfinished_store_job(job)
    job.status = JobStatus.ROLLED_BACK
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at"])
    return job


def import_job_retry(*, user: User, job: ImportJob) -> ImportJob:
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
