"""`cchc documents demo-pki | sign | verify` end to end, without Django."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cchc.cli import main
from cchc.domain.documents.layout_pdf import render_pdf
from tests.domain.documents import samples


def test_demo_pki_sign_and_verify_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["documents", "demo-pki", str(tmp_path / "pki")]) == 0
    src, one, two = tmp_path / "in.pdf", tmp_path / "one.pdf", tmp_path / "two.pdf"
    src.write_bytes(render_pdf(samples.letter()).data)
    monkeypatch.setenv("CCHC_P12_PASSWORD", "1234")
    assert main(["documents", "sign", str(src), str(one), "--p12", str(tmp_path / "pki/director.p12")]) == 0
    org = str(tmp_path / "pki/organisation.p12")
    assert main(["documents", "sign", str(one), str(two), "--p12", org, "--stamp", "org"]) == 0
    capsys.readouterr()
    assert main(["documents", "verify", str(two), "--trust", str(tmp_path / "pki/ca.pem")]) == 0
    assert "Chữ ký 2: hợp lệ" in capsys.readouterr().out
    assert main(["documents", "verify", str(two), "--json"]) == 1  # no trust root given → not trusted
    payload = json.loads(capsys.readouterr().out)
    assert [s["intact"] for s in payload["signatures"]] == [True, True]


def test_user_errors_are_vietnamese_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["documents", "verify", str(tmp_path / "missing.pdf")]) == 2
    assert "không tìm thấy tệp" in capsys.readouterr().err
    src = tmp_path / "in.pdf"
    src.write_bytes(render_pdf(samples.letter()).data)
    assert (
        main(["documents", "sign", str(src), str(tmp_path / "o.pdf"), "--p12", str(tmp_path / "no.p12")]) == 2
    )
