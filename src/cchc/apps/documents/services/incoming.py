"""Văn bản đến: số đến in order of receipt within the year (Điều 22 k.2), signatures checked on arrival."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cchc.apps.org.access import check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.domain.documents.verify import VerificationResult, report_vi

from ..models import Direction, IncomingDocument
from . import keys
from .numbering import INCOMING_SERIES, register_for, take_number


def verify_upload(data: bytes) -> VerificationResult:
    return keys.verify(data)


def register_incoming(
    *,
    user: User,
    receiving_unit: Unit,
    data: dict[str, Any],
    pdf: bytes | None = None,
    arrival: dt.date | None = None,
) -> IncomingDocument:
    require_capability(user, "documents.issue")  # the văn thư registers incoming mail
    check_unit(user, receiving_unit, write=True)
    organisation = receiving_unit.root()
    arrival = arrival or timezone.localdate()
    result = verify_upload(pdf) if pdf else None
    with transaction.atomic():
        register = register_for(organisation=organisation, direction=Direction.INCOMING, year=arrival.year)
        document = IncomingDocument(
            register=register, organisation=organisation, year=arrival.year, arrival_date=arrival,
            arrival_number=take_number(register=register, key=INCOMING_SERIES, day=arrival),
            receiving_unit=receiving_unit, created_by=user, **data,
        )  # fmt: skip
        if result is not None:
            document.verification = result.to_dict()
            document.verification_ok = result.ok
            document.verification_report = report_vi(result)
            document.pdf.save(
                f"den-{arrival.year}-{document.arrival_number}.pdf", ContentFile(pdf), save=False
            )
        document.save()
    return document
