"""Organisation over time in the app: a merger of two phòng keeps their tasks and 766 history readable
under the new unit (counts equal the sum of the two, computed from the raw rows), a rename keeps the
history, a split follows its documented rule, and "as it was" is unchanged."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cchc.analytics.importer import import_file
from cchc.analytics.indicators import scorecard
from cchc.analytics.store import DossierStore
from cchc.apps.directives import selectors as tasks
from cchc.apps.directives.models import Directive, Task, TaskStatus
from cchc.apps.dossiers import selectors as dossiers
from cchc.apps.org.models import Unit, UnitChange
from cchc.apps.org.selectors import history_owners
from cchc.apps.org.services import ChangeInput, record_change
from cchc.cli import main

from ..dossiers.conftest import DL, ROWS, VH, write_csv

pytestmark = pytest.mark.django_db
JUL = dt.date(2026, 7, 1)
TODAY = dt.date(2026, 9, 1)


@pytest.fixture
def loaded(settings, tmp_path):
    """The dossier app's hand-made rows (QLVH: 7 in March 2026, QLDL: 3) in a store of this test."""
    settings.DATA_DIR = tmp_path
    path = tmp_path / "analytics.duckdb"
    with DossierStore(path) as store:
        import_file(store, write_csv(tmp_path / "hoso.csv", ROWS), source="mot-cua")
    return path


def _new_unit(units, code: str = "LC-SVHTTDL-VHDL", name: str = "Phòng Văn hóa và Du lịch") -> Unit:
    return Unit.objects.create(code=code, name=name, abbreviation=code.rsplit("-", 1)[1], parent=units[""])


def _merge(units, cast, new: Unit) -> UnitChange:
    return record_change(
        user=cast["vanphong"],
        data=ChangeInput(
            kind="merge",
            effective_on=JUL,
            decision_number="25/QĐ-UBND",
            decision_date=dt.date(2026, 6, 20),
            sources=[units["QLVH"], units["QLDL"]],
            targets=[new],
        ),
    )


def _tasks(units, cast) -> dict[str, list[Task]]:
    d = Directive.objects.create(
        subject="Kế hoạch CCHC", unit=units["VP"], created_by=cast["vanphong"], number="9/KH"
    )
    out: dict[str, list[Task]] = {"QLVH": [], "QLDL": []}
    due = [dt.date(2026, 3, 10), dt.date(2026, 3, 20), dt.date(2026, 4, 5)]
    for code, n in (("QLVH", 3), ("QLDL", 2)):
        for i in range(n):
            done = i == 0
            out[code].append(
                Task.objects.create(
                    directive=d, unit=units[code], number=f"{code}{i}", summary=f"Nhiệm vụ {code} {i}",
                    deadline=due[i], due_on=due[i], status=TaskStatus.DONE if done else TaskStatus.IN_PROGRESS,
                    completed_on=due[i] if done else None,
                )
            )  # fmt: skip
    return out


def test_a_merger_keeps_the_tasks_of_both_phong_under_the_new_unit(units, cast) -> None:
    made = _tasks(units, cast)
    new = _new_unit(units)
    _merge(units, cast, new)
    leader = cast["giamdoc"]
    mapped = set(tasks.task_list(user=leader, today=TODAY, unit_id=new.pk))
    assert mapped == set(made["QLVH"]) | set(made["QLDL"])
    assert not tasks.task_list(user=leader, today=TODAY, unit_id=new.pk, mapped=False).exists()
    assert set(tasks.task_list(user=leader, today=TODAY, unit_id=units["QLVH"].pk, mapped=False)) == set(
        made["QLVH"]
    )
    # the stored rows keep their unit
    assert {t.unit_id for t in Task.objects.all()} == {units["QLVH"].pk, units["QLDL"].pk}

    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    rows = {r.unit.pk: r for r in tasks.unit_scorecard(user=leader, start=start, end=end, today=TODAY)}
    was = {
        r.unit.pk: r
        for r in tasks.unit_scorecard(user=leader, start=start, end=end, today=TODAY, mapped=False)
    }
    assert units["QLVH"].pk not in rows and units["QLDL"].pk not in rows
    expected_due = len(made["QLVH"]) + len(made["QLDL"])  # every task is due in 2026
    expected_overdue = sum(1 for ts in made.values() for t in ts if t.status != TaskStatus.DONE)
    assert (rows[new.pk].due, rows[new.pk].overdue_now) == (expected_due, expected_overdue)
    assert rows[new.pk].due == was[units["QLVH"].pk].due + was[units["QLDL"].pk].due
    assert new.pk not in was


