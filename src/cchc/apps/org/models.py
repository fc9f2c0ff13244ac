"""The organisation tree (Sở → phòng/đơn vị) and its users. Permissions follow role × unit (see access.py)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.apps.core.models import ImportBatchBase, RejectedRowBase
from cchc.domain import names


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Sở / cơ quan")
    LEADERSHIP = "leadership", _("Ban Giám đốc")
    OFFICE = "office", _("Văn phòng")
    DIVISION = "division", _("Phòng chuyên môn")
    SERVICE_UNIT = "service_unit", _("Đơn vị sự nghiệp")
    OTHER = "other", _("Khác")


class Unit(models.Model):
    """A node of the organisation tree.

    ``abbreviation`` is what document symbols use: "SVHTTDL" for the Sở, "VP" for its Văn phòng, so a
    công văn drafted by the Văn phòng is numbered "1036/SVHTTDL-VP". ``path`` is a materialised path
    ("/1/4/") kept in sync on save, so that a subtree is one indexed ``startswith`` query.
    """

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đầy đủ"), max_length=255)
    abbreviation = models.CharField(_("viết tắt"), max_length=20)
    kind = models.CharField(
        _("loại đơn vị"), max_length=20, choices=UnitKind.choices, default=UnitKind.DIVISION
    )
    parent_body = models.CharField(
        _("cơ quan chủ quản"),
        max_length=255,
        blank=True,
        help_text=_('Ví dụ: "UBND TỈNH LAI CHÂU" (chỉ cần ở cấp Sở)'),
    )
    place_name = models.CharField(_("địa danh"), max_length=100, blank=True, help_text=_('Ví dụ: "Lai Châu"'))
    aliases = models.TextField(
        _("tên gọi khác"), blank=True, help_text=_("Mỗi dòng một tên gọi khác, dùng khi đọc văn bản chỉ đạo")
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["path", "order", "name"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            Unit.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:
                for child in Unit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.save()

    def clean(self) -> None:
        node = self.parent
        while node is not None:
            if self.pk and node.pk == self.pk:
                raise ValidationError(
                    {"parent": _("Đơn vị cấp trên không thể là chính nó hoặc đơn vị cấp dưới của nó.")}
                )
            node = node.parent

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    def subtree(self) -> models.QuerySet[Unit]:
        return Unit.objects.filter(path__startswith=self.path)

    def root(self) -> Unit:
        root_id = int(self.path.strip("/").split("/")[0])
        return self if root_id == self.pk else Unit.objects.get(pk=root_id)

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Role(models.TextChoices):
    LEADER = "leader", _("Lãnh đạo")
    COORDINATOR = "coordinator", _("Văn phòng / đầu mối CCHC")
    UNIT_HEAD = "unit_head", _("Trưởng phòng / thủ trưởng đơn vị")
    OFFICER = "officer", _("Chuyên viên")
    DATA_STEWARD = "data_steward", _("Bộ phận một cửa")
    AUDITOR = "auditor", _("Kiểm tra")
    ADMIN = "admin", _("Quản trị hệ thống")
    # The one account that background jobs and scheduled commands act as in the audit trail
    # (access.system_actor): never signs in, holds no capability, granted to nobody.
    SYSTEM = "system", _("Hệ thống (tác vụ tự động)")


class User(AbstractUser):
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name=_("đơn vị")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    position = models.CharField(_("chức vụ"), max_length=120, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Họ đệm tên, Vietnamese order ("Trần Mạnh Hùng"): last_name holds the họ, first_name "đệm tên"."""
        return names.full_name(self.last_name, self.first_name)

    def get_short_name(self) -> str:
        """The tên ("Hùng"), as a Vietnamese colleague is addressed."""
        return names.given_name(self.last_name, self.first_name)

    @property
    def name_sort_key(self) -> tuple[str, str, str]:
        return names.sort_key(self.last_name, self.first_name)

    _password: str | None  # AbstractBaseUser's pending raw password (not in django-stubs)

    def save(self, *args, **kwargs) -> None:
        # set_password() keeps the new raw password in _password until saved; the check_password upgrade
        # of an old hash clears it first, so a re-hash of the same password is not an event.
        password_changed = self.pk is not None and self._password is not None
        super().save(*args, **kwargs)
        if password_changed:
            self._log_password_change()

    def _log_password_change(self) -> None:
        """Every password change or reset (user form, password page, reset link, admin, shell) is an audit
        event. The password field is excluded from the audit log: the entry records that it changed and who
        changed it (the actor), never the hash."""
        from auditlog.models import LogEntry

        LogEntry.objects.log_create(
            self,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={},
            additional_data={"event": "password_changed"},
        )

    def clean(self) -> None:
        super().clean()
        if self.role not in (Role.ADMIN, Role.SYSTEM) and not self.is_superuser and self.unit_id is None:
            raise ValidationError({"unit": _("Người dùng phải thuộc một đơn vị.")})


