"""The worker's side of an import job: run it (or continue it after a crash) and the recovery hooks.

Separate from ``services`` (the user's side: create, resume, roll back, retry, which enqueue
``jobs.run_import``) so the background job calls this module and ``services`` imports ``jobs``, with no
import running back.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.analytics.importer import (
    ImportError_,
    KnownCodes,
    background_priority,
    import_file,
    result,
    resume_import,
)
from cchc.analytics.readers import ReadError
from cchc.apps.core.datapaths import resolve
from cchc.apps.core.errors import user_message
from cchc.apps.core.failpoints import checkpoint
from cchc.domain.errors import UserError

from .models import ImportJob, JobStatus
from .selectors import known_codes, saved_profiles
from .storage import StoreBusy, open_store

log = logging.getLogger("cchc.dossiers")
PROGRESS_EVERY_SECONDS = 0.5  # at most two progress writes a second, however small the chunks


def chunk_rows() -> int:
    # Smaller than the analytics default (500 000) so that the progress bar moves on ordinary files.
    return int(settings.DOSSIERS_IMPORT_CHUNK_ROWS)


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


def run_import_job(*, job_id: int, action: str = "import") -> ImportJob:
    """Run the import of one job; called by the worker.

    Safe to run again after a crash at any point: a store job this file left unfinished (``loading``,
    ``staging``) is continued (from its last chunk in the same process, else from the file again: the
    staging table is the importing process's), one the store committed is only recorded, so a dossier is
    never imported twice and a job is never started anew (``action`` is kept for jobs
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
    background_priority()  # the pages' requests go first while this import runs (docs/analytics.md)

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
                        mapping=(job.columns or {}).get("requested"),
                        saved=saved_profiles(job.source),
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
        columns={
            **({"requested": job.columns["requested"]} if "requested" in (job.columns or {}) else {}),
            "mapping": res.mapping,
            "profile": res.profile,
            "unused": res.unused_columns,
            "suspect": res.suspect_columns,
        },
        finished_at=timezone.now(),
        error="",
    )
    return ImportJob.objects.get(pk=job.pk)


def _known(job: ImportJob) -> KnownCodes:
    """The organisation's unit codes (with aliases) and catalogue, and the uploader's choice."""
    units, procedures = known_codes()
    return KnownCodes(units, procedures, "quarantine" if job.unknown_codes == "quarantine" else "keep")


def _fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.FAILED, error=message, finished_at=timezone.now(), store_job_id=job.store_job_id
    )


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
