"""Directives (công văn, chỉ thị, kế hoạch…) and the tasks they give to units.

Status words follow the issue: chưa thực hiện → đang thực hiện → chờ duyệt → hoàn thành. Whether a task
is *quá hạn* (overdue) or was finished *đúng hạn / trễ hạn* is never stored by hand: ``due_on`` is the
deadline moved onto a working day by the calendar (computed by the services on every deadline change),
and "overdue" is ``status != done and due_on < today`` — one indexed comparison, so lists stay fast.
"""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.apps.core.models import ReminderMailBase
from cchc.apps.org.models import Unit

NO_DEADLINE = date(9999, 12, 31)


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    PENDING = "pending", _("Chờ duyệt")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


# Closed tasks are not worked on, not reminded of and never overdue; a cancelled one is also left out of
# every on-time / overdue measure (it is neither due nor done).
CLOSED_STATUSES = (TaskStatus.DONE, TaskStatus.CANCELLED)
OPEN_STATUSES = tuple(s for s in TaskStatus.values if s not in CLOSED_STATUSES)


class CancelledWith(models.TextChoices):
    """Why a task was cancelled along with something else (restoring that restores it too)."""

    NONE = "", _("Hủy riêng nhiệm vụ")
    DIRECTIVE = "directive", _("Hủy cùng văn bản")
    TEMPLATE = "template", _("Hủy cùng nhiệm vụ định kỳ")


class Recurrence(models.TextChoices):
    NONE = "", _("Không lặp lại")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý (tháng cuối quý)")
    HALF_YEARLY = "half_yearly", _("6 tháng (tháng 6 và 12)")
    YEARLY = "yearly", _("Hằng năm (tháng 12)")


