"""The task page's "Liên quan" card (cchc.apps.core.task_links): every module's records linked to a task,
only those the viewer may open — checked for every registered provider and every person of the cast by
opening each shown link as that person."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from cchc.apps.core import task_links
from cchc.apps.directives.models import Directive, Task
from cchc.apps.documents.models import OutgoingDocument
from cchc.apps.institutions import services as inst

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(cast, units):
    task = Task.objects.create(
        directive=Directive.objects.create(subject="Rà soát văn bản", unit=units["QLVH"]),
        summary="Sửa đổi quy định về lễ hội", unit=units["QLVH"],
    )  # fmt: skip
    actor = cast["vanphong"]
    for unit, symbol in ((units["QLVH"], "10/2020/QĐ-UBND"), (units["QLDL"], "21/2024/QĐ-UBND")):
        inst.register_document(
            actor=actor, unit=unit, symbol=symbol, doc_type="Quyết định", title=f"Quy định {symbol}",
            issuer="UBND tỉnh Lai Châu", issued_on=date(2020, 5, 4), relation="chu_tri", effect="con_hieu_luc",
        )  # fmt: skip
        rnd = inst.open_round(
            actor=actor,
            unit=unit,
            title=f"Rà soát {unit.code}",
            kind="ra_soat",
            trigger_date=date(2026, 3, 10),
        )
        inst.link_task(actor=actor, item=rnd.items.get(), task=task)
    OutgoingDocument.objects.create(
        unit=units["QLVH"], organisation=units[""], subject="Báo cáo kết quả sửa đổi", body="Nội dung.",
        signatory_name="Trần Mạnh Hùng", signatory_position="Giám đốc", recipients="Như trên",
        created_by=cast["chuyenvien.vh"], answers_task=task,
    )  # fmt: skip
    return task


def _texts(user, task) -> set[str]:
    return {link.text for link in task_links.links_for(user, task)}


def test_the_task_page_lists_the_findings_and_documents_the_viewer_may_open(client, login, cast, linked):
    login("giamdoc")
    page = client.get(reverse("directives:task_detail", args=[linked.pk])).content.decode()
    assert 'id="links"' in page
    assert "10/2020/QĐ-UBND — Rà soát" in page and "21/2024/QĐ-UBND — Rà soát" in page
    assert "Báo cáo kết quả sửa đổi" in page
    # The phòng head of Văn hóa sees the task, its own round's finding and the answer, not Du lịch's round.
    seen = _texts(cast["truongphong.vh"], linked)
    assert any("10/2020" in t for t in seen) and not any("21/2024" in t for t in seen)
    assert any("Báo cáo kết quả sửa đổi" in t for t in seen)
    # The one-stop desk has no institutions.view: no finding at all.
    assert not any("QĐ-UBND" in t for t in _texts(cast["motcua"], linked))


def test_every_link_shown_to_anyone_opens_for_them(client, cast, linked):
    """The class check: whatever a provider shows a person, that person may open (no 403/404 behind a link)."""
    shown = 0
    for user in cast.values():
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        for link in task_links.links_for(user, linked):
            shown += 1
            response = client.get(link.url.split("#")[0])
            assert response.status_code == 200, (user.username, link)
    assert shown >= 6  # the providers did show something to several people
