"""People: staff records, training and digital skills, output-based evaluation (NĐ 335/2025), discipline.

Personal data (``PERSONAL_FIELDS``) and discipline records are shown only to whom access.py names
(``can_see_personal``, ``people.discipline``); everything else about a person — name, unit, position,
ngạch, vị trí việc làm — is the staff register that whoever holds ``people.view`` reads in their scope.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.apps.core.models import ImportBatchBase, RejectedRowBase
from cchc.apps.org.models import Unit
from cchc.domain import names
from cchc.domain.people.evaluation import Rating

PERSONAL_FIELDS = ("birth_date", "gender", "id_number", "phone", "email", "started_on")


class StaffKind(models.TextChoices):
    CAN_BO = "can_bo", _("Cán bộ")
    CONG_CHUC = "cong_chuc", _("Công chức")
    VIEN_CHUC = "vien_chuc", _("Viên chức")
    HOP_DONG = "hop_dong", _("Người lao động")


class Gender(models.TextChoices):
    NAM = "nam", _("Nam")
    NU = "nu", _("Nữ")


class StaffRecord(models.Model):
    code = models.CharField(_("mã cán bộ"), max_length=40, unique=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff_record",
        verbose_name=_("tài khoản"),
    )
    family_name = models.CharField(_("họ"), max_length=60)
    given_name = models.CharField(_("đệm và tên"), max_length=100)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="staff_records", verbose_name=_("đơn vị")
    )
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    rank = models.CharField(_("ngạch"), max_length=120, blank=True)
    job_position = models.CharField(_("vị trí việc làm"), max_length=160, blank=True)
    staff_kind = models.CharField(
        _("loại"), max_length=12, choices=StaffKind.choices, default=StaffKind.CONG_CHUC
    )
    is_active = models.BooleanField(_("đang công tác"), default=True)
    # Personal data: see PERSONAL_FIELDS.
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    gender = models.CharField(_("giới tính"), max_length=4, choices=Gender.choices, blank=True)
    id_number = models.CharField(_("số CCCD"), max_length=12, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    started_on = models.DateField(_("ngày tuyển dụng"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path", "given_name", "family_name", "code"]
        verbose_name = _("hồ sơ cán bộ")
        verbose_name_plural = _("hồ sơ cán bộ")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return names.full_name(self.family_name, self.given_name)

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return names.sort_key(self.family_name, self.given_name)


class Course(models.Model):
    code = models.CharField(_("mã khóa học"), max_length=40, unique=True)
    name = models.CharField(_("tên khóa học"), max_length=255)
    provider = models.CharField(_("đơn vị tổ chức / nền tảng"), max_length=160, blank=True)
    digital_skills = models.BooleanField(_("bồi dưỡng kỹ năng số"), default=True)
    starts_on = models.DateField(_("từ ngày"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="courses", verbose_name=_("đơn vị quản lý")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("khóa học")
        verbose_name_plural = _("khóa học")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class Attendance(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attendance")
    staff = models.ForeignKey(StaffRecord, on_delete=models.CASCADE, related_name="attendance")
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    certificate = models.CharField(_("số chứng nhận"), max_length=80, blank=True)

    class Meta:
        ordering = ["course", "staff"]
        constraints = [models.UniqueConstraint(fields=["course", "staff"], name="people_attendance_once")]
        verbose_name = _("kết quả học tập")
        verbose_name_plural = _("kết quả học tập")

    def __str__(self) -> str:
        return f"{self.staff} — {self.course.code}"


class DisciplineForm(models.TextChoices):
    KHIEN_TRACH = "khien_trach", _("Khiển trách")
    CANH_CAO = "canh_cao", _("Cảnh cáo")
    HA_BAC_LUONG = "ha_bac_luong", _("Hạ bậc lương")
    GIANG_CHUC = "giang_chuc", _("Giáng chức")
    CACH_CHUC = "cach_chuc", _("Cách chức")
    BUOC_THOI_VIEC = "buoc_thoi_viec", _("Buộc thôi việc")


class DisciplineRecord(models.Model):
    staff = models.ForeignKey(StaffRecord, on_delete=models.CASCADE, related_name="discipline")
    form = models.CharField(_("hình thức kỷ luật"), max_length=16, choices=DisciplineForm.choices)
    decided_on = models.DateField(_("ngày quyết định"))
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")

    def __str__(self) -> str:
        return f"{self.get_form_display()} ({self.decided_on:%d/%m/%Y})"


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa tự đánh giá")
    SUBMITTED = "submitted", _("Đã tự đánh giá")
    REVIEWED = "reviewed", _("Trưởng đơn vị đã đánh giá")
    APPROVED = "approved", _("Lãnh đạo đã phê duyệt")


# The domain's labels (cchc.domain.people.evaluation.RATING_LABELS) through gettext, so pages in English
# read "Outstanding" rather than the Vietnamese text.
RATING_CHOICES = [
    (Rating.EXCELLENT.value, _("Hoàn thành xuất sắc nhiệm vụ")),
    (Rating.GOOD.value, _("Hoàn thành tốt nhiệm vụ")),
    (Rating.DONE.value, _("Hoàn thành nhiệm vụ")),
    (Rating.FAILED.value, _("Không hoàn thành nhiệm vụ")),
]
RATING_TEXT = dict(RATING_CHOICES)


class Evaluation(models.Model):
    """One person's score for one month or quarter: the person's self-assessment, the unit head's review
    (general marks, task grades → total and rating) and the leader's approval (the cap applied)."""

    staff = models.ForeignKey(StaffRecord, on_delete=models.CASCADE, related_name="evaluations")
    period = models.CharField(_("kỳ"), max_length=10)
    scheme = models.CharField(_("bộ tiêu chí"), max_length=40)
    status = models.CharField(max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT)
    self_marks = models.JSONField(_("tự chấm tiêu chí chung"), default=dict, blank=True)
    self_note = models.TextField(_("tự nhận xét"), blank=True)
    marks = models.JSONField(_("điểm tiêu chí chung"), default=dict, blank=True)
    review_note = models.TextField(_("nhận xét của trưởng đơn vị"), blank=True)
    products = models.JSONField(_("sản phẩm, công việc"), default=list, blank=True)
    general = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    quantity = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    quality = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    progress = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    results = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    total = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    rating = models.CharField(_("xếp loại theo điểm"), max_length=20, choices=RATING_CHOICES, blank=True)
    final_rating = models.CharField(_("xếp loại"), max_length=20, choices=RATING_CHOICES, blank=True)
    capped = models.BooleanField(default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period", "staff__unit__path", "staff__given_name"]
        constraints = [models.UniqueConstraint(fields=["staff", "period"], name="people_evaluation_once")]
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")

    def __str__(self) -> str:
        return f"{self.staff} — {self.period}"

    @property
    def shown_rating(self) -> str:
        return self.final_rating or self.rating

    def rating_label(self) -> str:
        value = self.shown_rating
        return str(RATING_TEXT[value]) if value else ""


class TaskGrade(models.Model):
    """The unit head's grade of one directive task for evaluations: its weight (quy đổi), whether the
    product met the quality requirement (None: as the task's approval says) and a confirmed objective
    cause (no deduction)."""

    task = models.OneToOneField("directives.Task", on_delete=models.CASCADE, related_name="+")
    weight = models.DecimalField(_("hệ số quy đổi"), max_digits=5, decimal_places=2, default=Decimal(1))
    met_quality = models.BooleanField(_("đạt yêu cầu chất lượng"), null=True, blank=True)
    objective_cause = models.BooleanField(_("nguyên nhân khách quan"), default=False)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("chấm sản phẩm")
        verbose_name_plural = _("chấm sản phẩm")

    def __str__(self) -> str:
        return f"{self.task_id}: {self.weight}"


class AnnualRating(models.Model):
    staff = models.ForeignKey(StaffRecord, on_delete=models.CASCADE, related_name="annual_ratings")
    year = models.PositiveSmallIntegerField(_("năm"))
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    rating = models.CharField(_("xếp loại"), max_length=20, choices=RATING_CHOICES)
    capped = models.BooleanField(default=False)
    disqualified = models.BooleanField(_("bị kỷ luật trong năm"), default=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "staff__unit__path", "staff__given_name"]
        constraints = [models.UniqueConstraint(fields=["staff", "year"], name="people_annual_once")]
        verbose_name = _("xếp loại năm")
        verbose_name_plural = _("xếp loại năm")

    def __str__(self) -> str:
        return f"{self.staff} — {self.year}"


class BatchKind(models.TextChoices):
    STAFF = "staff", _("Danh sách cán bộ")
    ATTENDANCE = "attendance", _("Kết quả học tập")


class ImportBatch(ImportBatchBase):
    kind = models.CharField(max_length=12, choices=BatchKind.choices)

    class Meta(ImportBatchBase.Meta):
        verbose_name = _("lần nhập")
        verbose_name_plural = _("lần nhập")


class RejectedRow(RejectedRowBase):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejected_rows")
