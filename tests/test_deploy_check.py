"""The documented production environment (docs/deployment.md) passes Django's deploy check with no warning,
and the production settings refuse weak secret keys."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from cchc.settings.keycheck import estimated_bits, weakness

ROOT = Path(__file__).resolve().parent.parent


def documented_env() -> dict[str, str]:
    text = (ROOT / "docs/deployment.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- cchc.env -->\s*```ini\n(.*?)```", text, re.S)
    assert block, "docs/deployment.md: thiếu khối môi trường <!-- cchc.env -->"
    pairs = [line.split("=", 1) for line in block.group(1).splitlines() if line and not line.startswith("#")]
    return {k: v for k, v in pairs}


def _run(env: dict[str, str], *args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CCHC_", "DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args],
        env={**clean, **env, "CCHC_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )


def test_documented_prod_environment_passes_check_deploy_without_a_warning(tmp_path):
    env = documented_env()
    assert env["DJANGO_SETTINGS_MODULE"] == "cchc.settings.prod"
    env["CCHC_SECRET_KEY"] = secrets.token_urlsafe(64)  # the document says how to generate it
    result = _run(env, "manage", "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "no issues" in result.stdout and "WARNING" not in result.stdout


@pytest.mark.parametrize(
    "key",
    [
        "a" * 50,
        "ab" * 40,
        "abcdefghijklmnopqrstuvwxyz" * 2,
        "0123456789" * 6,
        "django-insecure-" + "x" * 40,
        "short",
    ],
)
def test_prod_settings_refuse_a_weak_secret_key(tmp_path, key):
    env = {**documented_env(), "CCHC_SECRET_KEY": key}
    result = _run(env, "manage", "check", tmp_path=tmp_path)
    assert result.returncode != 0
    assert "CCHC_SECRET_KEY" in result.stderr


def test_generated_keys_are_strong_and_repetitions_are_not():
    for _ in range(20):
        assert weakness(secrets.token_urlsafe(64)) is None
        assert weakness(secrets.token_hex(32)) is None
    assert estimated_bits("a" * 50) == 0
    assert estimated_bits("ab" * 25) == pytest.approx(50)
    assert "lặp lại" in (weakness("Xy7#" * 20) or "")
    assert "ký tự khác nhau" in (weakness("aaaaabbbbbcccccdddddeeeeefffff" * 2 + "g" * 5) or "")


def test_prod_response_headers_carry_hsts_with_subdomains_and_the_csp(tmp_path):
    env = {**documented_env(), "CCHC_SECRET_KEY": secrets.token_urlsafe(64)}
    code = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/accounts/login/', secure=True, HTTP_HOST='cchc.sovhttdl.laichau.gov.vn');"
        "print(r.status_code); print(r['Strict-Transport-Security']); print(r['Content-Security-Policy'])"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("CCHC_", "DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **clean,
            **env,
            "CCHC_DATA_DIR": str(tmp_path),
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, hsts, csp = result.stdout.splitlines()[-3:]
    assert status == "200"
    assert hsts == "max-age=31536000; includeSubDomains"
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
