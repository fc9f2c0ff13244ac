"""The procedure import preview shows new / changed (field, old → new) / unchanged rows, name conflicts and
the targets the rows would move before anything is written; the commit writes only what the user chose
(issue 17: TTHC 1.009403 took another procedure's name, a department target moved from 32,72 % "Đạt" as a
side effect, and nobody was told)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry

from cchc.apps.procedures import imports, services
from cchc.apps.procedures.models import ImportBatch, Procedure, ProcedureVersion, SimplificationPlan
from cchc.domain.target_status import TargetState

pytestmark = pytest.mark.django_db

COSTS = (
    "ma_tthc,ten_tthc,thoi_han_truoc_ngay_lam_viec,thoi_han_sau_ngay_lam_viec,so_ho_so_per_nam\n"
    # the reported case: 1.009403's code with 1.009405's name
    "1.009403,Cấp đổi thẻ hướng dẫn viên du lịch,10,10,30\n"
    # 1.009402's plan 10 → 7 days becomes 10 → 10
    "1.009402,Cấp giấy phép kinh doanh dịch vụ lữ hành nội địa,10,10,25\n"
)
CATALOGUE = (
    "ma_tthc,ten_tthc,linh_vuc,cap,thoi_han_giai_quyet,muc_do_dvctt\n"
    "1.009403,Cấp đổi thẻ hướng dẫn viên du lịch,Du lịch,Cấp tỉnh,10 ngày làm việc,toàn trình\n"
    "1.009404,Công nhận điểm du lịch cấp tỉnh,Du lịch,Cấp tỉnh,30 ngày làm việc,một phần\n"
    "1.109999,Công nhận khu du lịch cấp tỉnh,Du lịch,Cấp tỉnh,20 ngày làm việc,một phần\n"
)


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def time_target(units, catalogue):
    """The seed letter's "−30 % time" target, fed by the procedures' time cut (measured: 32,72 %)."""
    from cchc.apps.directives.models import Directive, Target, Task

    directive = Directive.objects.create(number="1036/SVHTTDL-VP", issued_on=date(2026, 3, 27), unit=units["VP"],
                                         subject="đẩy mạnh CCHC")  # fmt: skip
    task = Task.objects.create(directive=directive, summary="Cắt giảm 30% thời gian", unit=units["VP"])
    target = Target.objects.create(task=task, metric="cắt giảm thời gian giải quyết TTHC", value=30, unit="%",
                                   target_year=2026)  # fmt: skip
    services.set_target_link(user=None, kind="time_cut", target_id=target.pk)
    services.sync_targets(today=date(2026, 4, 1))
    target.refresh_from_db()
    assert target.measured_value == Decimal("32.72")
    return target


def _state():
    return (
        list(Procedure.objects.order_by("pk").values_list("code", "name", "time_limit_value")),
        list(
            SimplificationPlan.objects.order_by("pk").values_list(
                "procedure__code", "time_after", "cost_after"
            )
        ),
        ProcedureVersion.objects.count(),
        ImportBatch.objects.count(),
        LogEntry.objects.count(),
    )


def test_the_preview_shows_each_rows_kind_and_the_targets_it_moves_and_writes_nothing(
    client, login, units, catalogue, time_target, tmp_path
):
    user = login("vanphong")  # the Sở's đầu mối CCHC: sees the Sở's figures and the directive target
    path = _file(tmp_path, "phuong-an.csv", COSTS)
    before = _state()
    result = imports.preview(path, user=user, unit=units["QLDL"], year=2026, today=date(2026, 6, 1))
    assert _state() == before  # computed in a transaction that was rolled back
    time_target.refresh_from_db()
    assert time_target.measured_value == Decimal("32.72")
    conflict, changed = result.outcomes
    assert conflict.kind.value == "new" and conflict.name_conflict
    assert conflict.diffs[0].stored_name == "Cấp thẻ hướng dẫn viên du lịch tại điểm"
    assert changed.kind.value == "changed" and not changed.name_conflict
    assert ("Thời hạn sau (ngày làm việc)", "7", "10") in [
        (c.field, c.old, c.new) for c in changed.diffs[0].changes
    ]
    assert result.counts == {"new": 1, "changed": 1, "unchanged": 0, "name_conflicts": 1}
    effects = {e.before.label: e for e in result.effects if e.before.where == "Chỉ tiêu nhiệm vụ"}
    (fed,) = effects.values()
    # Σ 162 → 109 days (32,72 %) becomes Σ 172 → 122 (29,07 %): "Đạt" → not met, not yet due in June.
    assert (fed.before.value, fed.before.state) == (Decimal("32.72"), TargetState.MET)
    assert (fed.after.value, fed.after.state) == (Decimal("29.07"), TargetState.AT_RISK)
    assert fed.new_only is not None and fed.new_only.value == Decimal("32.72")  # the conflict is not new-only
    department = next(e for e in result.effects if e.before.label == "Cắt giảm thời gian giải quyết TTHC")
    assert (department.before.value, department.after.value) == (Decimal("32.72"), Decimal("29.07"))
    assert department.moves

    client.post("/thu-tuc/nhap/", {"file": open(path, "rb"), "unit": units["QLDL"].pk, "year": 2026})
    page = client.get("/thu-tuc/nhap/xem-truoc/").content.decode()
    assert _state()[:4] == before[:4]
    assert "Mã trùng thủ tục khác tên" in page and "Cấp thẻ hướng dẫn viên du lịch tại điểm" in page
    assert "Thời hạn sau (ngày làm việc): 7 → 10" in page
    assert "32,72%" in page and "29,07%" in page and '<span class="badge green">Đạt</span>' in page
    assert 'name="changes" value="apply"' in page and 'name="confirm_conflicts"' in page


def test_a_unit_head_sees_their_units_figures_and_no_target_outside_their_scope(login, units, catalogue,
                                                                                 time_target, tmp_path):  # fmt: skip
    user = login("truongphong.dl")
    result = imports.preview(_file(tmp_path, "p.csv", COSTS), user=user, unit=units["QLDL"], year=2026)
    assert all(e.before.where != "Chỉ tiêu nhiệm vụ" for e in result.effects)  # the VP's task: not theirs
    assert all(units["QLDL"].name in e.before.where for e in result.effects)


def _confirm(client, **data):
    page = client.get("/thu-tuc/nhap/xem-truoc/").content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    return client.post(
        "/thu-tuc/nhap/xem-truoc/", {"fingerprint": fingerprint, "mode": "all", **data}, follow=True
    )


def _upload(client, path, unit, **extra):
    with open(path, "rb") as f:
        assert client.post("/thu-tuc/nhap/", {"file": f, "unit": unit.pk, **extra}).status_code == 302


def test_reported_case_a_code_with_another_procedures_name_is_never_renamed_silently(
    client, login, units, catalogue, tmp_path
):
    login("truongphong.dl")
    path = _file(tmp_path, "danh-muc.csv", CATALOGUE)
    # Without choosing what to do with changed rows, nothing is written.
    _upload(client, path, units["QLDL"])
    response = _confirm(client)
    assert "hãy chọn" in response.content.decode().lower() or "Hãy chọn" in response.content.decode()
    assert not ImportBatch.objects.exists() and not Procedure.objects.filter(code="1.109999").exists()
    # Applying changes without confirming the name conflict: 1.009403 keeps its name, the row is recorded.
    response = _confirm(client, changes="apply")
    batch = ImportBatch.objects.get()
    assert Procedure.objects.get(code="1.009403").name == "Cấp thẻ hướng dẫn viên du lịch tại điểm"
    assert Procedure.objects.filter(code="1.109999").exists()
    assert any("1.009403" in w and "chưa xác nhận" in w for w in batch.warnings)
    assert batch.summary["skipped"]["name_conflict"] == 1 and batch.summary["counts"]["new"] == 1
    assert "1.009403" in response.content.decode()
    # Confirmed: renamed, and the version and the batch say what changed.
    _upload(client, path, units["QLDL"])
    _confirm(client, changes="apply", confirm_conflicts="1")
    renamed = Procedure.objects.get(code="1.009403")
    assert renamed.name == "Cấp đổi thẻ hướng dẫn viên du lịch"
    version = renamed.versions.order_by("-pk").first()
    assert "Tên thủ tục: Cấp thẻ hướng dẫn viên du lịch tại điểm → Cấp đổi thẻ hướng dẫn viên du lịch" in (
        version.changed_parts
    )
    last = ImportBatch.objects.order_by("-pk").first()
    rows = {r["code"]: r for r in last.summary["rows"]}
    assert rows["1.009403"]["name_conflict"] and rows["1.009403"]["written"]
    assert last.summary["counts"]["unchanged"] == 2  # 1.009404 and 1.109999 again: not rewritten
    assert LogEntry.objects.get_for_object(last).exists()  # the audit trail holds the summary


def test_new_only_leaves_changed_rows_as_stored(client, login, units, catalogue, tmp_path):
    login("truongphong.dl")
    _upload(client, _file(tmp_path, "phuong-an.csv", COSTS), units["QLDL"], year=2026)
    _confirm(client, changes="new_only", confirm_conflicts="1")
    plan = SimplificationPlan.objects.get(procedure__code="1.009402", year=2026)
    assert plan.time_after == 7  # unchanged
    assert SimplificationPlan.objects.filter(procedure__code="1.009403", year=2026).exists()  # confirmed new
    batch = ImportBatch.objects.get()
    assert batch.imported_count == 1 and batch.summary["skipped"]["changed"] == 1


def test_the_commit_is_refused_when_the_data_changed_after_the_preview(
    client, login, units, catalogue, tmp_path
):
    login("truongphong.dl")
    _upload(client, _file(tmp_path, "phuong-an.csv", COSTS), units["QLDL"], year=2026)
    page = client.get("/thu-tuc/nhap/xem-truoc/").content.decode()
    fingerprint = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    SimplificationPlan.objects.filter(procedure__code="1.009402").update(time_after=8)
    response = client.post("/thu-tuc/nhap/xem-truoc/", {"fingerprint": fingerprint, "mode": "all",
                                                         "changes": "apply"}, follow=True)  # fmt: skip
    assert "đã thay đổi kể từ khi xem trước" in response.content.decode()
    assert not ImportBatch.objects.exists()
    assert SimplificationPlan.objects.get(procedure__code="1.009402").time_after == 8