def test_task_list_page_reads_mapped_and_as_it_was(client, login, units, cast) -> None:
    made = _tasks(units, cast)
    new = _new_unit(units)
    _merge(units, cast, new)
    login("giamdoc")
    html = client.get(reverse("directives:task_list"), {"unit": new.pk}).content.decode()
    assert all(t.summary in html for ts in made.values() for t in ts)
    html = client.get(reverse("directives:task_list"), {"unit": new.pk, "as_it_was": "1"}).content.decode()
    assert not any(t.summary in html for ts in made.values() for t in ts)


def _raw_received(code: str) -> int:
    return sum(1 for r in ROWS if r.split(",")[2] == code and "/03/2026" in r.split(",")[4])


def _raw_finished(code: str) -> int:
    return sum(1 for r in ROWS if r.split(",")[2] == code and r.split(",")[6].strip())


def test_the_766_history_of_two_merged_phong_is_the_new_units(client, login, loaded, units, cast) -> None:
    new = _new_unit(units)
    _merge(units, cast, new)
    login("giamdoc")
    resp = client.get(
        reverse("dossiers:scorecard"), {"unit": new.pk, "period": "03/2026", "as_of": "30/04/2026"}
    )
    assert resp.status_code == 200
    card = resp.context["card"]
    # from the raw rows, independently of the analytics
    assert card.counts["received"] == _raw_received(VH) + _raw_received(DL) == 10
    assert card.counts["finished"] == _raw_finished(VH) + _raw_finished(DL)
    # every count is the sum of the two former units' cards read as they were
    as_of = dt.datetime(2026, 5, 1)
    with DossierStore(loaded) as store:
        [vh] = scorecard(store, unit=VH, period="2026-03", as_of=as_of)
        [dl] = scorecard(store, unit=DL, period="2026-03", as_of=as_of)
    assert card.counts == {k: vh.counts[k] + dl.counts[k] for k in vh.counts}
    # the ranking lists today's units: the new one, not the two former
    whole = client.get(reverse("dossiers:scorecard"), {"period": "03/2026", "as_of": "30/04/2026"})
    ranked = {c.unit.code for c in whole.context["ranking"]}
    assert new.code in ranked and VH not in ranked and DL not in ranked
    # as it was: the former unit's own card, and nothing under the new one
    was = client.get(
        reverse("dossiers:scorecard"),
        {"unit": units["QLVH"].pk, "period": "03/2026", "as_of": "30/04/2026", "as_it_was": "1"},
    )
    assert was.context["card"].counts == vh.counts
    empty = dossiers.unit_cards(
        user=cast["giamdoc"], period="2026-03", unit=new, per_unit=False, mapped=False
    )
    assert empty == []
    # the drill-down lists the former units' dossiers under the new unit
    lines = dossiers.dossier_lines(user=cast["giamdoc"], unit=new, period="2026-03", subset="denominator")
    assert {line.unit.pk for line in lines} == {new.pk} and {line.row.unit for line in lines} == {VH, DL}


def test_a_rename_keeps_the_unit_and_its_history(units, cast) -> None:
    made = _tasks(units, cast)
    unit = units["QLVH"]
    former = unit.name
    change = record_change(
        user=cast["vanphong"],
        data=ChangeInput(
            kind="rename", effective_on=JUL, decision_number="30/QĐ", sources=[unit], new_name="Phòng Văn hóa"
        ),
    )
    unit.refresh_from_db()
    assert (unit.name, change.old_name, unit.is_active) == ("Phòng Văn hóa", former, True)
    assert history_owners() == {}
    listed = set(tasks.task_list(user=cast["giamdoc"], today=TODAY, unit_id=unit.pk))
    assert listed == set(made["QLVH"])


