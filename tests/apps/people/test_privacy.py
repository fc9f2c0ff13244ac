"""Personal data and discipline records: shown only to the person, their managers and the roles named
for them (access.can_see_personal, can_see_discipline) — in the page, the API and the Excel export."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from cchc.apps.people.models import DisciplineForm, DisciplineRecord

pytestmark = pytest.mark.django_db
CCCD = "012080000003"  # chuyenvien.vh's (index 3 of conftest.CODES)
REASON = "LYDO-KYLUAT-MAI"
DUA_CCCD = "012000000999"

# role → (opens Mai's record, sees her personal data, sees her discipline)
EXPECTED = {
    "giamdoc": (True, True, True),
    "phogiamdoc": (True, True, True),
    "vanphong": (True, True, True),
    "truongphong.vh": (True, True, False),
    "truongphong.dl": (False, False, False),
    "chuyenvien.vh": (True, True, True),  # herself
    "chuyenvien.dl": (False, False, False),
    "motcua": (False, False, False),
    "kiemtra": (True, False, False),
    "quantri": (True, True, True),
}


@pytest.fixture
def disciplined(staff):
    DisciplineRecord.objects.create(
        staff=staff["chuyenvien.vh"],
        form=DisciplineForm.KHIEN_TRACH,
        decided_on=date(2026, 2, 3),
        reason=REASON,
    )
    return staff


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_record_page_per_role(client, login, disciplined, who):
    opens, personal, discipline = EXPECTED[who]
    login(who)
    response = client.get(reverse("people:staff_detail", args=[disciplined["chuyenvien.vh"].pk]))
    if not opens:
        assert response.status_code == 404
        return
    page = response.content.decode()
    assert response.status_code == 200 and "Lê Thị Mai" in page
    assert (CCCD in page) is personal and ("Thông tin cá nhân" in page) is personal
    assert (REASON in page) is discipline


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_a_colleague_without_account_per_role(client, login, disciplined, who):
    """Tẩn Thị Dua (QLVH, no account): only the holders of people.personal over QLVH see her CCCD."""
    login(who)
    response = client.get(reverse("people:staff_detail", args=[disciplined["dua"].pk]))
    sees = who in {"giamdoc", "phogiamdoc", "vanphong", "truongphong.vh", "quantri"}
    if response.status_code == 404:
        assert who in {"truongphong.dl", "chuyenvien.dl", "motcua"}
        return
    assert (DUA_CCCD in response.content.decode()) is sees


def _xlsx_text(response) -> str:
    with zipfile.ZipFile(io.BytesIO(response.content)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_export_has_personal_columns_only_with_the_right(client, login, disciplined, who):
    login(who)
    response = client.get(reverse("people:staff_export"))
    assert response.status_code == 200
    text = _xlsx_text(response)
    with_right = who in {"giamdoc", "phogiamdoc", "vanphong", "truongphong.vh", "truongphong.dl", "quantri"}
    assert ("Số CCCD" in text) is with_right
    if EXPECTED[who][0]:
        assert "Lê Thị Mai" in text
        assert (CCCD in text) is with_right
    else:
        assert CCCD not in text  # not even her name's row: outside the scope
    assert REASON not in text  # discipline is never exported


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_api_answers_personal_data_only_with_the_right(client, login, disciplined, who):
    opens, personal, _discipline = EXPECTED[who]
    login(who)
    pk = disciplined["chuyenvien.vh"].pk
    one = client.get(f"/api/people/staff/{pk}")
    if not opens:
        assert one.status_code == 404
    else:
        assert one.status_code == 200
        data = one.json()
        assert data["full_name"] == "Lê Thị Mai"
        assert (data["personal"] is not None) is personal
        if personal:
            assert data["personal"]["id_number"] == CCCD
    listing = client.get("/api/people/staff?limit=500")
    assert listing.status_code == 200
    assert (CCCD in listing.content.decode()) is personal
    assert REASON not in listing.content.decode()


def test_own_record_page_shows_own_data(client, login, disciplined):
    login("chuyenvien.vh")
    page = client.get(reverse("people:my_record")).content.decode()
    assert CCCD in page and REASON in page and DUA_CCCD not in page
    login("kiemtra")  # no staff record
    page = client.get(reverse("people:my_record")).content.decode()
    assert "chưa gắn với hồ sơ cán bộ" in page


def test_only_discipline_holders_record_discipline(client, login, disciplined):
    url = reverse("people:discipline_add", args=[disciplined["dua"].pk])
    data = {"form": "canh_cao", "decided_on": "04/05/2026", "decision_number": "12/QĐ", "reason": "Vi phạm."}
    for who in ("truongphong.vh", "chuyenvien.vh", "kiemtra"):
        login(who)
        assert client.post(url, data).status_code == 403
    login("vanphong")
    assert client.post(url, data).status_code == 302
    assert DisciplineRecord.objects.filter(staff=disciplined["dua"], form="canh_cao").count() == 1
