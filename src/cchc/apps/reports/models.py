"""A periodic CCHC report (quý, 6 tháng, năm — standards §8) of one unit: the figures generated from the
registry of measured sources (JSON, refreshed on demand), the text of each section of the outline as the user
edited it, its state (dự thảo → đã ban hành) and the drafted document it became (numbering and signing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    QUARTER = "quarter", _("Báo cáo quý")
    HALF_YEAR = "half_year", _("Báo cáo 6 tháng")
    YEAR = "year", _("Báo cáo năm")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class Report(models.Model):
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="cchc_reports", verbose_name=_("Đơn vị báo cáo")
    )
    period = models.CharField(_("Kỳ báo cáo"), max_length=10)  # "2026-Q1", "2026-H1", "2026"
    kind = models.CharField(_("Loại báo cáo"), max_length=10, choices=ReportKind.choices)
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    title = models.CharField(_("Trích yếu"), max_length=500)
    outline_name = models.CharField(_("Đề cương"), max_length=200, blank=True)
    due_on = models.DateField(_("Hạn gửi báo cáo"))
    figures = models.JSONField(_("Số liệu"), default=dict, blank=True)  # content.sections_as_json
    texts = models.JSONField(_("Nội dung các mục"), default=dict, blank=True)  # section key → text
    generated_at = models.DateTimeField(_("Thời điểm lấy số liệu"), null=True, blank=True)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    document = models.ForeignKey(
        "documents.OutgoingDocument", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Văn bản dự thảo"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Người tạo"),
    )  # fmt: skip
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Người cập nhật"),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-due_on", "unit__path", "-created_at"]
        verbose_name = _("Báo cáo CCHC định kỳ")
        verbose_name_plural = _("Báo cáo CCHC định kỳ")

    def __str__(self) -> str:
        return self.title