class Directive(models.Model):
    doc_type = models.CharField(_("loại văn bản"), max_length=60, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=80, blank=True, db_index=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    subject = models.TextField(_("trích yếu"))
    signer = models.CharField(_("người ký"), max_length=160, blank=True)
    # The unit that follows the directive up (normally the Văn phòng): it decides who sees it.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="directives", verbose_name=_("đơn vị theo dõi")
    )
    source_file = models.FileField(_("tệp văn bản"), upload_to="directives/%Y/", blank=True)
    source_text = models.TextField(_("nội dung văn bản"), blank=True)
    parsed = models.JSONField(_("kết quả trích xuất"), default=dict, blank=True)
    cited_numbers = models.JSONField(_("văn bản được dẫn chiếu"), default=list, blank=True)
    cites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="cited_by", verbose_name=_("dẫn chiếu")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Cancelled after confirming (services.directive_cancel): kept, with its reason, and restorable.
    cancelled_at = models.DateTimeField(_("ngày hủy"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người hủy"),
    )
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")

    def __str__(self) -> str:
        return f"{self.number} — {self.subject[:80]}" if self.number else self.subject[:80]

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Task(models.Model):
    directive = models.ForeignKey(
        Directive, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("văn bản")
    )
    number = models.CharField(_("mục"), max_length=20, blank=True)
    summary = models.TextField(_("nhiệm vụ"))
    text = models.TextField(_("trích nguyên văn"), blank=True)
    span_start = models.IntegerField(null=True, blank=True)
    span_end = models.IntegerField(null=True, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("đơn vị chủ trì")
    )
    coordinating_units = models.ManyToManyField(
        Unit, blank=True, related_name="coordinated_tasks", verbose_name=_("đơn vị phối hợp")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("người thực hiện"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    deadline_text = models.CharField(_("thời hạn (nguyên văn)"), max_length=255, blank=True)
    due_on = models.DateField(_("hạn xử lý (ngày làm việc)"), null=True, blank=True, editable=False)
    recurrence = models.CharField(
        _("lặp lại"), max_length=20, choices=Recurrence.choices, blank=True, default=""
    )
    recurrence_day = models.PositiveSmallIntegerField(_("trước ngày"), null=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="instances"
    )
    period = models.CharField(_("kỳ"), max_length=10, blank=True)
    # Derived on save, never typed: templates of recurring tasks are not worked on (their instances are),
    # and due_sort is due_on with "no deadline" last, so lists sort on a plain index on every database.
    is_template = models.BooleanField(default=False, editable=False)
    due_sort = models.DateField(default=NO_DEADLINE, editable=False)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    result = models.TextField(_("kết quả"), blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Cancelled after confirming (services.task_cancel): the status it had is kept so that restoring it
    # gives it back; ``cancelled_with`` says whether it went with its directive or recurring template.
    cancel_reason = models.TextField(_("lý do hủy"), blank=True)
    cancelled_at = models.DateTimeField(_("ngày hủy"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người hủy"),
    )
    status_before_cancel = models.CharField(
        _("trạng thái trước khi hủy"), max_length=20, choices=TaskStatus.choices, blank=True
    )
    cancelled_with = models.CharField(
        _("hủy cùng"), max_length=10, choices=CancelledWith.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "period"],
                condition=models.Q(parent__isnull=False),
                name="task_one_instance_per_period",
            ),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="task_progress_max_100"),
        ]
        indexes = [
            # Boolean tests compile to "NOT is_template", which no index prefix can serve: lead with the
            # sort key (templates are rare, skipped while walking) and cover the counting columns.
            models.Index(fields=["due_sort", "id"], name="task_due_sort"),
            # A unit's (or a person's) tasks in list order, covering the filters of the unit list and "my
            # tasks" and their page counts: SQLite walks the range in order and stops after one page instead
            # of sorting the unit's 10 000 tasks (is_template after the sort key, for the reason above).
            models.Index(
                fields=["unit", "due_sort", "id", "is_template", "status", "assignee"],
                name="task_unit_due_cover",
            ),
            models.Index(
                fields=["assignee", "due_sort", "id", "status", "is_template", "unit"],
                name="task_assignee_due_cover",
            ),
            models.Index(
                fields=["status", "due_on", "is_template", "completed_on", "unit"], name="task_status_cover"
            ),
            models.Index(fields=["status", "completed_on", "id"], name="task_status_completed_id"),
            models.Index(fields=["directive", "number"], name="task_directive_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.summary[:80]}" if self.number else self.summary[:80]

    def save(self, *args, **kwargs) -> None:
        self.is_template = bool(self.recurrence) and self.parent_id is None
        self.due_sort = self.due_on or NO_DEADLINE
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "is_template", "due_sort"}
        super().save(*args, **kwargs)

    @property
    def is_recurring_template(self) -> bool:
        return bool(self.recurrence) and self.parent_id is None

    @property
    def is_cancelled(self) -> bool:
        return self.status == TaskStatus.CANCELLED

    def is_overdue(self, today) -> bool:
        return self.status not in CLOSED_STATUSES and self.due_on is not None and self.due_on < today

    @property
    def on_time(self) -> bool | None:
        if self.status != TaskStatus.DONE or self.completed_on is None:
            return None
        return self.due_on is None or self.completed_on <= self.due_on


class ReportDecision(models.TextChoices):
    PENDING = "pending", _("Chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại")
    NOTED = "noted", _("Đã ghi nhận")


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    text = models.TextField(_("nội dung báo cáo"))
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=ReportDecision.choices, default=ReportDecision.NOTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")

    def __str__(self) -> str:
        return f"{self.percent}% — {self.text[:60]}"


class Evidence(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp minh chứng"), upload_to="evidence/%Y/%m/")
    name = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")

    def __str__(self) -> str:
        return self.name


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    APPROVED = "approved", _("Đồng ý")
    REJECTED = "rejected", _("Không đồng ý")


class ExtensionRequest(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    old_deadline = models.DateField(null=True, blank=True)
    new_deadline = models.DateField(_("đề nghị gia hạn đến"))
    reason = models.TextField(_("lý do"))
    status = models.CharField(max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")

    def __str__(self) -> str:
        return f"{self.task_id} → {self.new_deadline:%d/%m/%Y}"


class Comment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("ý kiến"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")

    def __str__(self) -> str:
        return self.text[:60]


class Target(models.Model):
    """A numeric target of a task; ``measured_value`` is entered by hand or fed by other modules."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="targets")
    metric = models.CharField(_("chỉ tiêu"), max_length=255)
    comparator = models.CharField(_("so sánh"), max_length=2, default=">=")
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    text = models.CharField(_("nguyên văn"), max_length=500, blank=True)
    target_year = models.PositiveSmallIntegerField(_("năm đạt chỉ tiêu"), null=True, blank=True)
    baseline = models.CharField(_("mốc so sánh"), max_length=120, blank=True)
    measured_value = models.DecimalField(
        _("giá trị đạt được"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    measured_on = models.DateField(_("ngày đo"), null=True, blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=120, blank=True)

    class Meta:
        ordering = ["task_id", "id"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return self.text or self.metric

    def get_additional_data(self) -> dict:
        """Kept on each audit entry of the target (auditlog), so the task's history finds its targets'
        changes, a removed target's included."""
        return {"task_id": self.task_id}

    def is_met(self) -> bool:
        if self.measured_value is None:
            return False
        m, v = Decimal(self.measured_value), Decimal(self.value)
        return {">=": m >= v, ">": m > v, "<=": m <= v, "<": m < v, "=": m == v}.get(self.comparator, m >= v)


class TargetSource(models.Model):
    """Feeds a target from a measured source (cchc.domain.measures): the figure of ``source`` over ``unit``'s
    subtree (empty: every unit) in ``period`` (empty: the year being synced) is recorded as the target's
    measured value by ``services.sync_targets`` (``cchc directives sync-targets``)."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="source_links", verbose_name=_("chỉ tiêu")
    )
    source = models.CharField(_("nguồn số liệu"), max_length=60, help_text=_("Ví dụ: index766.3.3"))
    unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("đơn vị"),
        help_text=_("Để trống: toàn bộ"),
    )
    period = models.CharField(
        _("kỳ"), max_length=30, blank=True, help_text=_("Ví dụ: 2026, 2026-Q1; để trống: năm đang đồng bộ")
    )
    last_value = models.DecimalField(
        _("giá trị gần nhất"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    last_synced_at = models.DateTimeField(_("lần đồng bộ gần nhất"), null=True, blank=True)

    class Meta:
        ordering = ["source", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "source", "unit", "period"], name="directives_target_source_unique"
            )
        ]
        verbose_name = _("nguồn số liệu của chỉ tiêu")
        verbose_name_plural = _("nguồn số liệu của chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30)
    message = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.message[:80]


class ReminderLog(models.Model):
    """One row per reminder or escalation actually sent: the unique key makes the job idempotent."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30)
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "day"], name="reminder_once_per_task_kind_day")
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.day}"


class ReminderMail(ReminderMailBase):
    """The e-mail of one reminder to one person (per task × kind × day × recipient). Written in the
    transaction of its ReminderLog, sent after the commit, and marked sent *before* the mail server is
    called: a run retried after a crash sends only what is still unmarked, so nobody gets it twice (a
    crash in the instant between the mark and the server's answer loses that one mail instead)."""

    log = models.ForeignKey(ReminderLog, on_delete=models.CASCADE, related_name="mails")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["log", "user"], name="reminder_mail_once_per_person")]


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """Secret for the per-user ICS feed URL (calendar apps cannot log in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token)

    def __str__(self) -> str:
        return str(self.user_id)


class ImportDraft(models.Model):
    """An uploaded letter waiting for review: the file, its text and what the extractor found."""

    file = models.FileField(upload_to="directives/drafts/%Y/")
    name = models.CharField(max_length=255)
    text = models.TextField()
    parsed = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    directive = models.ForeignKey(
        Directive, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A scanned PDF is read by OCR in a background job; the review screen waits for it, showing the pages done.
    ocr_status = models.CharField(max_length=10, blank=True, default="")  # "", pending, running, done, failed
    ocr_pages_done = models.PositiveIntegerField(default=0)
    ocr_pages_total = models.PositiveIntegerField(default=0)
    ocr_error = models.TextField(blank=True, default="")

    def __str__(self) -> str:
        return self.name

    @property
    def ocr_waiting(self) -> bool:
        return self.ocr_status in {"pending", "running"}
