"""Paging of every list endpoint: one check of ``limit`` and ``offset`` (negative → 400 in Vietnamese,
not a 500 from slicing a query set), one clamp of ``limit``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.utils.translation import gettext as _
from ninja.errors import HttpError

__all__ = ["MAX_LIMIT", "page"]

MAX_LIMIT = 500
T = TypeVar("T")


def page(items: Sequence[T] | Any, *, limit: int, offset: int = 0, max_limit: int = MAX_LIMIT) -> Any:
    """``items[offset : offset + limit]`` with ``limit`` capped at ``max_limit``; ``limit`` < 1 or
    ``offset`` < 0 is refused (HTTP 400, Vietnamese)."""
    if limit < 1:
        raise HttpError(400, _("Tham số limit phải lớn hơn hoặc bằng 1 (đã gửi: %(v)s).") % {"v": limit})
    if offset < 0:
        raise HttpError(400, _("Tham số offset phải lớn hơn hoặc bằng 0 (đã gửi: %(v)s).") % {"v": offset})
    return items[offset : offset + min(limit, max_limit)]
