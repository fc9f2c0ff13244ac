"""Security by default: no page or API endpoint answers an anonymous visitor, except the public ones."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC = re.compile(r"^/(accounts/(login|password/reset|reset)/|i18n/|quan-tri/|favicon\.ico$)")


def _paths(patterns, prefix: str = "") -> list[str]:
    out: list[str] = []
    for p in patterns:
        route = str(p.pattern)
        if route.startswith("^"):  # regex routes (admin, ninja internals): skip, covered by their own auth
            continue
        if isinstance(p, URLResolver):
            out += _paths(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern):
            path = "/" + prefix + route
            path = re.sub(r"<int:\w+>", "1", path)
            path = re.sub(r"<(?:str|slug):\w+>", "x", path)
            out.append(path)
    return sorted(set(out))


ALL_PATHS = _paths(get_resolver().url_patterns)


def test_the_url_map_was_walked():
    assert len(ALL_PATHS) > 60
    assert "/chi-dao/tong-quan/" in ALL_PATHS


@pytest.mark.parametrize("path", [p for p in ALL_PATHS if not PUBLIC.match(p)])
def test_anonymous_visitor_gets_nothing(client, db, path):
    response = client.get(path)
    if path.startswith("/api/") and response.status_code != 302:
        assert response.status_code in (401, 403, 404, 405), path
    else:
        # A redirect must end at the login page (a module's index may first redirect to its first page).
        final = client.get(path, follow=True)
        if response.status_code == 302:
            assert final.redirect_chain[-1][0].startswith("/accounts/login/"), path
        else:
            assert response.status_code in (403, 404, 405), path


@pytest.mark.parametrize(
    "username", ["giamdoc", "vanphong", "truongphong.vh", "chuyenvien.vh", "motcua", "kiemtra"]
)
def test_every_page_without_parameters_renders_for_every_role(client, login, settings, tmp_path, username):
    settings.DATA_DIR = tmp_path
    login(username)
    for path in ALL_PATHS:
        if "/1" in path or "/x" in path or path.startswith(("/accounts/logout", "/i18n/", "/quan-tri/")):
            continue
        response = client.get(path)
        assert response.status_code < 500, f"{path}: {response.status_code}"
        if response.status_code == 403:
            assert "Không có quyền truy cập" in response.content.decode() or path.startswith("/api/"), path
