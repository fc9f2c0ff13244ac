"""Every setting (environment variable) and every CLI command is documented (datasette's test_docs idea)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from cchc.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


def _env_names() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "src/cchc").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"""env(?:_bool|_int|_float|_ints|_list)?\(\s*["'](\w+)["']""", text))
        names |= set(re.findall(r"""os\.environ(?:\.get)?[\(\[]\s*["']((?:CCHC|DATABASE)_\w+)["']""", text))
    return names


def _commands(parser: argparse.ArgumentParser, prefix: str = "cchc") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(f"{prefix} {name}")
                found.extend(_commands(sub, f"{prefix} {name}"))
    return found


def test_every_environment_variable_is_documented():
    doc = (ROOT / "docs/settings.md").read_text(encoding="utf-8")
    missing = sorted(name for name in _env_names() if f"`{name}`" not in doc)
    assert not missing, f"thiếu trong docs/settings.md: {missing}"


def test_every_cli_command_is_documented():
    doc = (ROOT / "docs/cli.md").read_text(encoding="utf-8")
    missing = [cmd for cmd in _commands(build_parser()) if f"`{cmd}" not in doc]
    assert not missing, f"thiếu trong docs/cli.md: {missing}"
