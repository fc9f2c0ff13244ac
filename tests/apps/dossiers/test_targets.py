"""Indicator values feed directive targets: a link (indicator × unit → Target) and `cchc indicators sync-targets`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.analytics.indicators import scorecard
from cchc.analytics.store import DossierStore
from cchc.apps.directives import services as directive_services
from cchc.apps.directives.services import DirectiveInput, TargetInput, TaskInput
from cchc.apps.dossiers.models import IndicatorTargetLink
from cchc.apps.dossiers.services import targets_sync

from .conftest import VH

pytestmark = pytest.mark.django_db


def test_sync_pushes_the_online_rate_into_the_target(loaded, cast, units):
    directive = directive_services.directive_create(
        user=cast["vanphong"],
        directive=DirectiveInput(
            subject="V/v DVCTT", unit=units["VP"], number="5/SVHTTDL-VP", issued_on=date(2026, 1, 5)
        ),
        tasks=[
            TaskInput(
                summary="Nâng tỷ lệ hồ sơ trực tuyến",
                number="1",
                units=[units["QLVH"]],
                coordinating=[],
                deadline=date(2026, 12, 31),
                targets=[TargetInput(metric="tỷ lệ hồ sơ trực tuyến", value=Decimal(50))],
            )
        ],
    )
    target = directive.tasks.get().targets.get()
    IndicatorTargetLink.objects.create(indicator="3.3", unit=units["QLVH"], target=target)
    [link] = targets_sync(year=2026)
    with DossierStore(loaded) as store:
        [row] = scorecard(store, unit=VH, period="2026")
    target.refresh_from_db()
    assert float(target.measured_value) == row.card.indicators["3.3"].ratio == link.last_value
    assert target.source == "Chỉ số 766 3.3 (2026)"
