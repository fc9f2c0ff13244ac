"""Writes of the legal-document review. Each write names its author in the audit trail (``acting_as``).

The rules (effect and handling-form codes, what may go together, the cycle's cut-off, a triggered review's
due date) are those of ``cchc.domain.institutions.review``; a wrong pair is refused with its Vietnamese message.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from cchc.apps.core.jobs import acting_as
from cchc.domain.errors import UserError
from cchc.domain.institutions import review as rules

from .models import LegalDocument, ProposalStatus, ReviewItem, ReviewRound, RoundKind


def register_document(*, actor: Any, unit: Any, **fields: Any) -> LegalDocument:
    """Add a document to the unit's register, or update it when the unit already holds that number/symbol."""
    effect = fields.get("effect", "con_hieu_luc")
    rules.check_finding(rules.Finding(fields.get("symbol", ""), effect))
    with acting_as(actor), transaction.atomic():
        doc, _ = LegalDocument.objects.update_or_create(
            unit=unit, symbol=fields.pop("symbol"), defaults={**fields, "effect": effect}
        )
    return doc


def open_round(
    *,
    actor: Any,
    unit: Any,
    title: str,
    kind: str,
    previous_cutoff: date | None = None,
    trigger_date: date | None = None,
    trigger_note: str = "",
    due_on: date | None = None,
) -> ReviewRound:
    """Open a round over the documents of the unit and the units under it.

    Periodic (hệ thống hóa): the cut-off is 31/12 of the fifth year from ``previous_cutoff`` (Điều 49) and the
    round holds the documents issued up to it; ``due_on`` is the plan's date for the results. Triggered (rà
    soát): ``trigger_date`` is required; without ``due_on`` the configured limit after it applies (none by default).
    """
    cutoff = None
    if kind == RoundKind.PERIODIC:
        if previous_cutoff is None:
            raise UserError("Đợt hệ thống hóa cần thời điểm hệ thống hóa của kỳ trước.")
        cutoff = rules.next_cutoff(previous_cutoff)
    elif kind == RoundKind.TRIGGERED:
        if trigger_date is None:
            raise UserError("Đợt rà soát theo căn cứ cần ngày phát sinh căn cứ rà soát.")
        due_on = due_on or rules.trigger_review_due(trigger_date)
    else:
        raise UserError("Loại đợt phải là hệ thống hóa định kỳ hoặc rà soát theo căn cứ.")
    documents = LegalDocument.objects.filter(unit__path__startswith=unit.path)
    if cutoff is not None:
        documents = documents.filter(issued_on__lte=cutoff)
    with acting_as(actor), transaction.atomic():
        rnd = ReviewRound.objects.create(
            unit=unit, title=title, kind=kind, cutoff=cutoff, trigger_date=trigger_date,
            trigger_note=trigger_note, due_on=due_on,
        )  # fmt: skip
        for doc in documents:
            ReviewItem.objects.create(round=rnd, document=doc)
    return rnd


def record_finding(
    *, actor: Any, item: ReviewItem, effect: str, form: str = "", reason: str = "", on: date
) -> ReviewItem:
    """Record what the review found about one document; the document's effect in the register follows it.

    A handling form that changes the document opens a proposal (Đã đề nghị) until it is handled.
    """
    rules.check_finding(rules.Finding(item.document.symbol, effect, form))
    changes = bool(form) and rules.load_rules().forms[form].changes
    with acting_as(actor), transaction.atomic():
        item.effect, item.form, item.reason, item.reviewed_on = effect, form, reason, on
        item.proposal_status = ProposalStatus.PROPOSED if changes else ProposalStatus.NONE
        item.handled_on = None
        item.save()
        item.document.effect = effect
        item.document.save(update_fields=["effect"])
    return item


def set_proposal_status(*, actor: Any, item: ReviewItem, status: str, on: date | None = None) -> ReviewItem:
    if not item.proposal_status:
        raise UserError(f"Văn bản {item.document.symbol} không có đề nghị xử lý trong đợt này.")
    if status not in (ProposalStatus.PROPOSED, ProposalStatus.IN_PROGRESS, ProposalStatus.HANDLED):
        raise UserError("Tình trạng đề nghị không hợp lệ.")
    if status == ProposalStatus.HANDLED and on is None:
        raise UserError("Cần ngày xử lý xong của đề nghị.")
    with acting_as(actor):
        item.proposal_status = status
        item.handled_on = on if status == ProposalStatus.HANDLED else None
        item.save(update_fields=["proposal_status", "handled_on"])
    return item


def close_round(*, actor: Any, rnd: ReviewRound, on: date) -> ReviewRound:
    if rnd.items.filter(effect="").exists():
        missing = rnd.items.filter(effect="").count()
        raise UserError(f"Còn {missing} văn bản chưa có kết quả rà soát; chưa thể kết thúc đợt.")
    with acting_as(actor):
        rnd.done_on = on
        rnd.save(update_fields=["done_on"])
    return rnd
