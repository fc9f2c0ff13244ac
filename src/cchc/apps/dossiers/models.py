"""Django side of the dossier analytics: import jobs (mirrors of the DuckDB store's jobs), the editable
calendar overrides, unit-code aliases of one-stop-shop exports and indicator → directive-target links.

The dossiers themselves live in the DuckDB store (cchc.analytics), not here: millions of rows and
columnar scans are what DuckDB is for; Django keeps only what people create and edit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.apps.core.datapaths import DataPathField
from cchc.apps.core.models import ReminderMailBase
from cchc.apps.org.models import Unit


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang nhập")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")
    INTERRUPTED = "interrupted", _("Bị gián đoạn — có thể tiếp tục")
    ROLLED_BACK = "rolled_back", _("Đã hủy")


class ImportJob(models.Model):
    """One uploaded file and what became of it; the UI polls ``progress`` while the worker imports."""

    file_name = models.CharField(_("tên tệp"), max_length=255)
    # Relative to CCHC_DATA_DIR (cchc.apps.core.datapaths): the upload folder moves with a restored backup.
    file_path = DataPathField(_("tệp lưu trữ"), max_length=500, editable=False)
    file_size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    source = models.CharField(_("nguồn dữ liệu"), max_length=60, default="mot-cua")
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    rows_done = models.PositiveBigIntegerField(_("số dòng đã xử lý"), default=0)
    rows_total = models.PositiveBigIntegerField(_("tổng số dòng"), default=0)
    imported = models.PositiveBigIntegerField(_("thêm mới"), default=0)
    updated = models.PositiveBigIntegerField(_("cập nhật"), default=0)
    quarantined = models.PositiveBigIntegerField(_("cách ly"), default=0)
    duplicates = models.PositiveBigIntegerField(_("trùng trong tệp"), default=0)
    # Rows naming a unit / procedure code the organisation does not know: kept (counted, "chưa xác định
    # đơn vị") or quarantined, the uploader's choice; their counts by code once the import is done.
    unknown_codes = models.CharField(
        _("mã đơn vị, mã TTHC chưa xác định"),
        max_length=12,
        choices=[("keep", _("nhập, đếm vào mục “chưa xác định”")), ("quarantine", _("đưa vào khu cách ly"))],
        default="keep",
    )
    unknown = models.JSONField(_("mã chưa xác định"), default=dict, blank=True)
    # The file's columns no field reads ("unused") and those looking like a known field ("suspect").
    columns = models.JSONField(_("cột không dùng"), default=dict, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    # The job id inside the DuckDB store; known once the analytics import has registered the file.
    store_job_id = models.BigIntegerField(
        _("mã lần nhập trong kho phân tích"), null=True, blank=True, editable=False
    )
    # The background job (django-tasks result) that runs it now; its lease tells whether a worker is alive.
    task_id = models.UUIDField(_("mã việc nền"), null=True, blank=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    created_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    started_at = models.DateTimeField(_("thời điểm bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lô nhập hồ sơ")
        verbose_name_plural = _("lô nhập hồ sơ")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def mapping_rows(self) -> list[tuple[str, str]]:
        """(file column, the Vietnamese name of the field it fed) as the import mapped them."""
        from cchc.domain.dossiers import MAPPABLE

        mapping = (self.columns or {}).get("mapping") or {}
        return [(h, str(MAPPABLE[f].label) if f in MAPPABLE else f) for h, f in mapping.items()]

    @property
    def suspect_columns(self) -> list[tuple[str, str]]:
        """(file column, the Vietnamese name of the field it looks like) of the unmapped columns."""
        from cchc.domain.dossiers import FIELD_BY_NAME

        suspect = (self.columns or {}).get("suspect") or {}
        return [(h, FIELD_BY_NAME[f].label if f in FIELD_BY_NAME else f) for h, f in suspect.items()]

    @property
    def unknown_summary(self) -> list[dict[str, object]]:
        """Rows with unknown unit / procedure codes, per kind: label, rows, the first codes with counts."""
        out: list[dict[str, object]] = []
        labels = (
            ("units", _("Mã đơn vị không có trong cơ cấu tổ chức")),
            ("procedures", _("Mã TTHC không có trong danh mục")),
        )
        for key, label in labels:
            found = (self.unknown or {}).get(key) or {}
            if found:
                codes = ", ".join(f"{c} ({n})" for c, n in list(found.items())[:20])
                out.append(
                    {
                        "label": label,
                        "rows": sum(found.values()),
                        "codes": codes + (" …" if len(found) > 20 else ""),
                    }
                )
        return out

    @property
    def percent(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        return min(100, 100 * self.rows_done // self.rows_total) if self.rows_total else 0

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.INTERRUPTED, JobStatus.ROLLED_BACK)

    @property
    def actionable(self) -> bool:
        """A person may resume, roll back or retry it."""
        return self.status in (JobStatus.FAILED, JobStatus.INTERRUPTED)


class UnitCodeAlias(models.Model):
    """The unit code a one-stop-shop export uses (per source) for one of our units, when ≠ Unit.code."""

    source = models.CharField(
        _("nguồn dữ liệu"), max_length=60, blank=True, help_text=_("Để trống: mọi nguồn")
    )
    external_code = models.CharField(_("mã đơn vị trong tệp"), max_length=80)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("đơn vị"))

    class Meta:
        ordering = ["external_code"]
        constraints = [
            models.UniqueConstraint(fields=["source", "external_code"], name="dossiers_alias_unique")
        ]
        verbose_name = _("mã đơn vị ngoài")
        verbose_name_plural = _("mã đơn vị ngoài")

    def __str__(self) -> str:
        return f"{self.external_code} → {self.unit}"


class ColumnProfile(models.Model):
    """The column mapping saved for one source from the import preview, in the format of
    ``src/cchc/domain/data/dossier_profiles.toml`` (read by the same loader): tried before the built-in
    profiles when a file of that source is imported, by the web and by ``cchc dossiers import``."""

    source = models.CharField(_("nguồn dữ liệu"), max_length=60, unique=True)
    text = models.TextField(_("mẫu cột (TOML)"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mẫu cột của nguồn")
        verbose_name_plural = _("mẫu cột của các nguồn")
        ordering = ["source"]

    def __str__(self) -> str:
        return self.source


class PortalImport(models.Model):
    """A file of 766 scores saved from the national portal (Cổng DVCQG), kept to be compared with cchc's
    (``cchc.domain.portal766``, docs/analytics.md "Đối chiếu với Cổng DVCQG"). Scoped by ``unit``: the Sở
    (or the unit) whose data it is; its rows name units of that subtree."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    period = models.CharField(_("kỳ chọn khi nhập"), max_length=40, blank=True)
    layout = models.CharField(_("dạng tệp"), max_length=20)
    exported_on = models.DateField(_("ngày Cổng xuất số liệu"), null=True, blank=True)
    rows_count = models.PositiveIntegerField(_("số điểm"), default=0)
    unmatched = models.PositiveIntegerField(_("số điểm của đơn vị chưa xác định"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    created_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("tệp điểm 766 của Cổng DVCQG")
        verbose_name_plural = _("tệp điểm 766 của Cổng DVCQG")

    def __str__(self) -> str:
        return self.file_name


class PortalScore(models.Model):
    """One score of an imported portal file: an indicator's, a group's or the total of a unit × period.
    ``unit`` is the unit the file's code or name was matched to (None: not in the import's subtree)."""

    portal_import = models.ForeignKey(PortalImport, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    where = models.CharField(_("vị trí trong tệp"), max_length=120)
    unit_code = models.CharField(_("mã đơn vị trong tệp"), max_length=80, blank=True)
    unit_name = models.CharField(_("tên đơn vị trong tệp"), max_length=255, blank=True)
    period = models.CharField(_("kỳ"), max_length=40)
    level = models.CharField(_("mức"), max_length=10)  # indicator | group | total
    group = models.CharField(_("nhóm"), max_length=10, blank=True)
    indicator = models.CharField(_("chỉ số"), max_length=10, blank=True)
    score = models.DecimalField(_("điểm"), max_digits=8, decimal_places=4)
    numerator = models.DecimalField(_("tử số"), max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("mẫu số"), max_digits=16, decimal_places=4, null=True, blank=True)
    dossiers = models.PositiveIntegerField(_("số hồ sơ"), null=True, blank=True)

    class Meta:
        ordering = ["portal_import", "id"]
        verbose_name = _("điểm 766 của Cổng DVCQG")
        verbose_name_plural = _("điểm 766 của Cổng DVCQG")

    def __str__(self) -> str:
        return f"{self.unit_code or self.unit_name} {self.period} {self.indicator or self.group or 'tổng'}"


class QuietUnit(models.TextChoices):
    HOURS = "hours", _("giờ")
    WORKING_DAYS = "working_days", _("ngày làm việc")


class Feed(models.Model):
    """A continuous feed: the drop folder of one source (a one-stop-shop vendor's SFTP or cron copies its
    exports there) that ``cchc worker`` watches and imports with the source's saved column profile
    (cchc.apps.dossiers.feeds). The folder is relative to the feeds root (``CCHC_DOSSIERS_FEEDS_DIR``)
    and set only by an administrator; the unit scopes who sees and edits it."""

    source = models.CharField(_("nguồn dữ liệu"), max_length=60, unique=True)
    folder = models.CharField(_("thư mục nhận tệp"), max_length=200)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị phụ trách")
    )
    enabled = models.BooleanField(_("đang theo dõi"), default=True)
    quiet_after = models.PositiveSmallIntegerField(_("báo im lặng sau"), default=2)
    quiet_unit = models.CharField(
        _("đơn vị của ngưỡng"), max_length=20, choices=QuietUnit.choices, default=QuietUnit.WORKING_DAYS
    )
    unknown_codes = models.CharField(
        _("mã đơn vị, mã TTHC chưa xác định"),
        max_length=12,
        choices=[("keep", _("nhập, đếm vào mục “chưa xác định”")), ("quarantine", _("đưa vào khu cách ly"))],
        default="keep",
    )
    # The files of the folder as the last scan saw them (name → [size, mtime_ns, seen at]): a file is
    # taken when two scans saw it unchanged (cchc.domain.feeds.is_stable).
    observed = models.JSONField(default=dict, blank=True, editable=False)
    last_scan_at = models.DateTimeField(_("lần quét gần nhất"), null=True, blank=True, editable=False)
    last_file_at = models.DateTimeField(_("tệp mới gần nhất"), null=True, blank=True, editable=False)
    quiet_alerted_at = models.DateTimeField(_("đã báo im lặng lúc"), null=True, blank=True, editable=False)
    scan_error = models.TextField(_("lỗi khi quét"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        ordering = ["source"]
        verbose_name = _("nguồn tự động")
        verbose_name_plural = _("nguồn tự động")

    def __str__(self) -> str:
        return self.source


class FeedFileStatus(models.TextChoices):
    RECEIVING = "receiving", _("Đang nhận")
    QUEUED = "queued", _("Đã chuyển nhập")
    NEEDS_MAPPING = "needs_mapping", _("Cần ghép cột")
    DUPLICATE = "duplicate", _("Đã nhập trước đây")
    REFUSED = "refused", _("Không nhận")


class FeedFile(models.Model):
    """One file taken from a drop folder and what became of it: an import job, "cần ghép cột" (waits for
    a person at the column-mapping step), "đã nhập trước đây" (the same content came before: nothing
    imported) or refused with the reason. ``path`` is where the file is now (processing/, done/, failed/)."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="files", verbose_name=_("nguồn"))
    name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=FeedFileStatus.choices, default=FeedFileStatus.RECEIVING
    )
    path = DataPathField(_("vị trí tệp"), max_length=500, editable=False)
    job = models.ForeignKey(
        ImportJob,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lô nhập"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("trùng với"),
    )
    reason = models.TextField(_("lý do"), blank=True)
    received_at = models.DateTimeField(_("nhận lúc"), auto_now_add=True)
    settled_at = models.DateTimeField(_("xếp xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # The same content is imported once per feed: a second drop is recorded as a duplicate.
            models.UniqueConstraint(
                fields=["feed", "sha256"],
                condition=models.Q(status__in=["queued", "needs_mapping"]),
                name="dossiers_feedfile_once",
            )
        ]
        verbose_name = _("tệp của nguồn tự động")
        verbose_name_plural = _("tệp của nguồn tự động")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"


class FeedLock(models.Model):
    """A lease that lets one scanner at a time walk the drop folders, whatever the number of workers."""

    name = models.CharField(max_length=40, unique=True)
    holder = models.CharField(max_length=64, blank=True)
    until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.holder}"


class FeedAlert(models.Model):
    """One quiet spell of a feed, alerted: the spell is known by its start (``since``: the last new file,
    or the feed's creation), so the unique key makes the alert go out once per spell whatever the number
    of scans, scanners or retries (cchc.apps.core.mails.send_once)."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="alerts")
    since = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["feed", "since"], name="dossiers_feed_alert_once")]

    def __str__(self) -> str:
        return f"{self.feed} · {self.since:%Y-%m-%d %H:%M}"


class FeedAlertMail(ReminderMailBase):
    """The e-mail of one quiet-feed alert to one person, written with the alert and sent after the commit
    (core.mails.write_mails / deliver_unsent)."""

    log = models.ForeignKey(FeedAlert, on_delete=models.CASCADE, related_name="mails")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["log", "user"], name="dossiers_feed_alert_mail_once")]
