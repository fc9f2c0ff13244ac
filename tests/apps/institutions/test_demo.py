"""The demo department shows the legal-document review: a triggered review due soon with findings and an open
proposal, and the kỳ 2024–2028 systematisation round cut off 31/12/2028; loading twice changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from cchc.apps.institutions import demo, selectors
from cchc.apps.institutions.models import LegalDocument, ReviewItem, ReviewRound
from cchc.apps.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_review_rounds() -> None:
    org_demo.load()
    demo.load()
    counts = (LegalDocument.objects.count(), ReviewRound.objects.count(), ReviewItem.objects.count())
    demo.load()
    assert (LegalDocument.objects.count(), ReviewRound.objects.count(), ReviewItem.objects.count()) == counts
    rows = {r.round.title: r for r in selectors.review_rows(None, timezone.localdate())}
    triggered, periodic = rows[demo.TRIGGERED], rows[demo.PERIODIC]
    assert (triggered.reviewed, triggered.total, triggered.proposals_open) == (2, 3, 1)
    assert triggered.status.value == "sap_den_han"
    assert periodic.round.cutoff == date(2028, 12, 31) and periodic.total == len(demo.DOCUMENTS)
