"""Numbers on every page the Vietnamese way, by the domain formatters: "50.000 hồ sơ", "2.000/2.000 dòng",
"27,03", "38,89%", "16.000.000". A builtin library (settings TEMPLATES builtins): no ``{% load %}``.

Templates use ``num``, ``pct`` and ``vnd`` instead of ``intcomma``/``floatformat``/raw ``{{ n }}``
(tests/apps/test_numbers_dates_everywhere.py holds every template to it).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from cchc.domain.numbers import format_number, format_percent, format_vnd

register = template.Library()


def _decimal(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.filter
def num(value, places: int | str | None = None) -> str:
    """Whole numbers grouped ("50.000"); decimals to two places with trailing zeros dropped ("27,5");
    ``num:2`` always two places ("27,03"). Not a number: "—"."""
    number = _decimal(value)
    if number is None:
        return "—" if value is None or value == "" else str(value)
    if places not in (None, ""):
        return format_number(number, int(places))
    if number == number.to_integral_value():
        return format_number(number, 0)
    return format_number(number, 2, strip_zeros=True)


@register.filter
def pct(value, places: int | str = 2) -> str:
    """A percentage: "27,03%", "40%" (as the decisions print them); nothing: "—"."""
    number = _decimal(value)
    return "—" if number is None else format_percent(number, int(places))


@register.filter
def vnd(value) -> str:
    """Money in đồng: "16.000.000"."""
    number = _decimal(value)
    return "—" if number is None else format_vnd(int(number))
