"""The outgoing documents that answer a directive task, for the task's page (cchc.apps.core.task_links)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.apps.core.task_links import TaskLink
from cchc.apps.org.access import has_capability

from .selectors import documents


def answering_documents(user: Any, task: Any) -> Iterator[TaskLink]:
    if not has_capability(user, "documents.view"):
        return
    for doc in documents(user=user).filter(answers_task=task):
        yield TaskLink(
            kind=_("Văn bản trả lời nhiệm vụ"),
            text=str(doc),
            url=reverse("documents:detail", args=[doc.pk]),
            note=doc.get_status_display(),
        )
