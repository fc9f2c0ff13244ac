"""What a caller gives to create a directive and its tasks (by hand, from a confirmed import draft, from the
demo): plain values, checked by :mod:`.directives` before anything is written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from cchc.apps.org.models import Unit


@dataclass
class TargetInput:
    metric: str
    value: Decimal
    comparator: str = ">="
    unit: str = "%"
    text: str = ""
    target_year: int | None = None
    baseline: str = ""


@dataclass
class TaskInput:
    summary: str
    units: list[Unit]
    number: str = ""
    text: str = ""
    coordinating: list[Unit] = field(default_factory=list)
    deadline: date | None = None
    deadline_text: str = ""
    recurrence: str = ""
    recurrence_day: int | None = None
    targets: list[TargetInput] = field(default_factory=list)
    span: tuple[int, int] | None = None


@dataclass
class DirectiveInput:
    subject: str
    unit: Unit
    doc_type: str = ""
    number: str = ""
    issued_on: date | None = None
    issuer: str = ""
    signer: str = ""
    cited_numbers: list[str] = field(default_factory=list)
