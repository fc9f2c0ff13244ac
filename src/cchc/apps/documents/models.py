"""Văn bản đi/đến, sổ đăng ký, chữ ký số và hồ sơ lưu trữ (NĐ 30/2020/NĐ-CP).

The layout, signing and verification rules live in ``cchc.domain.documents``; these models only keep
what the office must record: registers and their number series (Điều 15), who signed with which key,
and the archive with its fixity checks (Phụ lục VI).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from cchc.apps.core.datapaths import DataPathField
from cchc.apps.org.models import Unit
from cchc.domain.dates import format_vn_datetime
from cchc.domain.documents.kinds import TYPE_CONTEXT
from cchc.domain.documents.model import DocType

capfirst_lazy = lazy(capfirst, str)

# Labels translated where shown, with the msgctxt of domain.documents.kinds ("thông báo" is also the bell).
DOC_TYPE_CHOICES = [(t.name, capfirst_lazy(pgettext_lazy(TYPE_CONTEXT, t.label))) for t in DocType]


class Direction(models.TextChoices):
    OUTGOING = "di", _("Văn bản đi")
    INCOMING = "den", _("Văn bản đến")


class SeriesPolicy(models.TextChoices):
    # Điều 15 k.2: the head of the agency decides whether administrative documents share one series.
    SHARED = "shared", _("Một dãy số chung cho văn bản hành chính")
    PER_TYPE = "per_type", _("Dãy số riêng cho từng loại văn bản")


class Register(models.Model):
    """Sổ đăng ký văn bản đi hoặc đến of one organisation for one year."""

    organisation = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    direction = models.CharField(_("loại sổ"), max_length=3, choices=Direction.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    name = models.CharField(_("tên sổ"), max_length=200)
    series_policy = models.CharField(
        _("cách đánh số"), max_length=10, choices=SeriesPolicy.choices, default=SeriesPolicy.SHARED
    )

    class Meta:
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "direction", "year"], name="doc_register_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class NumberSeries(models.Model):
    """The last number given in one series of a register; locked with SELECT … FOR UPDATE at issue."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="series")
    key = models.CharField(_("dãy số"), max_length=60)
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối cùng"), default=0)

    class Meta:
        verbose_name = _("dãy số văn bản")
        verbose_name_plural = _("dãy số văn bản")
        constraints = [models.UniqueConstraint(fields=["register", "key", "year"], name="doc_series_unique")]

    def __str__(self) -> str:
        return f"{self.register} / {self.key}: {self.last_number}"


class KeyKind(models.TextChoices):
    P12 = "p12", _("Tệp khóa PKCS#12")
    PKCS11 = "pkcs11", _("Thiết bị ký số (PKCS#11)")


class SigningKey(models.Model):
    """Which key a person or an organisation signs with. Secrets are never stored: only the names of
    the environment variables that hold them (or the demo flag for the published demo password)."""

    label = models.CharField(_("tên khóa"), max_length=120)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="signing_keys"
    )
    organisation = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("loại khóa"), max_length=10, choices=KeyKind.choices, default=KeyKind.P12)
    # Relative to CCHC_DATA_DIR when the file lies under it (a backup restored elsewhere still signs).
    p12_path = DataPathField(_("đường dẫn tệp .p12"), max_length=500, blank=True)
    password_env = models.CharField(_("biến môi trường chứa mật khẩu"), max_length=80, blank=True)
    pkcs11_module = models.CharField(_("thư viện PKCS#11"), max_length=500, blank=True)
    token_label = models.CharField(_("nhãn token"), max_length=120, blank=True)
    key_label = models.CharField(_("nhãn khóa"), max_length=120, blank=True)
    pin_env = models.CharField(_("biến môi trường chứa mã PIN"), max_length=80, blank=True)
    demo = models.BooleanField(_("khóa thử nghiệm"), default=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("khóa ký số")
        verbose_name_plural = _("khóa ký số")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False, organisation__isnull=True)
                | Q(owner__isnull=True, organisation__isnull=False),
                name="doc_key_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.label


