"""A Content-Security-Policy without inline scripts: every template obeys it and every response carries it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cchc

TEMPLATES = sorted(Path(cchc.__file__).parent.rglob("templates/**/*.html"))
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)


def test_templates_were_found():
    assert len(TEMPLATES) > 40


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p).split("cchc/", 1)[-1])
def test_no_template_has_inline_script_handler_or_style(path):
    text = path.read_text(encoding="utf-8")
    for attrs, body in SCRIPT.findall(text):
        data_only = re.search(r'type\s*=\s*["\']application/(ld\+)?json', attrs)
        assert "src=" in attrs or data_only, f"{path.name}: inline <script> (move it to static/js)"
        assert data_only or not body.strip(), f"{path.name}: <script src> with a body"
    assert not HANDLER.search(text), f"{path.name}: inline event handler: {HANDLER.search(text).group(0)}"
    assert not STYLE_ATTR.search(text), f"{path.name}: style attribute: {STYLE_ATTR.search(text).group(0)}"
    assert not STYLE_ELEMENT.search(text), f"{path.name}: <style> element"


def test_every_response_carries_the_policy(client, login):
    anonymous = client.get("/accounts/login/")
    login("giamdoc")
    for response in (
        anonymous,
        client.get("/"),
        client.get("/api/directives/tasks"),
        client.get("/khong-co/"),
    ):
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_shared_script_is_loaded_on_every_page(client, login):
    login("giamdoc")
    assert '/static/js/cchc.js"' in client.get("/").content.decode()
