"""The lease of a running background job: which worker runs it and when it last said so.

django-tasks-db marks a claimed job RUNNING and nothing else: a worker killed mid-job (kill -9, OOM,
power cut) leaves it RUNNING for ever. ``cchc worker`` (:mod:`cchc.apps.core.worker`) writes one
``JobLease`` per job it runs and refreshes ``heartbeat_at`` from a thread while the job runs; a job whose
heartbeat is older than the lease is abandoned and :func:`cchc.apps.core.jobs.recover_abandoned` takes it
back (retry, or hand it to a person). A separate small table, so a heartbeat rewrites 3 columns, not the
job's arguments and traceback.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobLease(models.Model):
    task = models.OneToOneField(
        "django_tasks_database.DBTaskResult",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="lease",
        verbose_name=_("công việc nền"),
    )
    worker_id = models.CharField(_("tiến trình xử lý"), max_length=64)
    heartbeat_at = models.DateTimeField(_("lần báo gần nhất"), db_index=True)

    class Meta:
        verbose_name = _("phiên chạy công việc nền")
        verbose_name_plural = _("phiên chạy công việc nền")

    def __str__(self) -> str:
        return f"{self.task_id} @ {self.worker_id}"


class CalendarOverride(models.Model):
    """A day forced to be working or off, on top of the shipped yearly notices (swaps, make-up days)."""

    day = models.DateField(_("ngày"), unique=True)
    working = models.BooleanField(_("là ngày làm việc"), default=False)
    name = models.CharField(_("tên gọi"), max_length=120, blank=True)
    source = models.CharField(
        _("căn cứ"), max_length=255, blank=True, help_text=_("Ví dụ: Thông báo số …/TB-BNV")
    )

    class Meta:
        # The table keeps the name it had in the dossiers app (the model moved to core with its rows).
        db_table = "dossiers_calendaroverride"
        ordering = ["day"]
        verbose_name = _("ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("lịch làm việc điều chỉnh")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"


class ImportBatchBase(models.Model):
    """What every import of a table keeps (finance, institutions, people): the file, the unit it was
    imported into, its header row, how many rows were written, the parser's warnings and who did it when.

    Each app's concrete ``ImportBatch`` adds its ``kind`` (its own choices and length) and whatever ties the
    batch to its register; its ``RejectedRow`` (:class:`RejectedRowBase`) keeps every refused row with its
    reasons. :mod:`cchc.apps.core.imports` writes both.
    """

    file_name = models.CharField(_("Tệp"), max_length=255)
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị"))
    headers = models.JSONField(default=list)
    imported_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class RejectedRowBase(models.Model):
    """A row an import refused, kept with its cells and reasons (nothing is lost); the concrete model adds
    ``batch = ForeignKey(<its ImportBatch>, related_name="rejected_rows")``."""

    row_number = models.PositiveIntegerField()
    raw = models.JSONField(default=dict)
    reasons = models.JSONField(default=list)

    class Meta:
        abstract = True
        ordering = ["batch", "row_number"]
        verbose_name = _("dòng lỗi")
        verbose_name_plural = _("dòng lỗi")

    def __str__(self) -> str:
        return f"{self.batch} #{self.row_number}"  # type: ignore[attr-defined]


class ReminderMailBase(models.Model):
    """The e-mail of one reminder to one person, written in the transaction that decides the reminder and sent
    after its commit by :func:`cchc.apps.core.mails.deliver_unsent` (marked sent before the mail server is
    called, so a retried run sends only what is still unmarked). The concrete model (directives,
    institutions, finance) adds ``log = ForeignKey(<its ReminderLog>, related_name="mails")`` and its
    once-per-recipient constraint; :func:`cchc.apps.core.mails.write_mails` writes the rows."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    address = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.log} → {self.address}"  # type: ignore[attr-defined]
