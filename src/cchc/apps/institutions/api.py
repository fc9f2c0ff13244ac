"""REST API of the legal-document review (paged lists, the pages' permissions): the register of documents,
the review rounds with their due state and Điều 51 lists, and the findings of a round."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from cchc.apps.core.paging import page
from cchc.apps.org.access import Obj, declare, require_capability

from . import selectors

router = Router(tags=["Rà soát, hệ thống hóa văn bản"])
VIEW = "institutions.view"


class DocumentOut(Schema):
    id: int
    unit: str
    symbol: str
    doc_type: str
    title: str
    issuer: str
    issued_on: date
    effective_on: date | None
    relation: str
    effect: str


class RoundOut(Schema):
    id: int
    unit: str
    title: str
    kind: str
    cutoff: date | None
    trigger_date: date | None
    due_on: date | None
    done_on: date | None
    status: str
    documents: int
    reviewed: int
    share: Decimal | None
    lists: dict[str, list[str]]
    proposals_open: int


class ItemOut(Schema):
    id: int
    document_id: int
    symbol: str
    effect: str
    form: str
    reason: str
    reviewed_on: date | None
    proposal_status: str
    handled_on: date | None
    task_id: int | None


def _require(request) -> None:
    try:
        require_capability(request.user, VIEW)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc


@router.get("/documents", response=list[DocumentOut])
@declare(VIEW)
def documents(
    request, q: str = "", unit: int | None = None, effect: str = "", limit: int = 100, offset: int = 0
):
    _require(request)
    docs = page(
        selectors.documents(user=request.user, query=q, unit_id=unit, effect=effect),
        limit=limit,
        offset=offset,
    )
    return [
        {"id": d.pk, "unit": d.unit.code, "symbol": d.symbol, "doc_type": d.doc_type, "title": d.title,
         "issuer": d.issuer, "issued_on": d.issued_on, "effective_on": d.effective_on, "relation": d.relation,
         "effect": d.effect}
        for d in docs
    ]  # fmt: skip


@router.get("/reviews", response=list[RoundOut])
@declare(VIEW)
def reviews(request, kind: str = "", limit: int = 100, offset: int = 0):
    _require(request)
    today = timezone.localdate()
    out = []
    for rnd in page(selectors.rounds(user=request.user, kind=kind), limit=limit, offset=offset):
        r = selectors.round_row(rnd, today)
        out.append({
            "id": rnd.pk, "unit": rnd.unit.code, "title": rnd.title, "kind": rnd.kind, "cutoff": rnd.cutoff,
            "trigger_date": rnd.trigger_date, "due_on": rnd.due_on, "done_on": rnd.done_on, "status": r.status.value,
            "documents": r.total, "reviewed": r.reviewed, "share": r.share, "lists": r.lists,
            "proposals_open": r.proposals_open,
        })  # fmt: skip
    return out


@router.get("/reviews/{pk}/items", response=list[ItemOut])
@declare(VIEW, pk=Obj("institutions.ReviewRound"))
def review_items(request, pk: int, limit: int = 100, offset: int = 0):
    _require(request)
    rnd = selectors.round_detail(user=request.user, pk=pk)
    return [
        {"id": i.pk, "document_id": i.document_id, "symbol": i.document.symbol, "effect": i.effect, "form": i.form,
         "reason": i.reason, "reviewed_on": i.reviewed_on, "proposal_status": i.proposal_status,
         "handled_on": i.handled_on, "task_id": i.task_id}
        for i in page(selectors.round_items(rnd), limit=limit, offset=offset)
    ]  # fmt: skip
