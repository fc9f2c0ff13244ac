"""Vietnamese number formatting for the procedure pages, by the domain formatters (16.000.000; 33,33%)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from cchc.domain.numbers import format_number, format_percent, format_vnd

register = template.Library()


@register.filter
def pct(value: Decimal | int | None) -> str:
    return "—" if value is None or value == "" else format_percent(value)


@register.filter
def vnd(value: Decimal | int | None) -> str:
    return "—" if value is None or value == "" else format_vnd(int(value))


@register.filter
def num(value: Decimal | int | None) -> str:
    return "—" if value is None or value == "" else format_number(Decimal(value), 2, strip_zeros=True)
