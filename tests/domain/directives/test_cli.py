"""The CLI group: user errors come back as Vietnamese messages with exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from cchc.cli import main


def test_extract_json_on_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "cv.txt"
    f.write_text(
        "Kính gửi: Các phòng.\n\n1. Cắt giảm tối thiểu 30% thời gian, hoàn thành trong quý I/2026.\n\nNơi nhận:\n- Như trên;\n",
        encoding="utf-8",
    )
    assert main(["directives", "extract", str(f), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"deadline_iso": "2026-03-31"' in out and '"comparator": ">="' in out


def test_extract_binary_file_is_a_vietnamese_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "x.bin"
    f.write_bytes(b"\x00\x01\x02\x03" * 100)
    assert main(["directives", "extract", str(f)]) == 2
    assert "Lỗi: Tệp nhị phân" in capsys.readouterr().err


def test_eval_without_gold_dir_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["directives", "eval", "--gold", str(tmp_path / "none")]) == 2
    assert "gold" in capsys.readouterr().err


def test_directives_commands_do_not_import_django() -> None:
    import subprocess
    import sys

    code = "import sys, cchc.cli as c; c.build_parser(); import cchc.commands.directives; import cchc.domain.directives.evaluate; print('django' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    # other command groups may import Django at registration; our modules must not pull it in themselves
    code2 = "import sys, cchc.commands.directives, cchc.domain.directives.evaluate; print('django' in sys.modules)"
    out2 = subprocess.run(
        [sys.executable, "-c", code2], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out2 == "False", out