def test_a_split_gives_the_history_to_the_named_successor_or_keeps_it_apart(units, cast) -> None:
    made = _tasks(units, cast)
    a, b = _new_unit(units, "LC-SVHTTDL-A", "Phòng A"), _new_unit(units, "LC-SVHTTDL-B", "Phòng B")
    record_change(
        user=cast["vanphong"],
        data=ChangeInput(
            kind="split",
            effective_on=JUL,
            decision_number="31/QĐ",
            sources=[units["QLVH"]],
            targets=[a, b],
            history_to=b,
        ),
    )
    assert set(tasks.task_list(user=cast["giamdoc"], today=TODAY, unit_id=b.pk)) == set(made["QLVH"])
    assert not tasks.task_list(user=cast["giamdoc"], today=TODAY, unit_id=a.pk).exists()
    c, d = _new_unit(units, "LC-SVHTTDL-C", "Phòng C"), _new_unit(units, "LC-SVHTTDL-D", "Phòng D")
    record_change(
        user=cast["vanphong"],
        data=ChangeInput(
            kind="split", effective_on=JUL, decision_number="32/QĐ", sources=[units["QLDL"]], targets=[c, d]
        ),
    )
    assert units["QLDL"].pk not in history_owners()  # kept apart: read under the former unit
    assert set(tasks.task_list(user=cast["giamdoc"], today=TODAY, unit_id=units["QLDL"].pk)) == set(
        made["QLDL"]
    )


def test_recording_applies_the_tree_and_refuses_a_second_merger_the_same_day(units, cast) -> None:
    new = _new_unit(units)
    _merge(units, cast, new)
    for code in ("QLVH", "QLDL"):
        units[code].refresh_from_db()
        assert not units[code].is_active
    other = _new_unit(units, "LC-SVHTTDL-Y", "Phòng Y")
    with pytest.raises(ValidationError, match="đã không còn từ ngày 01/07/2026"):
        record_change(
            user=cast["vanphong"],
            data=ChangeInput(
                kind="merge",
                effective_on=JUL,
                decision_number="26/QĐ",
                sources=[units["QLVH"], units["VP"]],
                targets=[other],
            ),
        )
    assert UnitChange.objects.count() == 1


def test_the_change_page_records_a_merger_and_the_unit_history_shows_it(client, login, units, cast) -> None:
    new = _new_unit(units)
    login("vanphong")
    resp = client.post(
        reverse("org:change_create"),
        {
            "kind": "merge", "effective_on": "01/07/2026", "decision_number": "25/QĐ-UBND",
            "decision_date": "20/06/2026", "sources": [units["QLVH"].pk, units["QLDL"].pk], "targets": [new.pk],
        },
    )  # fmt: skip
    assert resp.status_code == 302, resp.content.decode()[:2000]
    html = client.get(reverse("org:unit_history", args=[new.pk])).content.decode()
    assert "Phòng Quản lý Văn hóa" in html and "Phòng Quản lý Du lịch" in html
    bad = client.post(
        reverse("org:change_create"),
        {
            "kind": "merge",
            "effective_on": "01/07/2026",
            "decision_number": "x",
            "sources": [units["VP"].pk],
            "targets": [new.pk],
        },
    )
    assert bad.status_code == 200 and "ít nhất hai đơn vị" in bad.content.decode()
    login("truongphong.vh")
    assert client.get(reverse("org:change_create")).status_code == 403


