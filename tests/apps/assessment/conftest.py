"""Helpers of the PAR self-assessment tests: the demo Sở's 2026 assessment on the sample set, and files
that other modules store (issued documents, task evidence)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from cchc.apps.assessment import services
from cchc.apps.assessment.models import Assessment


@pytest.fixture
def year_2026(cast, units) -> Assessment:
    version = services.ensure_sample_set()
    return services.create_assessment(user=cast["vanphong"], year=2026, version=version)


def issue(unit, *, signed: bool, day: dt.date, subject: str = "Kế hoạch CCHC năm 2026"):  # type: ignore[no-untyped-def]
    from cchc.apps.documents.models import OutgoingDocument, Status
    from cchc.apps.org.models import User

    root = unit.root()
    author = User.objects.get(username="vanphong")
    doc = OutgoingDocument.objects.create(
        doc_type="KE_HOACH", unit=unit, organisation=root, subject=subject, body="Nội dung.",
        signatory_name="Trần Mạnh Hùng", signatory_position="Giám đốc", status=Status.ISSUED, year=day.year,
        number=OutgoingDocument.objects.count() + 1, symbol="KH-SVHTTDL", issue_date=day,
        is_electronic=signed, digitally_signed=signed, created_by=author,
    )  # fmt: skip
    doc.signed_pdf.save(f"kh-{doc.pk}.pdf", ContentFile(f"%PDF-1.7 {subject} {doc.pk}\n%%EOF\n".encode()))
    return doc
