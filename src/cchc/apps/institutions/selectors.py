"""Reads of the legal-document review: rounds with their counts, due state and the Điều 51 lists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from cchc.domain.institutions import review as rules

from .models import ReviewItem, ReviewRound


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
