"""What other modules hold about a directive task, shown on the task's page ("Liên quan").

A module that links its records to a task (a legal-document review finding, an outgoing document that answers
the task…) registers a provider in its ``AppConfig.ready``; the task page asks every provider and shows what
the viewer may open. The directives app imports no other module: an app that is not installed adds nothing.
Each provider checks the viewer's capability and unit scope itself, as its own pages do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["TaskLink", "links_for", "register"]


@dataclass(frozen=True, slots=True)
class TaskLink:
    kind: str  # what it is ("Rà soát văn bản QPPL"), already translated
    text: str  # the record ("Quyết định 12/2024/QĐ-UBND — đợt rà soát năm 2026")
    url: str
    note: str = ""  # its state ("đã xử lý xong", "dự thảo")


Provider = Callable[[Any, Any], Iterable[TaskLink]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def links_for(user: Any, task: Any) -> list[TaskLink]:
    """Every registered module's records linked to ``task`` that ``user`` may open, module by module."""
    return [link for provider in _PROVIDERS for link in provider(user, task)]
