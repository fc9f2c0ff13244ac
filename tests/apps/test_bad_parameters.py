"""A number read from the query string, a form or an API parameter that is not one gives a Vietnamese
400 (or 422 for a typed API parameter), never a 500: ``target=abc``, ``extension=abc``, ``year=0``,
``offset=-1``, ``limit=-5``, a 30-digit id. A scan keeps every view on the one parser (core.params)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.apps.directives.conftest import directive, make_directive, task_vh  # noqa: F401 - fixtures
from tests.malformed import looks_technical

SRC = Path(__file__).resolve().parents[2] / "src" / "cchc"
HUGE = "9" * 30


def _vietnamese_400(response, *needles: str) -> str:
    text = response.content.decode()
    assert response.status_code == 400, (response.status_code, text[:300])
    assert not looks_technical(text), text[:500]
    for needle in needles:
        assert needle in text, (needle, text[:2000])
    return text


@pytest.mark.parametrize("action,field", [("measure", "target"), ("extension_approve", "extension"), ("extension_reject", "extension")])  # fmt: skip
@pytest.mark.parametrize("value", ["abc", "1.5", HUGE, "-1"])
def test_task_actions_refuse_a_bad_id_in_vietnamese(client, login, task_vh, action, field, value):  # noqa: F811
    login("giamdoc")
    response = client.post(reverse("directives:task_action", args=[task_vh.pk, action]), {field: value})
    _vietnamese_400(response, f"Tham số “{field}”")


@pytest.mark.parametrize(
    "url,params,needle",
    [
        ("/van-ban/chi-so/", {"year": "0"}, "Tham số “year” phải từ 2000 đến 2100"),
        ("/van-ban/chi-so/", {"year": "abc"}, "Tham số “year” phải là số nguyên"),
        ("/van-ban/so/di/", {"year": "99999"}, "Tham số “year”"),
        ("/ho-so/lich-lam-viec/", {"year": "abc"}, "Tham số “year”"),
        ("/thu-tuc/chi-tieu/", {"nam": "0"}, "Tham số “nam”"),
        ("/ho-so/danh-sach/", {"unit": HUGE}, "Tham số “unit”"),
        ("/chi-dao/nhiem-vu/", {"unit": "abc"}, "Tham số “unit”"),
        ("/chi-dao/nhiem-vu/", {"directive": "²"}, "Tham số “directive”"),
        ("/to-chuc/nguoi-dung/", {"unit": "-3"}, "Tham số “unit”"),
    ],
)
def test_pages_refuse_bad_numbers_in_vietnamese(client, login, settings, tmp_path, url, params, needle):
    settings.DATA_DIR = tmp_path
    login("giamdoc" if not url.startswith("/to-chuc/") else "quantri")
    _vietnamese_400(client.get(url, params), needle, "Yêu cầu không hợp lệ")


LIST_APIS = [
    "/api/directives/directives",
    "/api/directives/tasks",
    "/api/documents/documents",
    "/api/procedures/procedures",
    "/api/dossiers/dossiers",
]


@pytest.mark.parametrize("url", LIST_APIS)
@pytest.mark.parametrize("params,status,needle", [
    ({"offset": "-1"}, 400, "offset phải lớn hơn hoặc bằng 0"),
    ({"limit": "-5"}, 400, "limit phải lớn hơn hoặc bằng 1"),
    ({"limit": "0"}, 400, "limit phải lớn hơn hoặc bằng 1"),
    ({"limit": "abc"}, 422, "limit phải là số nguyên"),
])  # fmt: skip
def test_every_list_api_checks_its_paging_in_vietnamese(
    client, login, settings, tmp_path, url, params, status, needle
):
    settings.DATA_DIR = tmp_path
    login("giamdoc")
    response = client.get(url, params)
    assert response.status_code == status, (response.status_code, response.content[:300])
    body = response.json()
    assert needle in body["detail"], body
    assert not looks_technical(response.content.decode())


def test_api_answers_vietnamese_for_its_own_errors(client, login):
    assert client.get("/api/directives/directives").json()["detail"] == "Cần đăng nhập để dùng API."
    login("giamdoc")
    response = client.get("/api/directives/directives/999999")
    assert response.status_code == 404 and "Không tìm thấy" in response.json()["detail"]


def test_no_view_parses_a_request_number_by_hand():
    """int(request.GET…), .isdigit() on a parameter, pk=request.POST… — each was a 500 waiting to
    happen; every view reads numbers through cchc.apps.core.params."""
    pattern = re.compile(
        r"int\(\s*request\.(GET|POST)|request\.(GET|POST)\.get\([^)]*\)\s*\.isdigit\(\)"
        r"|pk=request\.(GET|POST)|_id=request\.(GET|POST)|request\.(GET|POST)\[[^]]+\]\s*\)"
    )
    offenders = []
    for path in (SRC / "apps").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                offenders.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    offenders += [str(p.relative_to(SRC)) for p in (SRC / "apps").rglob("views/*.py") if re.search(r"\.isdigit\(\)", p.read_text())]  # fmt: skip
    assert not offenders, offenders
