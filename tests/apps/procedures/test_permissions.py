"""Permissions per role: scope by responsible unit; procedures.manage to edit; auditors never write."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from cchc.apps.procedures import services
from cchc.apps.procedures.models import SimplificationPlan

pytestmark = pytest.mark.django_db


def _codes(client) -> set[str]:
    return {p["code"] for p in client.get("/api/procedures/procedures?limit=500").json()}


def test_list_scope_per_role(client, login, catalogue):
    login("chuyenvien.vh")
    assert _codes(client) == {c for c, p in catalogue.items() if p.unit.abbreviation == "QLVHGĐ"}
    login("truongphong.dl")
    assert {c[:5] for c in _codes(client)} == {"1.009"} and "1.009401" in _codes(client)
    for username in ("giamdoc", "vanphong", "kiemtra", "quantri"):
        login(username)
        assert _codes(client) == set(catalogue), username


def test_other_units_procedure_is_not_found(client, login, catalogue):
    login("truongphong.dl")
    pk = catalogue["1.009301"].pk  # Phòng Quản lý Văn hóa
    assert client.get(f"/thu-tuc/{pk}/").status_code == 404
    assert client.get(f"/api/procedures/procedures/{pk}").status_code == 404
    assert client.post(f"/thu-tuc/{pk}/phuong-an/2026/", {"year": 2026}).status_code == 404
    assert client.post(f"/thu-tuc/{pk}/sua/", {"name": "x"}).status_code == 404


def test_unit_head_cannot_edit_another_units_procedure_in_the_service(cast, catalogue):
    plan = SimplificationPlan.objects.get(procedure__code="1.009301", year=2026)
    with pytest.raises(PermissionDenied):
        services.save_plan(user=cast["truongphong.dl"], plan=plan)
    procedure = catalogue["1.009401"]
    with pytest.raises(PermissionDenied):
        services.save_procedure(user=cast["truongphong.vh"], procedure=procedure)


def test_unit_head_edits_own_unit(client, login, catalogue):
    login("truongphong.vh")
    pk = catalogue["1.009301"].pk
    assert client.get(f"/thu-tuc/{pk}/phuong-an/2026/").status_code == 200
    assert "Sửa thủ tục" in client.get(f"/thu-tuc/{pk}/").content.decode()


@pytest.mark.parametrize("username", ["kiemtra", "giamdoc", "chuyenvien.vh"])
def test_read_only_roles_cannot_write(client, login, catalogue, username):
    login(username)
    pk = catalogue["1.009301"].pk
    assert client.get(f"/thu-tuc/{pk}/").status_code == 200
    assert "Sửa thủ tục" not in client.get(f"/thu-tuc/{pk}/").content.decode()
    assert client.get(f"/thu-tuc/{pk}/phuong-an/2026/").status_code == 403
    assert client.post(f"/thu-tuc/{pk}/sua/", {"name": "x"}).status_code == 403
    assert client.get("/thu-tuc/nhap/").status_code == 403
    assert client.get("/thu-tuc/chi-tieu/").status_code == 200


def test_auditor_cannot_write_even_through_the_service(cast, catalogue):
    plan = SimplificationPlan.objects.get(procedure__code="1.009301", year=2026)
    with pytest.raises(PermissionDenied):
        services.save_plan(user=cast["kiemtra"], plan=plan)


def test_department_settings_are_for_the_office(client, login, catalogue):
    login("truongphong.vh")
    assert client.get("/thu-tuc/chi-tieu/lien-ket/").status_code == 403
    assert client.post("/thu-tuc/tham-so/", {"name": "x"}).status_code == 403
    login("vanphong")
    assert client.get("/thu-tuc/chi-tieu/lien-ket/").status_code == 200


def test_upload_to_another_unit_is_refused(client, login, units, good_csv):
    login("truongphong.vh")
    with open(good_csv, "rb") as f:
        response = client.post("/thu-tuc/nhap/", {"file": f, "unit": units["QLDL"].pk})
    assert response.status_code == 200 and 'class="errorlist' in response.content.decode()
    assert "procedures_import" not in client.session


def test_anonymous_is_sent_to_login(client, catalogue):
    assert client.get("/thu-tuc/").status_code == 302
    assert client.get("/api/procedures/portfolio").status_code == 401