class Status(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PENDING = "pending", _("Chờ ký")
    SIGNED = "signed", _("Đã ký")
    ISSUED = "issued", _("Đã ban hành")


class Urgency(models.TextChoices):
    NORMAL = "NORMAL", _("Thường")
    KHAN = "KHAN", _("Khẩn")
    THUONG_KHAN = "THUONG_KHAN", _("Thượng khẩn")
    HOA_TOC = "HOA_TOC", _("Hỏa tốc")


class Secrecy(models.TextChoices):
    NONE = "NONE", _("Không mật")
    MAT = "MAT", _("Mật")
    TOI_MAT = "TOI_MAT", _("Tối mật")
    TUYET_MAT = "TUYET_MAT", _("Tuyệt mật")


class OutgoingDocument(models.Model):
    doc_type = models.CharField(
        _("loại văn bản"), max_length=20, choices=DOC_TYPE_CHOICES, default="CONG_VAN"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị soạn thảo")
    )
    organisation = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    register = models.ForeignKey(
        Register, on_delete=models.PROTECT, null=True, blank=True, related_name="outgoing"
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=40, blank=True)
    series_key = models.CharField(_("dãy số"), max_length=60, blank=True)
    issue_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    subject = models.CharField(_("trích yếu"), max_length=500)
    addressees = models.TextField(_("kính gửi"), blank=True, help_text=_("Mỗi dòng một nơi."))
    body = models.TextField(_("nội dung"), help_text=_("Mỗi đoạn một dòng."))
    closing = models.CharField(_("câu kết"), max_length=300, blank=True)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người ký"),
    )  # fmt: skip
    signatory_name = models.CharField(_("họ tên người ký"), max_length=120)
    signatory_position = models.CharField(_("chức vụ người ký"), max_length=120)
    signatory_authority = models.CharField(_("quyền hạn ký"), max_length=10, blank=True)
    signatory_on_behalf = models.CharField(_("ký thay/thừa lệnh"), max_length=120, blank=True)
    recipients = models.TextField(
        _("nơi nhận"), help_text=_("Mỗi dòng một nơi; dòng “Lưu” được thêm tự động.")
    )
    archive_copies = models.PositiveSmallIntegerField(_("số bản lưu"), default=2)
    urgency = models.CharField(
        _("mức độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL
    )
    secrecy = models.CharField(_("độ mật"), max_length=12, choices=Secrecy.choices, default=Secrecy.NONE)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_electronic = models.BooleanField(_("văn bản điện tử"), default=True)
    digitally_signed = models.BooleanField(_("đã ký số"), default=False)
    docx = models.FileField(_("tệp DOCX"), upload_to="documents/drafts/", blank=True)
    pdf = models.FileField(_("tệp PDF trình ký"), upload_to="documents/drafts/", blank=True)
    signed_pdf = models.FileField(_("tệp PDF đã ký"), upload_to="documents/signed/", blank=True)
    answers_task = models.ForeignKey(
        "directives.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="documents",
        verbose_name=_("trả lời nhiệm vụ"),
    )  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["-created_at"]
        constraints = [
            # Điều 15 k.1: số and ký hiệu are unique within a year for the issuing organisation — within
            # a series: văn bản mật have their own series (k.3) and so may repeat "01/SVHTTDL-VP".
            models.UniqueConstraint(
                fields=["organisation", "year", "series_key", "number", "symbol"],
                condition=Q(number__isnull=False),
                name="doc_out_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol or _('(chưa cấp số)')} — {self.subject}"

    @property
    def number_symbol(self) -> str:
        return f"{self.number:02d}/{self.symbol}" if self.number else ""

    @property
    def type_label(self) -> str:
        """The type's Vietnamese name, as printed on the document, in the register and the archive."""
        return DocType[self.doc_type].label.capitalize()

    @property
    def type_display(self) -> str:
        """The type's name in the interface language (pages)."""
        return capfirst(pgettext(TYPE_CONTEXT, DocType[self.doc_type].label))


class IncomingDocument(models.Model):
    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="incoming")
    organisation = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    arrival_number = models.PositiveIntegerField(_("số đến"))
    arrival_date = models.DateField(_("ngày đến"))
    author = models.CharField(_("tác giả (cơ quan ban hành)"), max_length=255)
    number_symbol = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    doc_date = models.DateField(_("ngày tháng văn bản"), null=True, blank=True)
    type_name = models.CharField(_("tên loại"), max_length=60, default="Công văn")
    subject = models.CharField(_("trích yếu"), max_length=500)
    receiving_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị nhận")
    )
    due_date = models.DateField(_("thời hạn giải quyết"), null=True, blank=True)
    pdf = models.FileField(_("tệp PDF"), upload_to="documents/incoming/", blank=True)
    verification = models.JSONField(_("kết quả xác thực"), default=dict, blank=True)
    verification_ok = models.BooleanField(_("chữ ký hợp lệ"), null=True)
    verification_report = models.TextField(_("báo cáo xác thực"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")
        ordering = ["-year", "-arrival_number"]
        constraints = [
            # Điều 22 k.2: số đến runs consecutively within the year.
            models.UniqueConstraint(
                fields=["organisation", "year", "arrival_number"], name="doc_in_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.arrival_number} — {self.subject}"


class SignatureRecord(models.Model):
    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        _("loại chữ ký"), max_length=10, choices=[("person", _("Người ký")), ("org", _("Cơ quan"))]
    )
    key = models.ForeignKey(SigningKey, on_delete=models.SET_NULL, null=True, related_name="+")
    key_kind = models.CharField(_("loại khóa"), max_length=10, choices=KeyKind.choices)
    signed_at = models.DateTimeField(_("thời điểm ký"))
    verification_ok = models.BooleanField(_("xác thực hợp lệ"), default=False)
    summary = models.TextField(_("kết quả xác thực"), blank=True)

    class Meta:
        verbose_name = _("chữ ký số")
        verbose_name_plural = _("chữ ký số")
        ordering = ["signed_at"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.signer} ({format_vn_datetime(self.signed_at)})"


class ArchiveFile(models.Model):
    """Hồ sơ (Phụ lục VI Phần II mục III)."""

    organisation = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị lập hồ sơ")
    )
    organ_id = models.CharField(_("mã cơ quan (OrganId)"), max_length=13)
    file_catalog = models.PositiveSmallIntegerField(_("năm hồ sơ (FileCatalog)"))
    file_notation = models.CharField(_("số và ký hiệu hồ sơ (FileNotation)"), max_length=20)
    title = models.CharField(_("tiêu đề hồ sơ"), max_length=500)
    maintenance = models.CharField(_("thời hạn bảo quản"), max_length=30, default="Vĩnh viễn")
    rights = models.CharField(_("chế độ sử dụng"), max_length=30, default="Hạn chế")
    creator = models.CharField(_("người lập hồ sơ"), max_length=30)
    language = models.CharField(_("ngôn ngữ"), max_length=50, default="Tiếng Việt")
    start_date = models.DateField(_("thời gian bắt đầu"))
    end_date = models.DateField(_("thời gian kết thúc"), null=True, blank=True)
    description = models.CharField(_("chú giải"), max_length=500, blank=True)
    due_date = models.DateField(_("hạn nộp lưu"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hồ sơ lưu trữ")
        verbose_name_plural = _("hồ sơ lưu trữ")
        ordering = ["-file_catalog", "file_notation"]
        constraints = [
            models.UniqueConstraint(
                fields=["organ_id", "file_catalog", "file_notation"], name="doc_archive_code_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.file_notation} — {self.title}"


class ArchivedItem(models.Model):
    archive_file = models.ForeignKey(ArchiveFile, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(
        OutgoingDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    incoming = models.ForeignKey(
        IncomingDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=1)
    file = models.FileField(_("tệp lưu trữ"), upload_to="documents/archive/")
    sha256 = models.CharField(_("SHA-256 khi nộp lưu"), max_length=64)
    size = models.PositiveBigIntegerField(_("dung lượng"), default=0)
    ingested_at = models.DateTimeField(_("thời điểm nộp lưu"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản trong hồ sơ")
        verbose_name_plural = _("văn bản trong hồ sơ")
        ordering = ["archive_file", "order"]

    def __str__(self) -> str:
        return f"{self.archive_file.file_notation} #{self.order}"


class FixityCheck(models.Model):
    item = models.ForeignKey(ArchivedItem, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField(_("thời điểm kiểm tra"), auto_now_add=True)
    ok = models.BooleanField(_("nguyên vẹn"))
    actual_sha256 = models.CharField(_("SHA-256 thực tế"), max_length=64, blank=True)
    message = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kiểm tra toàn vẹn")
        verbose_name_plural = _("kiểm tra toàn vẹn")
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.item}: {'OK' if self.ok else 'SAI LỆCH'}"
