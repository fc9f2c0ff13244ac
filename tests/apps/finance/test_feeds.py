"""The finance registers feed a directive's target and the PAR self-assessment: the value shown there is the
finance selector's own figure."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from cchc.apps.finance import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def autonomy(units):
    services.save_autonomy(
        user=None, unit=units["QLVH"], year=2026, group=2, share=Decimal(100), target_group=2
    )
    services.save_autonomy(
        user=None, unit=units["QLDL"], year=2026, group=3, share=Decimal(40), target_group=2
    )
    services.save_autonomy(user=None, unit=units["VP"], year=2026, group=4, target_group=4)


def test_par_criterion_6_3_shows_the_self_financing_share(autonomy, cast, units):
    from cchc.apps.assessment import services as assessment
    from cchc.apps.assessment.models import Entry

    a = assessment.create_assessment(user=cast["vanphong"], year=2026, version=assessment.ensure_sample_set())
    e = Entry.objects.get(assessment=a, code="6.3")
    n, total, value = selectors.self_financing_share(unit=units[""], year=2026)
    assert (e.numerator, e.denominator) == (n, total) == (1, 3)
    assert e.measured_value == value == Decimal("33.33")
    assert e.measured_query == "finance.selectors.self_financing_share"
    assert e.measured_url == reverse("finance:autonomy") + "?year=2026"


def test_directive_target_reads_the_autonomy_target_share(autonomy, cast, units):
    from cchc.apps.directives.models import Directive, Target, Task
    from cchc.apps.directives.services import set_target_source, sync_targets

    d = Directive.objects.create(
        subject="Chỉ đạo", unit=units["VP"], created_by=cast["vanphong"], number="9/KH"
    )
    task = Task.objects.create(directive=d, unit=units["VP"], number="6", summary="Tự chủ tài chính",
                               deadline=date(2026, 12, 31), due_on=date(2026, 12, 31))  # fmt: skip
    target = Target.objects.create(task=task, metric="Đơn vị đạt nhóm tự chủ", value=Decimal(70), unit="%")
    set_target_source(source_key="finance.autonomy_target_share", target_id=target.pk, unit=None)
    sync_targets(year=2026, today=date(2026, 12, 5), prefix="finance.")
    target.refresh_from_db()
    met, judged, value = selectors.autonomy_target_share(unit=None, year=2026)
    assert (met, judged) == (2, 3)
    assert target.measured_value == value == Decimal("66.67")


def test_demo_fills_the_three_registers_and_links_the_target():
    from cchc.apps.directives import demo as directives_demo
    from cchc.apps.directives.models import TargetSource
    from cchc.apps.finance import demo
    from cchc.apps.finance.models import Asset, AutonomyRecord
    from cchc.apps.org import demo as org_demo

    org_demo.load()
    directives_demo.load()
    lines = demo.load()
    assert any("Tự chủ tài chính" in line for line in lines) and any("Tài sản công" in line for line in lines)
    demo.load()  # idempotent
    assert AutonomyRecord.objects.count() == 9 and Asset.objects.count() == 7
    link = TargetSource.objects.get(source="finance.autonomy_target_share")
    # TV 3≤3 met, BT 3≤3 met, TTVHDA 3>2 not met → 66.67 %
    assert link.target.measured_value == Decimal("66.67")
