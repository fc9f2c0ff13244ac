"""The one parser of numbers a view reads from the query string or a posted form.

``int("abc")``, ``date(0, 1, 1)``, ``Model.objects.get(pk="abc")`` or a 30-digit id each gave a 500;
every view reading a number from ``request.GET`` / ``request.POST`` by hand goes through here instead.
A bad value raises :class:`BadParameter` (Django's ``BadRequest``): the 400 page shows its Vietnamese
message (``cchc.apps.core.views.errors.error_400``). An absent or empty value gives the default.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import BadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

__all__ = ["MAX_ID", "YEAR_RANGE", "BadParameter", "id_param", "int_param", "year_param"]

MAX_ID = 2**63 - 1  # BigAutoField
YEAR_RANGE = (2000, 2100)  # the years the registers, plans and indicators can be about
_INTEGER = re.compile(r"[+-]?[0-9]{1,19}")


class BadParameter(BadRequest):
    """A query or form parameter that is not what the page accepts (Vietnamese message)."""


def _shown(raw: str) -> str:
    return raw if len(raw) <= 30 else raw[:30] + "…"


def int_param(
    data: Mapping[str, Any], name: str, *, default: int | None = None, minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:  # fmt: skip
    """``data[name]`` as an integer in [minimum, maximum]; ``default`` when absent or empty."""
    raw = str(data.get(name) or "").strip()
    if not raw:
        return default
    if not _INTEGER.fullmatch(raw):
        raise BadParameter(
            _("Tham số “%(name)s” phải là số nguyên (đã gửi: “%(value)s”).")
            % {"name": name, "value": _shown(raw)}
        )
    value = int(raw)
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if minimum is not None and maximum is not None:
            text = _("Tham số “%(name)s” phải từ %(min)s đến %(max)s (đã gửi: %(value)s).")
        elif minimum is not None:
            text = _("Tham số “%(name)s” phải lớn hơn hoặc bằng %(min)s (đã gửi: %(value)s).")
        else:
            text = _("Tham số “%(name)s” phải nhỏ hơn hoặc bằng %(max)s (đã gửi: %(value)s).")
        raise BadParameter(text % {"name": name, "min": minimum, "max": maximum, "value": _shown(raw)})
    return value


def id_param(data: Mapping[str, Any], name: str) -> int | None:
    """A primary key (1 … 2⁶³−1) or None when absent."""
    return int_param(data, name, minimum=1, maximum=MAX_ID)


def year_param(
    data: Mapping[str, Any], name: str = "year", *, default: int | None = None, minimum: int = YEAR_RANGE[0],
    maximum: int = YEAR_RANGE[1],
) -> int:  # fmt: skip
    """A year in [minimum, maximum]; absent or empty: ``default`` or the current year."""
    value = int_param(data, name, minimum=minimum, maximum=maximum)
    if value is not None:
        return value
    return default if default is not None else timezone.localdate().year
