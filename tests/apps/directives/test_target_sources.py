"""Targets fed by measured sources: one link model (TargetSource) carried over from the two it replaced, one
sync run as the system, and `cchc sources`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cchc.apps.directives import services
from cchc.apps.directives.models import Target, TargetSource
from cchc.apps.org import access
from cchc.cli import main as cli
from cchc.domain.measures import UnknownSource

BEFORE = [("directives", "0006_import_draft_ocr"), ("procedures", "0002_target_links"),
          ("dossiers", "0006_import_job_columns")]  # fmt: skip
AFTER = [("directives", "0007_target_sources"), ("procedures", "0003_delete_targetlink"),
         ("dossiers", "0007_delete_indicatortargetlink")]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_both_kinds_of_link(make_directive, units):
    directive = make_directive(number="7/X")
    task = directive.tasks.get(unit=units["QLVH"])
    target = task.targets.get()
    Target.objects.filter(pk=target.pk).update(target_year=2027)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old.get_model("procedures", "TargetLink").objects.create(
        kind="time_cut", target_id=target.pk, last_value=Decimal("12.50")
    )
    old.get_model("procedures", "TargetLink").objects.create(kind="internal_cost_cut", target=None)
    old.get_model("dossiers", "IndicatorTargetLink").objects.create(
        indicator="3.3", unit_id=units["QLDL"].pk, target_id=target.pk, last_value=41.234
    )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    links = {(s.source, s.unit_id, s.period, s.last_value) for s in TargetSource.objects.all()}
    assert links == {
        # the portfolio of the target's Sở, for the target's year
        ("procedures.time_cut", units["QLVH"].root().pk, "2027", Decimal("12.50")),
        # a 766 ratio of the link's unit, for the year being synced
        ("index766.3.3", units["QLDL"].pk, "", Decimal("41.23")),
    }


def test_an_unknown_source_or_period_is_refused(directive):
    target = directive.tasks.first().targets.get()
    with pytest.raises(UnknownSource):
        services.set_target_source(source_key="procedures.nothing", target_id=target.pk, unit=None)
    assert not TargetSource.objects.exists()


def test_sync_records_the_figure_as_the_system(make_directive, units):
    past = make_directive(deadline=date(2026, 2, 2), number="8/X", issued_on=date(2026, 1, 5))
    target = past.tasks.get(unit=units["QLVH"]).targets.get()
    services.set_target_source(
        source_key="tasks.overdue_share", target_id=target.pk, unit=units["QLVH"], period="2026-Q1"
    )
    [synced] = services.sync_targets(today=date(2026, 4, 2))
    target.refresh_from_db()
    assert synced.measurement.value == target.measured_value == Decimal("100.00")
    assert target.source == "Tỷ lệ nhiệm vụ quá hạn (2026-Q1)" and target.measured_on == date(2026, 4, 2)
    entry = LogEntry.objects.get_for_object(target).order_by("-timestamp").first()
    assert entry.actor == access.system_actor()


def test_cli_lists_every_source_with_its_value_period_and_query(db, units, capsys):
    from cchc.apps.core.measures import sources

    assert cli(["sources", "list", "--period", "2026-Q1", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["key"] for r in rows] == [s.key for s in sources()]
    assert {"documents.e_signed_share", "tasks.on_time_share", "procedures.time_cut", "index766.3.3"} <= {
        r["key"] for r in rows
    }
    units = {s.key: s.unit for s in sources()}  # "%" for shares, "đồng" for the cost by channel
    assert all(r["period"] == "2026-Q1" and r["query_id"] and r["unit"] == units[r["key"]] for r in rows)
    assert cli(["sources", "list", "--source", "tasks.", "--period", "2026"]) == 0
    out = capsys.readouterr().out
    assert "tasks.on_time_share" in out and "chưa có dữ liệu" in out and "index766" not in out
    assert cli(["sources", "list", "--period", "quý 1"]) == 2
    assert "không hợp lệ" in capsys.readouterr().err