class ChangeKind(models.TextChoices):
    """The kinds of :mod:`cchc.domain.org_history` (same values)."""

    MERGE = "merge", _("Hợp nhất, sáp nhập")
    SPLIT = "split", _("Chia tách")
    RENAME = "rename", _("Đổi tên")
    MOVE = "move", _("Chuyển đơn vị cấp trên")
    DISSOLVE = "dissolve", _("Giải thể")


class UnitChange(models.Model):
    """A change of the tree decided by a decision (sáp nhập, chia tách, đổi tên, chuyển, giải thể).

    Stored rows elsewhere keep the unit they had; reports map them onto today's tree when read
    (:mod:`cchc.domain.org_history`, docs/org-history.md). ``history_to``: for a split, the successor
    that carries the former unit's history (empty: shown apart, as it was).
    """

    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=ChangeKind.choices)
    effective_on = models.DateField(_("ngày có hiệu lực"))
    decision_number = models.CharField(_("số quyết định"), max_length=80)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    sources = models.ManyToManyField(
        Unit, related_name="changes_from", verbose_name=_("đơn vị trước thay đổi")
    )
    targets = models.ManyToManyField(
        Unit, related_name="changes_to", blank=True, verbose_name=_("đơn vị sau thay đổi")
    )
    history_to = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị nhận lịch sử (chia tách)"),
    )
    old_name = models.CharField(_("tên cũ"), max_length=255, blank=True)
    new_name = models.CharField(_("tên mới"), max_length=255, blank=True)
    old_parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("cấp trên cũ")
    )
    new_parent = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cấp trên mới"),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người ghi")
    )
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    # The day the tree took the change: the recording day, or for a change recorded ahead of its effective
    # date the day `cchc org apply-due` applied it. Empty: waiting for its effective date (tree unchanged,
    # history not yet folded, and it can still be withdrawn).
    applied_on = models.DateField(_("ngày áp dụng vào cây tổ chức"), null=True, blank=True)

    class Meta:
        ordering = ["effective_on", "id"]
        verbose_name = _("thay đổi tổ chức")
        verbose_name_plural = _("thay đổi tổ chức")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.decision_number}"

    @property
    def pending(self) -> bool:
        return self.applied_on is None


class StaffingKind(models.TextChoices):
    CONG_CHUC = "cong_chuc", _("Công chức")
    VIEN_CHUC = "vien_chuc", _("Viên chức")


class StaffingQuota(models.Model):
    """Biên chế of one unit, year and kind: assigned (được giao) and, when entered, actual (thực có).

    Without an entered actual, the current year's actual is counted from the staff register (people app)
    when read (:func:`cchc.apps.org.staffing.staffing_rows`). Reduction targets: cchc.domain.staffing.
    """

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="staffing", verbose_name=_("đơn vị")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại biên chế"), max_length=20, choices=StaffingKind.choices)
    assigned = models.PositiveIntegerField(_("biên chế được giao"))
    actual = models.PositiveIntegerField(_("thực có"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "unit__path", "kind"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "kind"], name="org_staffing_unique")]
        verbose_name = _("biên chế")
        verbose_name_plural = _("biên chế")

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.get_kind_display()}"


class ImportBatchKind(models.TextChoices):
    QUOTAS = "quotas", _("Biên chế")


class ImportBatch(ImportBatchBase):
    """One import of the staffing table (cchc.apps.org.staffing.import_quotas): how many quotas were
    written, and every rejected row with its reasons (kept). ``unit``: the importer's organisation."""

    kind = models.CharField(
        _("Loại bảng"), max_length=20, choices=ImportBatchKind.choices, default=ImportBatchKind.QUOTAS
    )

    class Meta(ImportBatchBase.Meta):
        verbose_name = _("lần nhập biên chế")
        verbose_name_plural = _("lần nhập biên chế")


class RejectedRow(RejectedRowBase):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejected_rows")
