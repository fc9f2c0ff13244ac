"""Gapless numbering (NĐ 30/2020 Điều 15, Điều 22 k.2) in the database.

The pure rule (next number, series key, year restart) is ``cchc.domain.documents.numbering``; here the
series row is locked with SELECT … FOR UPDATE inside the caller's transaction, so two văn thư issuing at
the same moment wait for each other instead of taking the same number. A number is only taken together
with the document that uses it (same transaction), so a failure rolls both back: no gaps.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cchc.apps.core.failpoints import checkpoint
from cchc.apps.org.models import Unit
from cchc.domain.documents import numbering as rules
from cchc.domain.documents.model import DocType, Secrecy

from ..models import Direction, NumberSeries, Register, SeriesPolicy

INCOMING_SERIES = "DEN"


def register_for(*, organisation: Unit, direction: str, year: int) -> Register:
    """The organisation's register of the year, created on first use (a new year starts a new sổ)."""
    name = _("Sổ đăng ký văn bản đi") if direction == Direction.OUTGOING else _("Sổ đăng ký văn bản đến")
    try:
        with transaction.atomic():
            register, _created = Register.objects.get_or_create(
                organisation=organisation, direction=direction, year=year, defaults={"name": name}
            )
    except IntegrityError:  # another transaction created it between our SELECT and INSERT
        register = Register.objects.get(organisation=organisation, direction=direction, year=year)
    return register


def _locked_series(register: Register, key: str, year: int) -> NumberSeries:
    try:
        with transaction.atomic():  # savepoint: a lost creation race must not break the outer transaction
            NumberSeries.objects.get_or_create(register=register, key=key, year=year)
    except IntegrityError:
        pass
    return NumberSeries.objects.select_for_update().get(register=register, key=key, year=year)


def series_key_for(*, register: Register, doc_type: str, issuer_abbr: str, day: dt.date, secrecy: str) -> str:
    policy = rules.SeriesPolicy(register.series_policy or SeriesPolicy.SHARED)
    return rules.series_key(
        DocType[doc_type], issuer_abbr, day, policy=policy, secrecy=Secrecy[secrecy]
    ).series


def take_number(*, register: Register, key: str, day: dt.date) -> int:
    """Take the next number of a series; must run inside ``transaction.atomic``."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number must run inside a transaction")
    series = _locked_series(register, key, day.year)
    last = series.last_number or None
    number = rules.next_number(last, series.year if last else None, day)
    series.last_number = number
    series.save(update_fields=["last_number"])
    checkpoint("documents.number.taken")  # tests kill the worker here: the number must roll back
    return number


def continue_series(*, register: Register, key: str, last_number: int) -> NumberSeries:
    """Start a register part-way through the year (numbers given before the system was used)."""
    series, _created = NumberSeries.objects.get_or_create(register=register, key=key, year=register.year)
    if series.last_number < last_number:
        series.last_number = last_number
        series.save(update_fields=["last_number"])
    return series
