"""Paging of every list endpoint of the API: one check of ``limit`` and ``offset`` (below 1 / below 0 →
400 in Vietnamese, not a 500 from slicing a query set; not a number → 422 in Vietnamese, cchc.api.errors),
one default and one maximum of ``limit``.

A list endpoint takes ``limit: int = DEFAULT_LIMIT, offset: int = 0`` and returns ``page(items, …)``;
``tests/api/test_list_paging.py`` walks every GET operation of the API and fails on a list (a JSON array,
or an object holding one) that does not take both parameters and honour the maximum.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.utils.translation import gettext as _
from ninja.errors import HttpError

__all__ = ["DEFAULT_LIMIT", "MAX_LIMIT", "page"]

DEFAULT_LIMIT = 100
MAX_LIMIT = 500
MAX_OFFSET = 2**31 - 1  # beyond it a database refuses the OFFSET (an overflow, a 500 before)
T = TypeVar("T")


def page(items: Sequence[T] | Any, *, limit: int, offset: int = 0) -> Any:
    """``items[offset : offset + limit]`` with ``limit`` capped at :data:`MAX_LIMIT` (read at each call);
    ``limit`` < 1, ``offset`` < 0 or beyond :data:`MAX_OFFSET` is refused (HTTP 400, Vietnamese)."""
    if limit < 1:
        raise HttpError(400, _("Tham số limit phải lớn hơn hoặc bằng 1 (đã gửi: %(v)s).") % {"v": limit})
    if offset < 0:
        raise HttpError(400, _("Tham số offset phải lớn hơn hoặc bằng 0 (đã gửi: %(v)s).") % {"v": offset})
    if offset > MAX_OFFSET:
        raise HttpError(400, _("Tham số offset quá lớn (tối đa %(max)s).") % {"max": MAX_OFFSET})
    return items[offset : offset + min(limit, MAX_LIMIT)]
