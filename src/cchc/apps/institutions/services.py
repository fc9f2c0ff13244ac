"""Writes of the legal-document review. Each write checks ``institutions.manage`` and the unit (write scope)
of what it changes, and names its author in the audit trail (``acting_as``). ``actor=None`` is the system
(demo data, commands): no check, the system account in the trail.

The rules (effect and handling-form codes, what may go together, the cycle's cut-off, a round's due date) are
those of ``cchc.domain.institutions.review``; a wrong pair is refused with its Vietnamese message.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from cchc.apps.core.jobs import acting_as
from cchc.apps.org.access import can_access_unit, check_unit, require_capability
from cchc.domain.errors import UserError
from cchc.domain.institutions import review as rules

from .models import LegalDocument, ProposalStatus, ReviewItem, ReviewRound

MANAGE = "institutions.manage"


def _check(actor: Any, unit: Any) -> None:
    if actor is not None:
        require_capability(actor, MANAGE)
        check_unit(actor, unit, write=True)


def register_document(*, actor: Any, unit: Any, **fields: Any) -> LegalDocument:
    """Add a document to the unit's register, or update it when the unit already holds that number/symbol."""
    _check(actor, unit)
    return put_document(actor=actor, unit=unit, **fields)


def put_document(*, actor: Any, unit: Any, **fields: Any) -> LegalDocument:
    """:func:`register_document` without the checks, for a caller that made them (an import, once per file)."""
    effect = fields.get("effect") or "con_hieu_luc"
    rules.check_finding(rules.Finding(fields.get("symbol", ""), effect))
    with acting_as(actor), transaction.atomic():
        doc, _ = LegalDocument.objects.update_or_create(
            unit=unit, symbol=fields.pop("symbol"), defaults={**fields, "effect": effect}
        )
    return doc


def save_document(*, actor: Any, document: LegalDocument) -> LegalDocument:
    """Save a document edited in a form: the user must be able to change both its old and its new unit."""
    if document.pk:
        old = LegalDocument.objects.select_related("unit").get(pk=document.pk)
        _check(actor, old.unit)
    _check(actor, document.unit)
    rules.check_finding(rules.Finding(document.symbol, document.effect))
    clash = LegalDocument.objects.filter(unit=document.unit, symbol=document.symbol).exclude(pk=document.pk)
    if clash.exists():
        raise UserError(f"Đơn vị đã có văn bản số, ký hiệu {document.symbol} trong danh mục.")
    with acting_as(actor), transaction.atomic():
        document.save()
    return document


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

    The cut-off and due date are the domain's (:func:`review.round_dates`, NĐ 79/2025 Điều 34, 49): a periodic
    round (hệ thống hóa) holds the documents issued up to 31/12 of the fifth year from the previous cut-off.
    """
    _check(actor, unit)
    if not title.strip():
        raise UserError("Cần tên đợt rà soát.")
    cutoff, due = rules.round_dates(
        kind, previous_cutoff=previous_cutoff, trigger_date=trigger_date, planned_due=due_on
    )
    documents = LegalDocument.objects.filter(unit__path__startswith=unit.path)
    if cutoff is not None:
        documents = documents.filter(issued_on__lte=cutoff)
    with acting_as(actor), transaction.atomic():
        rnd = ReviewRound.objects.create(
            unit=unit, title=title.strip(), kind=kind, cutoff=cutoff, trigger_date=trigger_date,
            trigger_note=trigger_note, due_on=due,
        )  # fmt: skip
        for doc in documents:  # one by one: each item has its entry in the audit trail
            ReviewItem.objects.create(round=rnd, document=doc)
    return rnd


def record_finding(*, actor: Any, item: ReviewItem, **finding: Any) -> ReviewItem:
    """Record what the review found about one document (:func:`put_finding`) after checking the user may manage
    the round's unit."""
    _check(actor, item.round.unit)
    return put_finding(actor=actor, item=item, **finding)


def put_finding(
    *,
    actor: Any,
    item: ReviewItem,
    effect: str,
    form: str = "",
    reason: str = "",
    on: date,
    proposal_status: str = "",
    handled_on: date | None = None,
) -> ReviewItem:
    """What the review found about one document; the document's effect in the register follows it. Without
    checks: :func:`record_finding` makes them, an import makes them once per file.

    A handling form that changes the document opens a proposal (Đã đề nghị, or the status given) until it is
    handled; a form that changes nothing carries no proposal.
    """
    if item.round.done_on is not None:
        raise UserError("Đợt rà soát đã kết thúc; không sửa kết quả được nữa.")
    rules.check_finding(rules.Finding(item.document.symbol, effect, form))
    changes = bool(form) and rules.load_rules().forms[form].changes
    status = ProposalStatus.NONE
    if changes:
        status = ProposalStatus(proposal_status) if proposal_status else ProposalStatus.PROPOSED
    if status == ProposalStatus.HANDLED and handled_on is None:
        raise UserError("Cần ngày xử lý xong của đề nghị.")
    with acting_as(actor), transaction.atomic():
        item.effect, item.form, item.reason, item.reviewed_on = effect, form, reason, on
        item.proposal_status = status
        item.handled_on = handled_on if status == ProposalStatus.HANDLED else None
        item.save()
        item.document.effect = effect
        item.document.save(update_fields=["effect"])
    return item


def set_proposal_status(*, actor: Any, item: ReviewItem, status: str, on: date | None = None) -> ReviewItem:
    _check(actor, item.round.unit)
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


def link_task(*, actor: Any, item: ReviewItem, task: Any | None) -> ReviewItem:
    """Link the document's review to a directive task the user can see (None: remove the link)."""
    _check(actor, item.round.unit)
    if task is not None and actor is not None and not can_access_unit(actor, task.unit):
        raise UserError("Nhiệm vụ này không thuộc phạm vi bạn được xem.")
    with acting_as(actor):
        item.task = task
        item.save(update_fields=["task"])
    return item


def close_round(*, actor: Any, rnd: ReviewRound, on: date) -> ReviewRound:
    _check(actor, rnd.unit)
    if rnd.done_on is not None:
        raise UserError("Đợt rà soát đã kết thúc.")
    if rnd.items.filter(effect="").exists():
        missing = rnd.items.filter(effect="").count()
        raise UserError(f"Còn {missing} văn bản chưa có kết quả rà soát; chưa thể kết thúc đợt.")
    with acting_as(actor):
        rnd.done_on = on
        rnd.save(update_fields=["done_on"])
    return rnd