def test_cli_history_json(units, cast, capsys) -> None:
    new = _new_unit(units)
    _merge(units, cast, new)
    assert main(["org", "history", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["history_owner"] == {units["QLVH"].code: new.code, units["QLDL"].code: new.code}
    assert out["changes"][0]["kind"] == "merge" and out["changes"][0]["decision_date"] == "2026-06-20"
    json.dumps(out)


def test_a_change_recorded_ahead_waits_for_its_date_then_applies_once(units, cast, capsys) -> None:
    from cchc.apps.org.services import apply_due

    new = _new_unit(units)
    ahead = timezone.localdate() + dt.timedelta(days=30)
    change = record_change(
        user=cast["vanphong"],
        data=ChangeInput(
            kind="merge", effective_on=ahead, decision_number="40/QĐ-UBND", decision_date=timezone.localdate(),
            sources=[units["QLVH"], units["QLDL"]], targets=[new],
        ),
    )  # fmt: skip
    # Recorded, checked, but the tree and the history reads are as before until the effective date.
    assert change.pending and change.applied_on is None
    units["QLVH"].refresh_from_db()
    assert units["QLVH"].is_active and history_owners() == {}
    # Another change that conflicts with it is still refused (the checks see pending changes).
    with pytest.raises(ValidationError):
        record_change(
            user=cast["vanphong"],
            data=ChangeInput(
                kind="dissolve", effective_on=ahead + dt.timedelta(days=1), decision_number="41/QĐ",
                sources=[units["QLVH"]],
            ),
        )  # fmt: skip
    assert apply_due(today=ahead - dt.timedelta(days=1)) == []
    assert [c.pk for c in apply_due(today=ahead)] == [change.pk]
    change.refresh_from_db()
    units["QLVH"].refresh_from_db()
    assert change.applied_on == ahead and not units["QLVH"].is_active
    assert history_owners() == {units["QLVH"].pk: new.pk, units["QLDL"].pk: new.pk}
    assert apply_due(today=ahead) == []  # a second run applies nothing twice
    assert main(["org", "apply-due"]) == 0 and "Không có thay đổi nào" in capsys.readouterr().out


def test_a_pending_change_can_be_withdrawn_on_the_page_an_applied_one_cannot(
    client, login, units, cast
) -> None:
    new = _new_unit(units)
    applied = _merge(units, cast, new)
    other = _new_unit(units, "LC-SVHTTDL-Y", "Phòng Y")
    pending = record_change(
        user=cast["vanphong"],
        data=ChangeInput(
            kind="rename", effective_on=timezone.localdate() + dt.timedelta(days=10), decision_number="50/QĐ",
            sources=[other], new_name="Phòng Y mới",
        ),
    )  # fmt: skip
    login("giamdoc")  # reads the list, may not withdraw: no button
    html = client.get(reverse("org:change_list")).content.decode()
    assert "Chờ ngày hiệu lực" in html and "Rút lại" not in html
    assert client.post(reverse("org:change_withdraw", args=[pending.pk])).status_code == 403
    login("vanphong")
    html = client.get(reverse("org:change_list")).content.decode()
    assert html.count("Rút lại") == 1 and f"Đã áp dụng {timezone.localdate():%d/%m/%Y}" in html
    refused = client.post(reverse("org:change_withdraw", args=[applied.pk]), follow=True).content.decode()
    assert "không rút lại được" in refused and UnitChange.objects.filter(pk=applied.pk).exists()
    done = client.post(reverse("org:change_withdraw", args=[pending.pk]), follow=True).content.decode()
    assert "Đã rút lại thay đổi theo quyết định 50/QĐ" in done
    assert not UnitChange.objects.filter(pk=pending.pk).exists()
    other.refresh_from_db()
    assert other.name == "Phòng Y"


def test_the_scorecard_offers_as_it_was_once_history_moved_and_the_drill_down_follows(
    client, login, loaded, units, cast
) -> None:
    login("giamdoc")
    query = {"period": "03/2026", "as_of": "30/04/2026"}
    assert 'name="as_it_was"' not in client.get(reverse("dossiers:scorecard"), query).content.decode()
    new = _new_unit(units)
    _merge(units, cast, new)
    html = client.get(reverse("dossiers:scorecard"), {**query, "unit": units["QLVH"].pk, "as_it_was": "on"})
    page = html.content.decode()
    assert 'name="as_it_was"' in page and "Như lúc đó" in page
    assert "as_it_was=1" in page  # carried into the drill-down links
    drill = reverse("dossiers:drilldown")
    base = {"period": "03/2026", "subset": "denominator", "indicator": "2.1", "only_late": "0"}
    was = client.get(drill, {**base, "unit": units["QLVH"].pk, "as_it_was": "1"})
    assert was.status_code == 200 and {line.row.unit for line in was.context["page"]} == {VH}
    # read onto today's tree, the new unit lists both former units' dossiers; as it was, none
    today = client.get(drill, {**base, "unit": new.pk})
    assert {line.row.unit for line in today.context["page"]} == {VH, DL}
    assert not list(client.get(drill, {**base, "unit": new.pk, "as_it_was": "1"}).context["page"])
