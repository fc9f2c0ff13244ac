"""Catalogue of procedures (TTHC), its publishing history, simplification plans and imports.

The rules (codes, time limits, fees, compliance cost, targets) live in :mod:`cchc.domain.procedures`;
these models only store their inputs and results. ``Procedure`` is the current state; every change
made by an import or a decision is kept as a ``ProcedureVersion`` with a JSON snapshot.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.apps.org.models import Unit
from cchc.domain.dates import format_vn_datetime
from cchc.domain.procedures.time_limits import TimeLimit
from cchc.domain.procedures.time_limits import TimeUnit as DomainTimeUnit


class Level(models.TextChoices):
    PROVINCE = "tinh", _("Cấp tỉnh")
    COMMUNE = "xa", _("Cấp xã")
    CENTRAL = "tw", _("Cấp trung ương")


class OnlineLevel(models.TextChoices):
    FULL = "toan_trinh", _("Toàn trình")
    PARTIAL = "mot_phan", _("Một phần")
    NONE = "khong", _("Không")


class TimeUnit(models.TextChoices):
    # Values are those of cchc.domain.procedures.time_limits.TimeUnit, so conversion is a lookup.
    WORKING_DAY = "ngày làm việc", _("ngày làm việc")
    DAY = "ngày", _("ngày")
    WORKING_HOUR = "giờ làm việc", _("giờ làm việc")
    HOUR = "giờ", _("giờ")
    MONTH = "tháng", _("tháng")
    SAME_DAY = "trong ngày", _("trong ngày")


class Status(models.TextChoices):
    ACTIVE = "active", _("Đang thực hiện")
    ABOLISHED = "abolished", _("Đã bãi bỏ")


class Decision(models.Model):
    """Quyết định công bố (or a simplification decision), e.g. "2031/QĐ-UBND" of 28/11/2025."""

    number = models.CharField(_("số, ký hiệu"), max_length=80)
    signed_on = models.DateField(_("ngày ký"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500, blank=True)

    class Meta:
        ordering = ["-signed_on", "number"]
        verbose_name = _("quyết định công bố")
        verbose_name_plural = _("quyết định công bố")
        constraints = [models.UniqueConstraint(fields=["number", "signed_on"], name="decision_number_date")]

    def __str__(self) -> str:
        return f"{self.number} ({self.signed_on:%d/%m/%Y})"


class Procedure(models.Model):
    code = models.CharField(_("mã TTHC"), max_length=20, unique=True)  # normalised: "1.003901"
    code_as_published = models.CharField(_("mã như công bố"), max_length=40, blank=True)
    name = models.TextField(_("tên thủ tục"))
    field = models.CharField(_("lĩnh vực"), max_length=255, blank=True, db_index=True)
    level = models.CharField(_("cấp thực hiện"), max_length=4, choices=Level.choices, default=Level.PROVINCE)
    is_internal = models.BooleanField(_("TTHC nội bộ"), default=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("đơn vị chủ trì")
    )
    authority = models.CharField(_("cơ quan thực hiện (như công bố)"), max_length=255, blank=True)
    time_limit_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices, default=TimeUnit.WORKING_DAY
    )
    time_limit_condition = models.CharField(_("điều kiện tính thời hạn"), max_length=500, blank=True)
    time_limit_text = models.CharField(_("thời hạn (nguyên văn)"), max_length=500, blank=True)
    fees = models.JSONField(_("phí, lệ phí"), default=list, blank=True)  # list of FeeRule as dicts
    online_level = models.CharField(
        _("mức độ DVCTT"), max_length=12, choices=OnlineLevel.choices, blank=True, default=""
    )
    channels = models.JSONField(_("cách thức thực hiện"), default=list, blank=True)  # Channel values
    places = models.TextField(_("địa điểm thực hiện"), blank=True)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)  # one item per line
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    notes = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        indexes = [models.Index(fields=["unit", "status"], name="procedure_unit_status")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def time_limit(self) -> TimeLimit | None:
        """The catalogue's time limit as the domain reads it (None when the catalogue gives none)."""
        if self.time_limit_value is None:
            return None
        return TimeLimit(
            Decimal(self.time_limit_value),
            DomainTimeUnit(self.time_limit_unit),
            self.time_limit_condition,
            self.time_limit_text,
        )

    @property
    def working_days(self) -> Decimal | None:
        limit = self.time_limit
        return None if limit is None else limit.working_days()


