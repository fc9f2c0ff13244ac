"""Budget-disclosure register (TT 61/2017/TT-BTC Điều 6): one row per disclosure a unit owes for a year.

The duties and deadline rules are data (``cchc/domain/data/finance_disclosure.toml``); a row stores the
event that starts the clock, the due date computed from it (services.record_disclosure) and the proof of
publication: the date, the form, the link on the portal and/or the number of the document that published it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.apps.core.models import ImportBatchBase, RejectedRowBase, ReminderMailBase


class Disclosure(models.Model):
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="disclosures", verbose_name=_("Đơn vị")
    )
    year = models.PositiveIntegerField(_("Năm ngân sách"))
    duty = models.CharField(_("Nghĩa vụ"), max_length=40)
    period = models.CharField(_("Kỳ"), max_length=4, blank=True)
    sequence = models.PositiveSmallIntegerField(_("Lần"), default=1)
    event_date = models.DateField(_("Ngày phát sinh"), null=True, blank=True)
    due_date = models.DateField(_("Hạn công khai"), null=True, blank=True)
    published_on = models.DateField(_("Ngày công khai"), null=True, blank=True)
    form = models.CharField(_("Hình thức công khai"), max_length=40, blank=True)
    link = models.URLField(_("Đường dẫn công khai"), max_length=500, blank=True)
    proof_document = models.CharField(_("Số, ký hiệu văn bản công khai"), max_length=120, blank=True)
    issued_document = models.ForeignKey(
        "documents.OutgoingDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Văn bản công khai ban hành trên hệ thống"),
    )  # fmt: skip
    proof_file = models.FileField(_("Tệp minh chứng công khai"), upload_to="finance/proofs/%Y/", blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["year", "unit__path", "due_date", "duty", "period", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "duty", "period", "sequence"], name="finance_disclosure_once"
            )
        ]
        verbose_name = _("Nghĩa vụ công khai ngân sách")

    def __str__(self) -> str:
        return f"{self.duty} {self.period} {self.year}".strip()


class AutonomyRecord(models.Model):
    """The autonomy group of one public-service unit (đơn vị sự nghiệp công lập) for one year (NĐ 60/2021 Điều 9,
    ../shared/standards.md §9): the granting decision, the figures that justify it and the directive's target."""

    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="autonomy_records",
        verbose_name=_("Đơn vị sự nghiệp"),
    )
    year = models.PositiveIntegerField(_("Năm"))
    group = models.PositiveSmallIntegerField(_("Nhóm tự chủ"))
    decision_number = models.CharField(_("Số quyết định giao tự chủ"), max_length=80, blank=True)
    decision_date = models.DateField(_("Ngày quyết định"), null=True, blank=True)
    plan_period = models.CharField(_("Giai đoạn phương án tự chủ"), max_length=20, blank=True)
    revenue = models.DecimalField(_("Nguồn thu sự nghiệp (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True)  # fmt: skip
    spending = models.DecimalField(_("Chi thường xuyên (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True)  # fmt: skip
    share = models.DecimalField(
        _("Mức tự bảo đảm chi thường xuyên được duyệt (%)"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
    )
    finances_investment = models.BooleanField(_("Tự bảo đảm chi đầu tư"), default=False)
    target_group = models.PositiveSmallIntegerField(_("Nhóm mục tiêu theo chỉ đạo"), null=True, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit__path", "year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="finance_autonomy_once")]
        verbose_name = _("Tự chủ tài chính của đơn vị sự nghiệp")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year}: {self.group}"


class Asset(models.Model):
    """One public asset of a unit (trụ sở, xe, thiết bị) with its value, status and, after the reorganisation,
    the handling form and its progress (../shared/standards.md §11; codes from data/finance_assets.toml)."""

    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="assets", verbose_name=_("Đơn vị")
    )
    code = models.CharField(_("Mã tài sản"), max_length=40)
    name = models.CharField(_("Tên tài sản"), max_length=255)
    kind = models.CharField(_("Loại tài sản"), max_length=30)
    value = models.DecimalField(_("Nguyên giá (đồng)"), max_digits=18, decimal_places=0)
    book_value = models.DecimalField(_("Giá trị còn lại (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True)  # fmt: skip
    status = models.CharField(_("Hiện trạng"), max_length=30, default="dang_dung")
    idle_since = models.DateField(_("Không sử dụng từ ngày"), null=True, blank=True)
    handling_form = models.CharField(_("Hình thức xử lý"), max_length=40, blank=True)
    handling_decision = models.CharField(_("Quyết định xử lý"), max_length=120, blank=True)
    decided_on = models.DateField(_("Ngày quyết định xử lý"), null=True, blank=True)
    handover_on = models.DateField(_("Ngày bàn giao tạm"), null=True, blank=True)
    progress = models.CharField(_("Tiến độ xử lý"), max_length=20, default="chua_xu_ly")
    handled_on = models.DateField(_("Ngày xử lý xong"), null=True, blank=True)
    note = models.TextField(_("Ghi chú"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["unit__path", "kind", "code"]
        constraints = [models.UniqueConstraint(fields=["unit", "code"], name="finance_asset_code_once")]
        verbose_name = _("Tài sản công")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BatchKind(models.TextChoices):
    AUTONOMY = "autonomy", _("Tự chủ tài chính của đơn vị sự nghiệp")
    ASSET = "asset", _("Tài sản công")
    DISCLOSURE = "disclosure", _("Công khai ngân sách")


class ImportBatch(ImportBatchBase):
    """One import of a finance register from a table; every rejected row is kept with its reasons."""

    kind = models.CharField(max_length=12, choices=BatchKind.choices)

    class Meta(ImportBatchBase.Meta):
        verbose_name = _("Lần nhập sổ tài chính")


class RejectedRow(RejectedRowBase):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejected_rows")


class ReminderLog(models.Model):
    """One reminder decided for a duty on a day (a disclosure, or an asset report of a unit): the unique key
    makes the worker's job idempotent (once per duty × day)."""

    key = models.CharField(max_length=80)  # "disclosure:<pk>" | "asset-report:<code>:<unit pk>:<period>"
    day = models.DateField()
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    subject = models.CharField(max_length=200)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "day"], name="finance_reminder_once_per_day")]

    def __str__(self) -> str:
        return f"{self.key} {self.day}"


class ReminderMail(ReminderMailBase):
    """The e-mail of one reminder to one person (once per duty × day × recipient), written in the reminder's
    transaction and sent after the commit, marked sent before the mail server is called."""

    log = models.ForeignKey(ReminderLog, on_delete=models.CASCADE, related_name="mails")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["log", "user"], name="finance_reminder_mail_once")]
