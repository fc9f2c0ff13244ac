"""The legal-document review: register, rounds with §14 due dates, findings and proposals, the measured source,
the audit trail and `cchc institutions reviews --json`."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from auditlog.models import LogEntry

from cchc.apps.core.measures import measure
from cchc.apps.institutions import selectors, services
from cchc.apps.institutions.models import LegalDocument, ProposalStatus, ReviewItem, ReviewRound
from cchc.domain.errors import UserError

pytestmark = pytest.mark.django_db


def _doc(actor, unit, symbol: str, issued: date, effect: str = "con_hieu_luc") -> LegalDocument:
    return services.register_document(
        actor=actor, unit=unit, symbol=symbol, doc_type="Quyết định", title=f"Quy định {symbol}",
        issuer="UBND tỉnh Lai Châu", issued_on=issued, relation="chu_tri", effect=effect,
    )  # fmt: skip


@pytest.fixture
def register(cast, units):
    actor = cast["vanphong"]
    return {
        "a": _doc(actor, units["QLVH"], "10/2020/QĐ-UBND", date(2020, 5, 4)),
        "b": _doc(actor, units["QLVH"], "07/2022/QĐ-UBND", date(2022, 3, 1)),
        "c": _doc(actor, units["QLDL"], "21/2024/QĐ-UBND", date(2024, 9, 12)),
        "late": _doc(actor, units["QLVH"], "02/2029/QĐ-UBND", date(2029, 1, 15)),
    }


def test_periodic_round_cuts_off_31_december_of_the_fifth_year(cast, units, register) -> None:
    rnd = services.open_round(
        actor=cast["vanphong"], unit=units[""], title="Hệ thống hóa kỳ 2024–2028", kind="he_thong_hoa",
        previous_cutoff=date(2023, 12, 31), due_on=date(2029, 3, 31),
    )  # fmt: skip
    assert rnd.cutoff == date(2028, 12, 31)
    # the 2029 document was issued after the cut-off: not in this round
    assert set(rnd.items.values_list("document__symbol", flat=True)) == {
        "10/2020/QĐ-UBND", "07/2022/QĐ-UBND", "21/2024/QĐ-UBND",
    }  # fmt: skip


def test_round_of_a_phong_holds_only_its_documents(cast, units, register) -> None:
    rnd = services.open_round(
        actor=cast["truongphong.dl"], unit=units["QLDL"], title="Rà soát Luật Du lịch sửa đổi", kind="ra_soat",
        trigger_date=date(2026, 3, 10),
    )  # fmt: skip
    assert list(rnd.items.values_list("document__symbol", flat=True)) == ["21/2024/QĐ-UBND"]
    assert rnd.due_on is None  # §14 gives no number of days after the triggering event


def test_findings_lists_share_and_proposals(cast, units, register) -> None:
    actor = cast["vanphong"]
    rnd = services.open_round(
        actor=actor, unit=units[""], title="Hệ thống hóa kỳ 2024–2028", kind="he_thong_hoa",
        previous_cutoff=date(2023, 12, 31), due_on=date(2029, 3, 31),
    )  # fmt: skip
    items = {i.document.symbol: i for i in rnd.items.select_related("document")}
    services.record_finding(
        actor=actor, item=items["10/2020/QĐ-UBND"], effect="het_mot_phan", form="sua_doi_bo_sung",
        reason="Điều 5 trái Luật Di sản văn hóa 2024", on=date(2029, 1, 20),
    )  # fmt: skip
    services.record_finding(
        actor=actor, item=items["07/2022/QĐ-UBND"], effect="het_toan_bo", on=date(2029, 1, 21)
    )

    row = selectors.round_row(rnd, date(2029, 3, 25))
    assert (row.reviewed, row.total, row.share) == (2, 3, Decimal("66.67"))
    assert row.status.value == "sap_den_han"  # 6 days before the due date, reminder window 10
    assert row.lists == {
        "het_toan_bo": ["07/2022/QĐ-UBND"],
        "het_mot_phan": ["10/2020/QĐ-UBND"],
        "con_hieu_luc": ["10/2020/QĐ-UBND"],
        "can_xu_ly": ["10/2020/QĐ-UBND"],
    }
    assert row.proposals_open == 1
    assert LegalDocument.objects.get(symbol="07/2022/QĐ-UBND").effect == "het_toan_bo"

    with pytest.raises(UserError, match="chưa có kết quả rà soát"):
        services.close_round(actor=actor, rnd=rnd, on=date(2029, 3, 30))
    item = ReviewItem.objects.get(pk=items["10/2020/QĐ-UBND"].pk)
    services.set_proposal_status(actor=actor, item=item, status=ProposalStatus.HANDLED, on=date(2029, 6, 1))
    assert selectors.round_row(rnd, date(2029, 6, 2)).proposals_open == 0
    assert selectors.round_row(rnd, date(2029, 4, 1)).status.value == "qua_han"

    # the measured source reads the same counts: rounds due in 2029, the whole Sở
    m = measure("institutions.reviewed_share", units[""], "2029")
    assert (m.numerator, m.denominator, m.value) == (2, 3, Decimal("66.67"))
    assert measure("institutions.reviewed_share", units[""], "2028").value is None
    # scope: QLDL's document is in the round but not reviewed
    q = measure("institutions.reviewed_share", units["QLDL"], "2029")
    assert (q.numerator, q.denominator) == (0, 0)  # the round belongs to the Sở, not under QLDL


def test_a_finding_that_cannot_be_is_refused_and_nothing_changes(cast, units, register) -> None:
    actor = cast["vanphong"]
    rnd = services.open_round(
        actor=actor, unit=units["QLVH"], title="Rà soát", kind="ra_soat", trigger_date=date(2026, 3, 10)
    )
    item = rnd.items.select_related("document").get(document__symbol="07/2022/QĐ-UBND")
    with pytest.raises(UserError, match="không thể đề nghị bãi bỏ toàn bộ"):
        services.record_finding(
            actor=actor, item=item, effect="het_toan_bo", form="bai_bo_toan_bo", on=date(2026, 4, 1)
        )
    item.refresh_from_db()
    assert item.effect == "" and LegalDocument.objects.get(pk=item.document_id).effect == "con_hieu_luc"
    with pytest.raises(UserError, match="thời điểm hệ thống hóa của kỳ trước"):
        services.open_round(actor=actor, unit=units["QLVH"], title="x", kind="he_thong_hoa")


def test_writes_are_audited_with_their_author(cast, units, register) -> None:
    actor = cast["vanphong"]
    rnd = services.open_round(
        actor=actor, unit=units["QLVH"], title="Rà soát", kind="ra_soat", trigger_date=date(2026, 3, 10)
    )
    item = rnd.items.select_related("document").first()
    services.record_finding(
        actor=actor, item=item, effect="con_hieu_luc", form="giu_nguyen", on=date(2026, 4, 1)
    )
    entries = LogEntry.objects.get_for_object(item)
    assert entries.count() == 2 and all(e.actor_id == actor.pk for e in entries)
    assert LogEntry.objects.get_for_object(ReviewRound.objects.get(pk=rnd.pk)).get().actor_id == actor.pk


def test_cli_reviews_json(cast, units, register, capsys) -> None:
    from cchc.cli import main

    actor = cast["vanphong"]
    rnd = services.open_round(
        actor=actor,
        unit=units["QLVH"],
        title="Rà soát Luật Di sản",
        kind="ra_soat",
        trigger_date=date(2026, 3, 10),
    )
    item = rnd.items.select_related("document").first()
    services.record_finding(
        actor=actor, item=item, effect="con_hieu_luc", form="giu_nguyen", on=date(2026, 4, 1)
    )
    assert main(["institutions", "reviews", "--unit", units["QLVH"].code, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    [r] = out["rounds"]
    assert (r["title"], r["kind"], r["documents"], r["reviewed"], r["share"]) == (
        "Rà soát Luật Di sản", "ra_soat", 3, 1, 33.33,
    )  # fmt: skip
    assert r["trigger_date"] == "2026-03-10" and r["due_on"] is None and r["status"] == "chua_den_han"
    assert r["lists"]["con_hieu_luc"] == [item.document.symbol]
    assert main(["institutions", "reviews", "--unit", "KHONG-CO", "--json"]) == 2
