"""Reads of the legal-document review, always through the user's scope (cchc.apps.org.access): the register,
rounds with their counts, due state and the Điều 51 lists, the import batches and the tasks a review may link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cchc.apps.directives.selectors import task_queryset
from cchc.apps.org.access import scope_queryset
from cchc.apps.org.models import User
from cchc.domain.institutions import review as rules

from .models import ImportBatch, LegalDocument, ReviewItem, ReviewRound


@dataclass(frozen=True)
class RoundRow:
    round: ReviewRound
    total: int
    reviewed: int
    share: Decimal | None
    status: rules.Status
    lists: dict[str, list[str]]
    proposals_open: int


def rounds_in(unit: Any | None) -> QuerySet[ReviewRound]:
    """Rounds of ``unit`` and the units under it (all rounds when ``unit`` is None)."""
    qs = ReviewRound.objects.select_related("unit")
    return qs if unit is None else qs.filter(unit__path__startswith=unit.path)


def round_row(rnd: ReviewRound, today: date) -> RoundRow:
    items = list(ReviewItem.objects.filter(round=rnd).select_related("document").order_by("document__symbol"))
    reviewed = [i for i in items if i.effect]
    findings = [rules.Finding(i.document.symbol, i.effect, i.form) for i in reviewed]
    remind = rules.load_rules().remind_days_before
    return RoundRow(
        round=rnd,
        total=len(items),
        reviewed=len(reviewed),
        share=rules.reviewed_share(len(reviewed), len(items)),
        status=rules.status(rnd.due_on, rnd.done_on, today, remind_days_before=remind),
        lists=rules.lists(findings),
        proposals_open=sum(1 for i in reviewed if i.proposal_status in ("de_nghi", "dang_xu_ly")),
    )


def review_rows(unit: Any | None, today: date) -> list[RoundRow]:
    return [round_row(r, today) for r in rounds_in(unit)]


def reviewed_counts(unit: Any | None, start: date, end: date) -> tuple[int, int]:
    """(documents reviewed, documents) over the rounds due (or, without a due date, created) in [start, end]."""
    rounds = [
        r
        for r in rounds_in(unit)
        if start <= (r.due_on or r.cutoff or timezone.localdate(r.created_at)) <= end
    ]
    items = ReviewItem.objects.filter(round__in=rounds)
    return items.exclude(effect="").count(), items.count()


# --- the pages' reads, scoped to the user -------------------------------------------------------------------


def documents(
    *,
    user: User,
    query: str = "",
    unit_id: int | None = None,
    effect: str = "",
    relation: str = "",
    doc_type: str = "",
) -> QuerySet[LegalDocument]:
    qs = scope_queryset(user, LegalDocument.objects.select_related("unit"))
    if query:
        qs = qs.filter(Q(symbol__icontains=query) | Q(title__icontains=query) | Q(issuer__icontains=query))
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    if effect:
        qs = qs.filter(effect=effect)
    if relation:
        qs = qs.filter(relation=relation)
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    return qs.order_by("-issued_on", "symbol", "pk")


def doc_types(*, user: User) -> list[str]:
    """The kinds of document in the user's register (the choices of the filter)."""
    return sorted(set(documents(user=user).values_list("doc_type", flat=True)))


def document_detail(*, user: User, pk: int) -> LegalDocument:
    return get_object_or_404(scope_queryset(user, LegalDocument.objects.select_related("unit")), pk=pk)


def document_items(*, user: User, document: LegalDocument) -> list[ReviewItem]:
    """The reviews of a document; ``round_visible`` / ``task_visible`` say whether the user may open the round
    and the linked task (a phòng's head sees what the Sở's systematisation found about the phòng's document, not
    the Sở's whole round)."""
    from cchc.apps.org.access import can_access_unit

    items = list(
        document.review_items.select_related("round__unit", "task__unit").order_by("-round__created_at")
    )
    for item in items:
        item.round_visible = can_access_unit(user, item.round.unit)  # type: ignore[attr-defined]
        item.task_visible = item.task is not None and can_access_unit(user, item.task.unit)  # type: ignore[attr-defined]
    return items


def rounds(*, user: User, kind: str = "") -> QuerySet[ReviewRound]:
    qs = scope_queryset(user, ReviewRound.objects.select_related("unit"))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-pk")


def round_detail(*, user: User, pk: int) -> ReviewRound:
    return get_object_or_404(scope_queryset(user, ReviewRound.objects.select_related("unit")), pk=pk)


def round_items(rnd: ReviewRound) -> list[ReviewItem]:
    return list(
        rnd.items.select_related("document", "document__unit", "task").order_by("document__symbol", "pk")
    )


def item_detail(*, user: User, pk: int) -> ReviewItem:
    qs = ReviewItem.objects.select_related("round", "round__unit", "document", "document__unit", "task")
    return get_object_or_404(scope_queryset(user, qs, "round__unit"), pk=pk)


def linkable_tasks(*, user: User, unit: Any) -> QuerySet[Any]:
    """Open tasks the user can see, of the round's unit and the units under it (a review → its task)."""
    from cchc.apps.directives.models import CLOSED_STATUSES

    return (
        task_queryset(user=user)
        .filter(unit__path__startswith=unit.path)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("directive")
        .order_by("due_sort", "pk")
    )


def batches(*, user: User) -> QuerySet[ImportBatch]:
    return scope_queryset(user, ImportBatch.objects.select_related("unit"))


def batch_detail(*, user: User, pk: int) -> ImportBatch:
    return get_object_or_404(scope_queryset(user, ImportBatch.objects.select_related("unit", "round")), pk=pk)


def writable_rounds(*, user: User) -> QuerySet[ReviewRound]:
    """Open rounds the user may record findings in."""
    from cchc.apps.org.access import can_access_unit

    qs = rounds(user=user).filter(done_on__isnull=True)
    return qs.filter(pk__in=[r.pk for r in qs if can_access_unit(user, r.unit, write=True)])
