"""The seed letter and the gold set in ../shared (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.commands.directives import handle_eval
from cchc.domain.directives import extract
from cchc.domain.directives.evaluate import evaluate_dir

SEED = "seed/cv-1036-svhttdl-vp-2026-laichau-cchc.txt"
GOLD_SEED = "realdata/gold/cv-1036-svhttdl-vp-2026-laichau-cchc.json"
# Fields issue 15 requires at F1 ≥ 0.85 leave-one-document-out over the 17 dev gold files (the extractor has no
# learned part, so the leave-one-out figure is the plain one); measured with the group-aware matcher.
REQUIRED = ["tasks", "responsible_units", "targets", "deadlines"]
GATE = 0.85


@pytest.fixture(scope="module")
def report(shared_dir: Path) -> dict:
    return evaluate_dir(shared_dir / "realdata" / "gold")


def test_seed_metadata_matches_gold(shared_dir: Path) -> None:
    gold = json.loads((shared_dir / GOLD_SEED).read_text(encoding="utf-8"))
    d = extract(shared_dir / SEED).to_dict()
    for key in (
        "doc_type",
        "doc_number",
        "issuer",
        "signed_date",
        "signer",
        "subject",
        "addressees",
        "recipients",
        "signature",
    ):
        assert d[key] == gold[key], key
    assert d["cited_documents"] == gold["cited_documents"]


def test_seed_tasks_targets_and_no_deadline(shared_dir: Path) -> None:
    gold = json.loads((shared_dir / GOLD_SEED).read_text(encoding="utf-8"))
    d = extract(shared_dir / SEED).to_dict()
    assert [t["number"] for t in d["tasks"]] == [t["number"] for t in gold["tasks"]]
    got = [(t["number"], g["value"], g["unit"], g["comparator"]) for t in d["tasks"] for g in t["targets"]]
    want = [
        (t["number"], g["value"], g["unit"], g["comparator"]) for t in gold["tasks"] for g in t["targets"]
    ]
    assert got == want and len(got) == 7
    assert all(t["deadline"] is None for t in d["tasks"])
    for t, g in zip(d["tasks"], gold["tasks"], strict=True):
        assert t["responsible_units"] == g["responsible_units"]
        assert t["coordinating_units"] == g.get("coordinating_units", [])


def test_seed_distractors_are_not_reported(shared_dir: Path) -> None:
    d = extract(shared_dir / SEED).to_dict()
    values = [g["value"] for t in d["tasks"] for g in t["targets"]]
    assert 2021 not in values and 2030 not in values


def test_gold_set_f1_thresholds(shared_dir: Path) -> None:
    loo = evaluate_dir(shared_dir / "realdata" / "gold", leave_one_out=True)
    overall = loo["overall"]
    for field in REQUIRED:
        assert overall[field]["f1"] >= GATE, (field, overall[field])
    assert overall["coordinating_units"]["f1"] >= 0.75
    assert overall["metadata"]["f1"] >= 0.95


def test_confidence_bands_mean_something(report: dict) -> None:
    """Items in the low band are right clearly less often than those in the high band (issue 15: ≥ 0.2)."""
    bands = report["confidence_bands"]["tất cả"]
    assert bands["thấp"]["n"] >= 10 and bands["cao"]["n"] >= 50
    assert report["band_gap"] >= 0.2, bands
    assert "không có" not in bands  # every extracted item has a confidence


def test_every_gold_file_finds_its_source(report: dict) -> None:
    assert report["documents"] and all(d["error"] is None for d in report["documents"])


def test_real_documents_parse_without_error(shared_dir: Path) -> None:
    for path in sorted((shared_dir / "realdata" / "docs").glob("*.txt")):
        letter = extract(path)
        for t in letter.tasks:
            assert 0 <= t.span[0] <= t.span[1] <= len(letter.text)


def test_eval_command_prints_a_table(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    handle_eval(argparse.Namespace(gold=str(shared_dir / "realdata" / "gold"), docs=[], json=False))
    out = capsys.readouterr().out
    assert "TỔNG" in out and "nhiệm vụ" in out
