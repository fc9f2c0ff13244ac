"""The Vietnamese error pages, rendered with DEBUG off as the demo and production run: 400, 403, 404 and
500 each answer the project's page, never Django's English page nor an exception's text. The demo's
settings (cchc.settings.dev) have DEBUG off and still serve the static files."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse

from tests.malformed import looks_technical

ENGLISH = ("Page not found", "Bad Request", "Forbidden", "Server Error", "Traceback", "Using the URLconf",
           "Request Method", "DisallowedHost", "Invalid HTTP_HOST")  # fmt: skip


def _vietnamese_page(response, status: int, title: str) -> str:
    text = response.content.decode()
    assert response.status_code == status, (response.status_code, text[:300])
    assert response["Content-Type"].startswith("text/html")
    assert title in text and '<html lang="vi">' in text
    assert not looks_technical(text), text[:800]
    for word in ENGLISH:
        assert word not in text, word
    return text


@pytest.fixture
def debug_off(settings, client):
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def test_400_bad_parameter_and_bad_host(debug_off, login):
    login("giamdoc")
    text = _vietnamese_page(debug_off.get("/chi-dao/nhiem-vu/", {"unit": "abc"}), 400, "Yêu cầu không hợp lệ")
    assert "Tham số “unit”" in text  # the parameter's own Vietnamese sentence
    _vietnamese_page(debug_off.get("/", HTTP_HOST="ke-gian.example"), 400, "Yêu cầu không hợp lệ")


def test_400_from_a_suspicious_operation_does_not_show_its_text(debug_off, login, monkeypatch):
    from cchc.apps.directives.views import reports

    def boom(*args, **kwargs):
        raise SuspiciousOperation("Attempted access to '/etc/passwd' denied")

    monkeypatch.setattr(reports.selectors, "leader_overview", boom)
    login("giamdoc")
    text = _vietnamese_page(debug_off.get(reverse("directives:overview")), 400, "Yêu cầu không hợp lệ")
    assert "passwd" not in text


def test_403(debug_off, login, units, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    login("chuyenvien.vh")  # an officer of QLVH asks for another phòng's scorecard
    text = _vietnamese_page(
        debug_off.get(reverse("dossiers:scorecard"), {"unit": units["QLDL"].pk}), 403, "403"
    )
    assert "Bạn không" in text or "không có quyền" in text


def test_404(debug_off, login):
    _vietnamese_page(debug_off.get("/khong-co-trang-nay/"), 404, "Không tìm thấy trang")
    login("giamdoc")
    _vietnamese_page(debug_off.get("/chi-dao/nhiem-vu/999999/"), 404, "Không tìm thấy trang")


def test_500_never_shows_the_exception(debug_off, login, monkeypatch):
    from cchc.apps.directives.views import reports

    def boom(*args, **kwargs):
        raise RuntimeError("khóa_bí_mật=abc123 in /srv/cchc/settings.py")

    monkeypatch.setattr(reports.selectors, "leader_overview", boom)
    login("giamdoc")
    text = _vietnamese_page(debug_off.get(reverse("directives:overview")), 500, "Hệ thống gặp lỗi")
    assert "abc123" not in text and "RuntimeError" not in text and "/srv/" not in text


def test_the_demo_settings_have_debug_off_and_serve_static_files(tmp_path):
    """``cchc demo`` runs cchc.settings.dev: DEBUG off (the Vietnamese 404 page), static files served."""
    script = textwrap.dedent(
        """
        import django
        django.setup()
        from django.conf import settings
        from django.test import Client
        assert settings.DEBUG is False, settings.DEBUG
        c = Client(raise_request_exception=False, HTTP_HOST="127.0.0.1")
        for path in ("/static/css/cchc.css", "/static/js/cchc.js", "/static/favicon.svg"):
            r = c.get(path)
            body = b"".join(r.streaming_content) if r.streaming else r.content
            assert r.status_code == 200 and len(body) > 100, (path, r.status_code)
        r = c.get("/khong-co-trang-nay/")
        text = r.content.decode()
        assert r.status_code == 404 and "Không tìm thấy trang" in text and "Page not found" not in text
        print("ok")
        """
    )
    env = {k: v for k, v in os.environ.items() if k not in ("CCHC_DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(DJANGO_SETTINGS_MODULE="cchc.settings.dev", CCHC_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120,
        cwd=Path(__file__).resolve().parents[3],
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip().endswith("ok"), done.stderr[-2000:]
