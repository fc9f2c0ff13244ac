"""Every page of the module answers each role as its declaration says, with Vietnamese names and dates."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
PAGES = ["staff_list", "staff_export", "my_record", "training", "my_evaluation", "evaluation_list", "annual"]


@pytest.mark.parametrize(
    "who", ["giamdoc", "vanphong", "truongphong.vh", "chuyenvien.vh", "kiemtra", "motcua"]
)
def test_pages_open_for_who_may(client, login, staff, who):
    from django.urls import resolve

    from cchc.apps.org.access import allows, declared

    user = login(who)
    for name in PAGES:
        url = reverse(f"people:{name}")
        response = client.get(url)
        expected = 200 if allows(user, declared(resolve(url).func).read) else 403
        assert response.status_code == expected, (who, name, response.status_code)


def test_staff_list_in_vietnamese_order(client, login, staff):
    login("vanphong")
    page = client.get(reverse("people:staff_list") + f"?unit={staff['dua'].unit_id}").content.decode()
    # QLVH: by tên — Dua, Mai, Minh
    assert page.index("Tẩn Thị Dua") < page.index("Lê Thị Mai") < page.index("Hoàng Văn Minh")
    assert "Trần Mạnh Hùng" not in page  # another unit


def test_bad_period_is_a_vietnamese_400(client, login, staff):
    login("truongphong.vh")
    response = client.get(reverse("people:evaluation_list") + "?period=2026-Q7")
    assert response.status_code == 400 and "2026-Q1" in response.content.decode()
    assert client.get("/api/people/evaluations?period=abc").status_code == 400


def test_rating_labels_are_the_domains_through_gettext():
    from cchc.apps.people.models import RATING_TEXT
    from cchc.domain.people.evaluation import RATING_LABELS

    assert {k: str(v) for k, v in RATING_TEXT.items()} == {r.value: t for r, t in RATING_LABELS.items()}
