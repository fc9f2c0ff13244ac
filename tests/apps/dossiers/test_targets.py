"""Indicator values feed directive targets: a link (source index766.<code> × unit → Target) and the one sync
(`cchc sources sync-targets`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cchc.analytics.indicators import scorecard
from cchc.analytics.store import DossierStore
from cchc.apps.directives import services as directive_services
from cchc.apps.directives.models import TargetSource
from cchc.apps.directives.services import DirectiveInput, TargetInput, TaskInput, sync_targets

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
    TargetSource.objects.create(source="index766.3.3", unit=units["QLVH"], target=target)
    [synced] = sync_targets(year=2026)
    with DossierStore(loaded) as store:
        [row] = scorecard(store, unit=VH, period="2026")
    target.refresh_from_db()
    assert float(target.measured_value) == row.card.indicators["3.3"].ratio == float(synced.link.last_value)
    assert target.source == "Chỉ số 766 3.3 (2026)"


@pytest.mark.parametrize("period", ["2026", "2026-Q1"])
def test_each_766_source_is_the_scorecard_ratio_of_that_unit_and_period(loaded, units, period):
    from cchc.apps.core.measures import measure, sources
    from cchc.domain.index766_specs import dossier_specs

    keys = {s.key for s in sources() if s.key.startswith("index766.")}
    assert keys == {f"index766.{spec.id}" for spec in dossier_specs()}
    with DossierStore(loaded) as store:
        [row] = scorecard(store, unit=VH, period=period)
    compared = 0
    for spec in dossier_specs():
        m = measure(f"index766.{spec.id}", units["QLVH"], period)
        score = row.card.indicators.get(spec.id)
        expected = None if score is None or score.ratio is None else score.ratio
        assert (None if m.value is None else float(m.value)) == expected, spec.id
        assert m.period == period and m.unit == "%" and m.query_id.endswith(f"#{spec.id}")
        compared += expected is not None
    assert compared >= 3  # the store's rows give real ratios, not only blanks
    m = measure("index766.3.3", units["QLVH"], period)
    assert f"unit={units['QLVH'].pk}" in m.detail_url and "indicator=3.3" in m.detail_url


def test_a_766_indicator_added_to_the_entries_is_a_source_at_once(db):
    from dataclasses import replace

    from cchc.apps.core.measures import sources
    from cchc.domain import index766_specs

    base = index766_specs.dossier_specs()[0]
    with index766_specs.registered(replace(base, id="9.9", name="Chỉ số thử")):
        assert "index766.9.9" in {s.key for s in sources()}
    assert "index766.9.9" not in {s.key for s in sources()}
