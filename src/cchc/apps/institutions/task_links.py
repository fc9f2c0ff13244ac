"""The review findings that name a directive task, for the task's page (cchc.apps.core.task_links)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.apps.core.task_links import TaskLink
from cchc.apps.org.access import has_capability, scope_queryset

from .models import ReviewItem


def review_findings(user: Any, task: Any) -> Iterator[TaskLink]:
    if not has_capability(user, "institutions.view"):
        return
    items = scope_queryset(
        user, ReviewItem.objects.filter(task=task).select_related("round", "document"), "round__unit"
    )
    for item in items.order_by("round__created_at", "document__symbol"):
        yield TaskLink(
            kind=_("Rà soát văn bản quy phạm pháp luật"),
            text=f"{item.document.symbol} — {item.round.title}",
            url=reverse("institutions:round_detail", args=[item.round_id]) + f"#item-{item.pk}",
            note=item.get_proposal_status_display() if item.proposal_status else "",
        )
