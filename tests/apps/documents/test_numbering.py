"""Điều 15: numbers in order of issue within the year, from 01, unique (số, ký hiệu) per year,
paper and e-documents in one series, a new year starts again at 01 — and no gaps under concurrency."""

from __future__ import annotations

import datetime as dt
import os
import threading

import pytest
from django.db import IntegrityError, connection, transaction

from cchc.apps.documents.models import Direction, OutgoingDocument, Status
from cchc.apps.documents.services import numbering, signing


def _pending(make_draft, **extra) -> OutgoingDocument:
    document = make_draft(**extra)
    OutgoingDocument.objects.filter(pk=document.pk).update(status=Status.PENDING)
    document.refresh_from_db()
    return document


def test_seed_series_continues_after_1036(cast, units, make_draft):
    register = numbering.register_for(organisation=units[""], direction=Direction.OUTGOING, year=2026)
    numbering.continue_series(register=register, key="HC", last_number=1036)
    document = signing.issue_paper(
        user=cast["vanphong"], document=_pending(make_draft), day=dt.date(2026, 3, 27)
    )
    assert document.number_symbol == "1037/SVHTTDL-VP"
    assert document.year == 2026 and document.register == register


def test_types_share_the_series_and_small_numbers_are_padded(cast, make_draft):
    day = dt.date(2026, 1, 5)
    first = signing.issue_paper(user=cast["vanphong"], document=_pending(make_draft), day=day)
    second = signing.issue_paper(
        user=cast["vanphong"], document=_pending(make_draft, doc_type="QUYET_DINH"), day=day
    )
    assert (first.number_symbol, second.number_symbol) == ("01/SVHTTDL-VP", "02/QĐ-SVHTTDL")


def test_secret_documents_have_their_own_series(cast, make_draft):
    day = dt.date(2026, 2, 1)
    signing.issue_paper(user=cast["vanphong"], document=_pending(make_draft), day=day)
    secret = signing.issue_paper(user=cast["vanphong"], document=_pending(make_draft, secrecy="MAT"), day=day)
    assert secret.number == 1 and secret.series_key == "MAT"


def test_new_year_restarts_at_01(cast, make_draft):
    for _ in range(3):
        signing.issue_paper(user=cast["vanphong"], document=_pending(make_draft), day=dt.date(2026, 12, 31))
    january = signing.issue_paper(
        user=cast["vanphong"], document=_pending(make_draft), day=dt.date(2027, 1, 1)
    )
    assert january.number == 1 and january.year == 2027


def test_number_and_symbol_are_unique_within_a_year(cast, make_draft):
    first = signing.issue_paper(user=cast["vanphong"], document=_pending(make_draft), day=dt.date(2026, 4, 1))
    clash = OutgoingDocument.objects.filter(pk=_pending(make_draft).pk)
    same = {"number": first.number, "symbol": first.symbol, "series_key": first.series_key}
    with pytest.raises(IntegrityError), transaction.atomic():
        clash.update(year=2026, **same)
    clash.update(year=2027, **same)  # the same number in another year is fine


POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.mark.skipif(
    not POSTGRES, reason="cần PostgreSQL (DATABASE_URL=postgres://…): SQLite tự tuần tự hóa giao dịch"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_1_to_40_without_gaps_or_duplicates(cast, make_draft):
    """8 threads, each with its own connection and transactions, issue 40 documents (paper and
    electronic mixed: one series). Every number 1..40 is taken exactly once."""
    documents = [_pending(make_draft, is_electronic=bool(i % 2)) for i in range(40)]
    chunks = [documents[i::8] for i in range(8)]
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []
    day = dt.date(2026, 6, 1)

    def worker(chunk: list[OutgoingDocument]) -> None:
        try:
            barrier.wait()
            for document in chunk:
                with transaction.atomic():
                    locked = OutgoingDocument.objects.select_for_update().get(pk=document.pk)
                    signing.assign_number(document=locked, day=day)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    numbers = sorted(OutgoingDocument.objects.filter(year=2026).values_list("number", flat=True))
    assert numbers == list(range(1, 41))
