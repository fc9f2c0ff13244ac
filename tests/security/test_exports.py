"""Formula injection in every export, found from the URL map: every page the administrator can open is
read for links to a spreadsheet or CSV export (``export=``, ``format=``, ``.xlsx``, ``.csv``), and every
route answering a spreadsheet itself is kept. The world's texts start with ``=HYPERLINK(…)``; no export
may write a formula cell (``<f>`` in a sheet), nor a CSV field starting with ``= + - @`` (or tab/CR).
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile

from .matrix import cases

SPREADSHEET = ("spreadsheetml", "text/csv", "application/vnd.ms-excel")
UNPLANTED: list[str] = []  # exports whose rows hold none of the planted texts (no rows in the world)
LINK = re.compile(r'href="([^"#]*(?:export=|format=|\.xlsx|\.csv|cach-ly)[^"#]*)"')


def _is_export(response) -> bool:
    return response.status_code == 200 and any(k in response.get("Content-Type", "") for k in SPREADSHEET)


def _problems(url: str, response) -> list[str]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            assert sheets, url
            formulas = [f for n in sheets for f in re.findall(rb"<f[ >].*?</f>", book.read(n))]
            seen = b"HYPERLINK" in b"".join(book.read(n) for n in book.namelist() if n.endswith(".xml"))
        if not seen:
            UNPLANTED.append(url)
        return [f"{url}: formula cell {formulas[0][:80]!r}"] if formulas else []
    text = content.decode("utf-8-sig", "replace")
    bad = [
        cell
        for row in csv.reader(io.StringIO(text))
        for cell in row
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r")
    ]
    bad = [c for c in bad if not re.fullmatch(r"-?\d+([.,]\d+)?", c)]  # a negative number is a number
    return [f"{url}: CSV field {bad[0][:60]!r}"] if bad else []


def test_no_export_writes_a_formula(client, world):
    client.raise_request_exception = False
    client.force_login(world.users["quantri"], backend="django.contrib.auth.backends.ModelBackend")
    pages = {
        c.url: None
        for c in cases(world)
        if c.username == "quantri" and c.method == "GET" and c.expect == "allowed"
    }
    exports: dict[str, None] = {}
    for page in pages:
        response = client.get(page)
        if _is_export(response):
            exports[page] = None
        elif response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for href in LINK.findall(response.content.decode()):
                href = html.unescape(href)
                if href.startswith("?"):
                    href = page.split("?")[0] + href
                if href.startswith("/"):
                    exports[href] = None
    problems, checked = [], []
    for url in exports:
        response = client.get(url)
        if _is_export(response):
            checked.append(url)
            problems += _problems(url, response)
    print(f"\n{len(checked)} exports checked: {checked}\nwithout a planted text in them: {UNPLANTED}")
    assert len(checked) >= 7, checked
    assert len(checked) - len(set(UNPLANTED)) >= 6, UNPLANTED  # most exports really carried the payload
    assert not problems, "\n".join(problems)
