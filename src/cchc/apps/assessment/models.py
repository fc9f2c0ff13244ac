"""The PAR self-assessment's stored state: criteria-set versions, a year's assessment and its entries,
and the evidence library with the attachments that link its files to entries.

Rules (validation, scoring, gaps, steps) live in :mod:`cchc.domain.assessment`; these models keep their
inputs and the figures as they were measured. A year's assessment points at the criteria-set version it
was scored with (PROTECT: a used version is never deleted; editing a set saves a new version).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.domain.assessment import workflow


class CriteriaSetVersion(models.Model):
    """One version of a criteria set, as its rows (cchc.domain.assessment.criteria.parse_set reads them)."""

    code = models.CharField(_("mã bộ tiêu chí"), max_length=60)
    version = models.CharField(_("phiên bản"), max_length=60)
    name = models.CharField(_("tên"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm áp dụng"), null=True, blank=True)
    basis = models.CharField(_("căn cứ"), max_length=500, blank=True)
    sample = models.BooleanField(_("bộ mẫu"), default=False)
    header = models.JSONField(_("thông tin bộ tiêu chí"), default=dict)
    rows = models.JSONField(_("các dòng tiêu chí"), default=list)
    origin = models.CharField(_("nguồn"), max_length=20, default="file")  # file | xlsx | editor
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản bộ tiêu chí")
        verbose_name_plural = _("phiên bản bộ tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="assessment_set_version_unique")
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"


class Assessment(models.Model):
    """A year's self-assessment of one organisation (the Sở), scored with one criteria-set version."""

    organisation = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    criteria_set = models.ForeignKey(CriteriaSetVersion, on_delete=models.PROTECT, related_name="assessments")
    state = models.CharField(
        _("bước"), max_length=20, default=workflow.DRAFT, choices=[(k, v) for k, v in workflow.STATES.items()]
    )
    survey = models.DecimalField(
        _("điểm điều tra xã hội học"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    survey_note = models.CharField(_("nguồn công bố điểm điều tra"), max_length=300, blank=True)
    measured_at = models.DateTimeField(_("lần lấy số liệu gần nhất"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tự đánh giá Chỉ số CCHC")
        verbose_name_plural = _("tự đánh giá Chỉ số CCHC")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="assessment_one_per_year")
        ]
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"

    @property
    def unit(self):  # type: ignore[no-untyped-def]
        return self.organisation


class Entry(models.Model):
    """One scored entry (sub-criterion, or criterion without any) of a year's assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    code = models.CharField(_("mã"), max_length=20)
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("đơn vị tự chấm"),
    )  # fmt: skip
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=4, null=True, blank=True)
    value_yes = models.BooleanField(_("có/không"), null=True, blank=True)
    na = models.BooleanField(_("không phát sinh"), default=False)
    explanation = models.TextField(_("giải trình"), blank=True)
    # the measured figure as it was read from the registry of measured sources
    measured_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    measured_unit = models.CharField(max_length=20, blank=True)
    measured_period = models.CharField(max_length=40, blank=True)
    measured_label = models.CharField(max_length=300, blank=True)
    measured_url = models.CharField(max_length=500, blank=True)
    measured_query = models.CharField(max_length=200, blank=True)
    numerator = models.BigIntegerField(null=True, blank=True)
    denominator = models.BigIntegerField(null=True, blank=True)
    overridden = models.BooleanField(_("sửa giá trị đo được"), default=False)
    override_reason = models.TextField(_("lý do sửa giá trị đo được"), blank=True)
    appraisal_points = models.DecimalField(
        _("điểm thẩm định"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    difference_reason = models.TextField(_("lý do chênh lệch"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tiêu chí tự đánh giá")
        verbose_name_plural = _("tiêu chí tự đánh giá")
        constraints = [models.UniqueConstraint(fields=["assessment", "code"], name="assessment_entry_unique")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.code}"


FIXITY_OK, FIXITY_CHANGED, FIXITY_MISSING = "ok", "changed", "missing"
FIXITY = [
    (FIXITY_OK, _("Khớp mã băm")),
    (FIXITY_CHANGED, _("Tệp đã bị thay đổi")),
    (FIXITY_MISSING, _("Không tìm thấy tệp")),
]


class EvidenceFile(models.Model):
    """A file of the evidence library: uploaded here, or a file cchc already stores (an issued document,
    a task's evidence) referenced by its model, id and field. One row per file, whatever the years and
    criteria it serves; its SHA-256 is taken once, when it enters the library (fixity)."""

    organisation = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    name = models.CharField(_("tên tài liệu"), max_length=300)
    kind = models.CharField(_("loại"), max_length=20)  # upload | document | task_evidence
    file = models.FileField(_("tệp"), upload_to="assessment/%Y/", blank=True)
    ref_model = models.CharField(max_length=60, blank=True)  # "documents.OutgoingDocument"
    ref_pk = models.PositiveBigIntegerField(null=True, blank=True)
    ref_field = models.CharField(max_length=40, blank=True)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    # the last re-verification (services.verify_evidence): the bytes hashed again and compared with sha256,
    # which never changes; "" not verified yet
    fixity = models.CharField(_("kết quả kiểm tra mã băm"), max_length=10, blank=True, choices=FIXITY)
    fixity_checked_at = models.DateTimeField(_("lần kiểm tra mã băm gần nhất"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sha256"], name="assessment_evidence_by_hash"),
        ]
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class Attachment(models.Model):
    """An evidence file attached to an entry, as one of the evidence the entry requires."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="attachments")
    evidence = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="attachments")
    requirement = models.CharField(_("tài liệu yêu cầu"), max_length=300, blank=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu đính kèm tiêu chí")
        verbose_name_plural = _("tài liệu đính kèm tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "evidence", "requirement"], name="assessment_attach_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} ← {self.evidence}"
