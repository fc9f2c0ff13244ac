"""Issue 17: the English catalogue is complete — ``msgfmt --statistics`` counts no untranslated and no fuzzy entry.

A new string reaches the catalogue through ``make messages`` (makemessages, then the English of every
docs/i18n/*.json glossary, then compilemessages): until that is run after a change, this test fails and names
the counts, as it should.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import cchc

PO = Path(cchc.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _statistics(po: Path) -> dict[str, int]:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("chưa cài gettext (Debian: apt-get install gettext) — `make test` cài nó")
    run = subprocess.run(
        [msgfmt, "--statistics", "--check-format", "-o", "/dev/null", str(po)],
        capture_output=True, text=True, check=False, env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", run.stderr):
        counts[kind] = int(number)
    return counts


def test_the_english_catalogue_has_no_untranslated_and_no_fuzzy_entry():
    counts = _statistics(PO)
    assert counts["translated"] > 1000, counts  # the catalogue was read
    assert counts["untranslated"] == 0 and counts["fuzzy"] == 0, counts


def test_the_statistics_do_count_an_untranslated_and_a_fuzzy_entry(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Đã dịch"\nmsgstr "Translated"\n\n'
        'msgid "Chưa dịch"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Đoán"\nmsgstr "Guess"\n',
        encoding="utf-8",
    )
    assert _statistics(po) == {"translated": 1, "fuzzy": 1, "untranslated": 1}
