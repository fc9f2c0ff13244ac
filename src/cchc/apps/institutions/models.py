"""Register of the legal documents a unit drafts or applies, review rounds (rà soát, hệ thống hóa) and what each
review found (NĐ 79/2025/NĐ-CP, ../shared/standards.md §14). The effect and handling-form codes are those of
``cchc.domain.data/institutions_review.toml`` (checked by ``cchc.domain.institutions.review``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.apps.core.models import ImportBatchBase, RejectedRowBase, ReminderMailBase
from cchc.domain.institutions import review as rules


def _effect_choices() -> list[tuple[str, str]]:
    return [(e.code, e.label) for e in rules.load_rules().effects.values()]


def _form_choices() -> list[tuple[str, str]]:
    return [(f.code, f.label) for f in rules.load_rules().forms.values()]


class Relation(models.TextChoices):
    DRAFTS = "chu_tri", _("Chủ trì soạn thảo")
    APPLIES = "ap_dung", _("Áp dụng, thi hành")


class LegalDocument(models.Model):
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="legal_documents")
    symbol = models.CharField(_("Số, ký hiệu"), max_length=80)
    doc_type = models.CharField(_("Loại văn bản"), max_length=80)
    title = models.CharField(_("Trích yếu"), max_length=500)
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("Ngày ban hành"))
    effective_on = models.DateField(_("Ngày có hiệu lực"), null=True, blank=True)
    relation = models.CharField(_("Quan hệ với đơn vị"), max_length=20, choices=Relation.choices)
    effect = models.CharField(_("Tình trạng hiệu lực"), max_length=30, choices=_effect_choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-issued_on", "symbol"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "symbol"], name="institutions_doc_unit_symbol")
        ]

    def __str__(self) -> str:
        return self.symbol


class RoundKind(models.TextChoices):
    PERIODIC = "he_thong_hoa", _("Hệ thống hóa định kỳ")
    TRIGGERED = "ra_soat", _("Rà soát thường xuyên (theo căn cứ)")
    THEMATIC = "chuyen_de", _("Rà soát theo chuyên đề, lĩnh vực")


class ReviewRound(models.Model):
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="review_rounds")
    title = models.CharField(_("Tên đợt"), max_length=300)
    kind = models.CharField(_("Loại đợt"), max_length=20, choices=RoundKind.choices)
    cutoff = models.DateField(_("Thời điểm hệ thống hóa"), null=True, blank=True)
    trigger_date = models.DateField(_("Ngày phát sinh căn cứ rà soát"), null=True, blank=True)
    trigger_note = models.CharField(_("Căn cứ rà soát"), max_length=500, blank=True)
    due_on = models.DateField(_("Hạn hoàn thành"), null=True, blank=True)
    done_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ProposalStatus(models.TextChoices):
    NONE = "", _("Không có đề nghị")
    PROPOSED = "de_nghi", _("Đã đề nghị")
    IN_PROGRESS = "dang_xu_ly", _("Đang xử lý")
    HANDLED = "da_xu_ly", _("Đã xử lý")


class ReviewItem(models.Model):
    """One document in one round; ``effect`` is blank until it has been reviewed."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="items")
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="review_items")
    effect = models.CharField(_("Kết quả rà soát"), max_length=30, blank=True, choices=_effect_choices)
    form = models.CharField(_("Hình thức xử lý"), max_length=30, blank=True, choices=_form_choices)
    reason = models.TextField(_("Lý do, nội dung đề nghị"), blank=True)
    proposal_status = models.CharField(
        _("Tình trạng đề nghị"), max_length=20, blank=True, choices=ProposalStatus.choices
    )
    reviewed_on = models.DateField(_("Ngày rà soát"), null=True, blank=True)
    handled_on = models.DateField(_("Ngày xử lý xong"), null=True, blank=True)
    task = models.ForeignKey(
        "directives.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_items",
        verbose_name=_("Nhiệm vụ liên quan"),
    )

    class Meta:
        ordering = ["round", "document__symbol"]
        constraints = [models.UniqueConstraint(fields=["round", "document"], name="institutions_item_once")]

    def __str__(self) -> str:
        return f"{self.round} · {self.document}"


class BatchKind(models.TextChoices):
    DOCUMENTS = "documents", _("Danh mục văn bản")
    FINDINGS = "findings", _("Kết quả rà soát")


class ImportBatch(ImportBatchBase):
    """One import of a spreadsheet: what was written, and every rejected row with its reasons (kept)."""

    kind = models.CharField(_("Loại bảng"), max_length=20, choices=BatchKind.choices)
    round = models.ForeignKey(ReviewRound, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta(ImportBatchBase.Meta):
        pass


class RejectedRow(RejectedRowBase):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejected_rows")


class ReminderLog(models.Model):
    """One row per reminder of a round actually decided: the unique key makes the job idempotent."""

    round = models.ForeignKey(ReviewRound, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30)
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "kind", "day"], name="institutions_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.kind} · {self.day}"


class ReminderMail(ReminderMailBase):
    """The e-mail of one reminder to one person (round × kind × day × recipient), written with its log and
    sent after the commit, marked sent before the mail server is called (as directives' reminders)."""

    log = models.ForeignKey(ReminderLog, on_delete=models.CASCADE, related_name="mails")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["log", "user"], name="institutions_mail_once")]
