"""Read-only queries: every list goes through the user's scope (cchc.apps.org.access)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cchc.apps.org.access import scope_queryset
from cchc.apps.org.models import Unit, User

from .models import ArchiveFile, IncomingDocument, OutgoingDocument, Secrecy, Status


def documents(*, user: User, status: str = "", query: str = "") -> QuerySet[OutgoingDocument]:
    """Outgoing documents of the units the user may see: a phòng sees only its own drafts."""
    qs = scope_queryset(user, OutgoingDocument.objects.select_related("unit", "organisation"), "unit")
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(subject__icontains=query) | Q(symbol__icontains=query))
    return qs.order_by("-created_at")


def outgoing_register(*, user: User, year: int) -> QuerySet[OutgoingDocument]:
    """Sổ đăng ký văn bản đi (Phụ lục IV I.2): issued documents in the order of their numbers."""
    qs = scope_queryset(user, OutgoingDocument.objects.select_related("unit", "signer"), "unit")
    return qs.filter(status=Status.ISSUED, year=year).order_by("series_key", "number")


def incoming_register(*, user: User, year: int) -> QuerySet[IncomingDocument]:
    qs = scope_queryset(user, IncomingDocument.objects.select_related("receiving_unit"), "receiving_unit")
    return qs.filter(year=year).order_by("arrival_number")


def archive_files(*, user: User) -> QuerySet[ArchiveFile]:
    qs = scope_queryset(user, ArchiveFile.objects.select_related("unit"), "unit")
    return qs.annotate(item_count=Count("items"))


def archive_due(*, within_days: int = 30, today: dt.date | None = None) -> QuerySet[ArchiveFile]:
    """Hồ sơ due for archiving within ``within_days`` (Phụ lục VI: notify 30 days ahead)."""
    today = today or timezone.localdate()
    return ArchiveFile.objects.filter(
        due_date__isnull=False, due_date__lte=today + dt.timedelta(days=within_days)
    )


@dataclass(frozen=True)
class KpiRow:
    unit: str
    issued: int
    electronic_signed: int

    @property
    def share(self) -> float | None:
        return round(100 * self.electronic_signed / self.issued, 1) if self.issued else None


KPI_TARGET = 100.0  # seed: every non-secret document issued electronically with a digital signature


def e_signature_kpi(
    *, user: User | None, start: dt.date, end: dt.date, unit: Unit | None = None
) -> tuple[list[KpiRow], KpiRow]:
    """Share of documents issued electronically with a digital signature, per drafting unit, in
    [start, end]. Secret documents are excluded: they may not circulate on the network. Within the user's
    scope, or (``user`` None: the measured source, documents/measures.py) ``unit``'s subtree or all."""
    qs = OutgoingDocument.objects.all()
    if user is not None:
        qs = scope_queryset(user, qs, "unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    qs = qs.filter(status=Status.ISSUED, issue_date__gte=start, issue_date__lte=end, secrecy=Secrecy.NONE)
    signed = Q(is_electronic=True, digitally_signed=True)
    rows = [
        KpiRow(unit=r["unit__name"], issued=r["issued"], electronic_signed=r["signed"])
        for r in qs.values("unit__name", "unit__order")
        .annotate(issued=Count("id"), signed=Count("id", filter=signed))
        .order_by("unit__order", "unit__name")
    ]
    total = KpiRow(
        unit="", issued=sum(r.issued for r in rows), electronic_signed=sum(r.electronic_signed for r in rows)
    )
    return rows, total


def issued_documents(*, user: User, query: str = "") -> QuerySet[OutgoingDocument]:
    """Issued outgoing documents in the user's scope, newest first (the PAR evidence library offers them)."""
    qs = documents(user=user, status=Status.ISSUED, query=query)
    return qs.order_by("-issue_date", "-pk")
