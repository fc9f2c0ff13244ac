"""Budget-disclosure register (TT 61/2017/TT-BTC Điều 6): one row per disclosure a unit owes for a year.

The duties and deadline rules are data (``cchc/domain/data/finance_disclosure.toml``); a row stores the
event that starts the clock, the due date computed from it (services.record_disclosure) and the proof of
publication: the date, the form, the link on the portal and/or the number of the document that published it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