class VersionAction(models.TextChoices):
    ADD = "add", _("Công bố mới")
    AMEND = "amend", _("Sửa đổi, bổ sung")
    ABOLISH = "abolish", _("Bãi bỏ")
    LIST = "list", _("Công bố lại danh mục")


class ProcedureVersion(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    decision = models.ForeignKey(
        Decision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("quyết định"),
    )
    batch = models.ForeignKey(
        "ImportBatch", null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )
    action = models.CharField(_("nội dung"), max_length=10, choices=VersionAction.choices)
    snapshot = models.JSONField(_("trạng thái sau thay đổi"), default=dict)
    changed_parts = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["procedure_id", "-created_at", "-id"]
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")

    def __str__(self) -> str:
        return f"{self.procedure.code} · {self.get_action_display()}"


class CostParameter(models.Model):
    """Income per hour used by the simplified SCM form; always with its source and year (TT 02/2017)."""

    name = models.CharField(_("tên tham số"), max_length=160)
    hourly_income = models.PositiveIntegerField(_("thu nhập bình quân (đồng/giờ)"))
    source = models.CharField(_("nguồn số liệu"), max_length=255)
    year = models.PositiveSmallIntegerField(_("năm số liệu"))
    cited_by = models.CharField(_("văn bản áp dụng"), max_length=255, blank=True)
    is_default = models.BooleanField(_("mặc định"), default=False)

    class Meta:
        ordering = ["-is_default", "-year", "name"]
        verbose_name = _("tham số chi phí")
        verbose_name_plural = _("tham số chi phí")

    def __str__(self) -> str:
        return f"{self.name} ({self.hourly_income:,} đ/giờ, {self.year})".replace(",", ".")


class CostMethod(models.TextChoices):
    SIMPLIFIED = "simplified", _("Rút gọn: ngày × giờ × thu nhập × hồ sơ/năm")
    MANUAL = "manual", _("Nhập số liệu (SCM đầy đủ)")


class SimplificationPlan(models.Model):
    procedure = models.ForeignKey(
        Procedure, on_delete=models.CASCADE, related_name="plans", verbose_name=_("thủ tục")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="procedure_plans", verbose_name=_("đơn vị chủ trì")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    reviewed = models.BooleanField(_("đã rà soát"), default=True)
    abolish = models.BooleanField(_("kiến nghị bãi bỏ"), default=False)
    time_before = models.DecimalField(_("thời hạn trước (ngày làm việc)"), max_digits=8, decimal_places=2, null=True, blank=True)  # fmt: skip
    time_after = models.DecimalField(_("thời hạn sau (ngày làm việc)"), max_digits=8, decimal_places=2, null=True, blank=True)  # fmt: skip
    steps_before = models.PositiveSmallIntegerField(_("số bước trước"), null=True, blank=True)
    steps_after = models.PositiveSmallIntegerField(_("số bước sau"), null=True, blank=True)
    components_before = models.PositiveSmallIntegerField(_("thành phần hồ sơ trước"), null=True, blank=True)
    components_after = models.PositiveSmallIntegerField(_("thành phần hồ sơ sau"), null=True, blank=True)
    fee_before = models.PositiveBigIntegerField(_("phí, lệ phí trước (đồng)"), null=True, blank=True)
    fee_after = models.PositiveBigIntegerField(_("phí, lệ phí sau (đồng)"), null=True, blank=True)
    cost_method = models.CharField(_("cách tính chi phí"), max_length=12, choices=CostMethod.choices, default=CostMethod.SIMPLIFIED)  # fmt: skip
    dossiers_per_year = models.DecimalField(
        _("số hồ sơ/năm"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    hours_per_day = models.DecimalField(_("số giờ/ngày"), max_digits=4, decimal_places=2, default=Decimal(8))
    cost_parameter = models.ForeignKey(
        CostParameter, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("thu nhập bình quân")
    )
    # Stored results (đồng/năm): computed by services.save_plan for the simplified form, typed for the full one.
    cost_before = models.PositiveBigIntegerField(
        _("chi phí tuân thủ trước (đồng/năm)"), null=True, blank=True
    )
    cost_after = models.PositiveBigIntegerField(_("chi phí tuân thủ sau (đồng/năm)"), null=True, blank=True)
    content = models.TextField(_("nội dung đơn giản hóa"), blank=True)
    recommendation = models.TextField(_("kiến nghị thực thi"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "procedure__code"]
        verbose_name = _("phương án đơn giản hóa")
        verbose_name_plural = _("phương án đơn giản hóa")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "year"], name="plan_one_per_procedure_year")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} ({self.year})"


class ActionKind(models.TextChoices):
    # Values are those of cchc.domain.procedures.costs.ActionKind (conversion is a lookup).
    PREPARATION = "chuẩn bị hồ sơ", _("chuẩn bị hồ sơ")
    SUBMISSION = "nộp hồ sơ", _("nộp hồ sơ")
    TRAVEL = "đi lại", _("đi lại")
    WAITING = "chờ đợi", _("chờ đợi")
    EXTERNAL_SERVICE = "thuê dịch vụ", _("thuê dịch vụ")
    OTHER = "khác", _("khác")


def default_online_removes() -> list[str]:
    from cchc.domain.procedures.channel_cost import DEFAULT_ONLINE_REMOVES

    return sorted(k.value for k in DEFAULT_ONLINE_REMOVES)


class CostRecord(models.Model):
    """A procedure's compliance cost of ONE execution, action by action (full SCM form, TT 02/2017 Điều 27),
    with what an online submission removes and the state's reception time: the input of the cost by channel
    (cchc.domain.procedures.channel_cost). Defaults are cchc's assumptions, stated in docs/procedures.md."""

    procedure = models.OneToOneField(
        Procedure, on_delete=models.CASCADE, related_name="cost_record", verbose_name=_("thủ tục")
    )
    fees = models.PositiveBigIntegerField(_("phí, lệ phí mỗi lần (đồng)"), default=0)
    online_fees = models.PositiveBigIntegerField(
        _("phí, lệ phí khi nộp trực tuyến (đồng)"), null=True, blank=True
    )
    other_costs = models.PositiveBigIntegerField(_("chi phí khác mỗi lần (đồng)"), default=0)
    cost_parameter = models.ForeignKey(
        CostParameter, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("thu nhập bình quân")
    )
    online_removes = models.JSONField(
        _("loại công việc không cần khi nộp trực tuyến"), default=default_online_removes, blank=True
    )
    state_hours_in_person = models.DecimalField(
        _("giờ công tiếp nhận 01 hồ sơ trực tiếp"), max_digits=6, decimal_places=2, default=Decimal("0.5")
    )
    state_hours_online = models.DecimalField(
        _("giờ công tiếp nhận 01 hồ sơ trực tuyến"), max_digits=6, decimal_places=2, default=Decimal(0)
    )
    source = models.CharField(_("nguồn số liệu"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["procedure__code"]
        verbose_name = _("chi phí tuân thủ theo công việc")
        verbose_name_plural = _("chi phí tuân thủ theo công việc")

    def __str__(self) -> str:
        return f"{self.procedure.code} · {self.source}"


class OnlineTreatment(models.TextChoices):
    RULE = "rule", _("Theo loại công việc")
    KEEP = "keep", _("Vẫn cần khi nộp trực tuyến")
    DROP = "drop", _("Không cần khi nộp trực tuyến")


class CostAction(models.Model):
    record = models.ForeignKey(CostRecord, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("công việc"), max_length=255)
    kind = models.CharField(_("loại công việc"), max_length=20, choices=ActionKind.choices, default=ActionKind.PREPARATION)  # fmt: skip
    hours = models.DecimalField(_("số giờ mỗi lần"), max_digits=8, decimal_places=2, default=Decimal(0))
    count = models.DecimalField(_("số lần"), max_digits=8, decimal_places=2, default=Decimal(1))
    outsourcing_cost = models.PositiveBigIntegerField(_("chi phí thuê ngoài mỗi lần (đồng)"), default=0)
    travel_cost = models.PositiveBigIntegerField(_("chi phí đi lại mỗi lần (đồng)"), default=0)
    online = models.CharField(_("khi nộp trực tuyến"), max_length=4, choices=OnlineTreatment.choices, default=OnlineTreatment.RULE)  # fmt: skip

    class Meta:
        ordering = ["record_id", "order", "id"]
        verbose_name = _("công việc")
        verbose_name_plural = _("công việc")

    def __str__(self) -> str:
        return self.name


class BatchKind(models.TextChoices):
    CATALOGUE = "catalogue", _("Danh mục TTHC")
    COST_CASES = "cost_cases", _("Phương án (chi phí rút gọn)")
    FEE_RULES = "fee_rules", _("Biểu phí, lệ phí")
    FULL_COST = "full_cost", _("Chi phí tuân thủ (SCM đầy đủ)")


class ImportBatch(models.Model):
    file_name = models.CharField(_("tệp"), max_length=255)
    kind = models.CharField(_("loại bảng"), max_length=12, choices=BatchKind.choices)
    profile = models.CharField(max_length=60, blank=True)
    headers = models.JSONField(default=list)  # as printed: needed to re-parse a fixed row
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="batches"
    )
    year = models.PositiveSmallIntegerField(_("năm phương án"), null=True, blank=True)
    valid_only = models.BooleanField(_("chỉ nhập dòng hợp lệ"), default=False)
    imported_count = models.PositiveIntegerField(_("số dòng đã nhập"), default=0)
    warnings = models.JSONField(default=list, blank=True)
    # What the import changed (procedures.imports._summary): the user's choice, counts of new / changed /
    # unchanged rows and each new or changed row with its changes (field, old → new); in the audit trail.
    summary = models.JSONField(_("thay đổi"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")

    def __str__(self) -> str:
        return f"{self.file_name} ({format_vn_datetime(self.created_at)})"


class RejectedRow(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejected_rows")
    row_number = models.PositiveIntegerField(_("dòng"))
    raw = models.JSONField(_("dữ liệu gốc"))  # header as printed → cell text
    reasons = models.JSONField(_("lý do"), default=list)
    fixed_at = models.DateTimeField(_("đã sửa lúc"), null=True, blank=True)
    fixed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["batch_id", "row_number"]
        verbose_name = _("dòng bị loại")
        verbose_name_plural = _("dòng bị loại")

    def __str__(self) -> str:
        return f"{self.batch.file_name} · dòng {self.row_number}"


class TargetKind(models.TextChoices):
    """The portfolio figures a directive target may be fed from (measured sources "procedures.<kind>",
    procedures/measures.py; the link is a directives.TargetSource)."""

    TIME_CUT = "time_cut", _("Cắt giảm thời gian giải quyết TTHC")
    INTERNAL_TIME_CUT = "internal_time_cut", _("Cắt giảm thời gian TTHC nội bộ")
    INTERNAL_COST_CUT = "internal_cost_cut", _("Cắt giảm chi phí TTHC nội bộ")
    REVIEWED_SHARE = "reviewed_share", _("Tỷ lệ TTHC được rà soát")


SOURCE_PREFIX = "procedures."  # measured sources procedures.<TargetKind> (measures.py)
