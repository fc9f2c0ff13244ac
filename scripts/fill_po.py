"""Fill empty msgstr entries of a .po file from a JSON glossary {msgid: msgstr} (Vietnamese → English).

Usage: python scripts/fill_po.py src/cchc/locale/en/LC_MESSAGES/django.po docs/i18n/en.json
Translators may also edit the .po directly; this only fills entries that are still empty.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

ENTRY = re.compile(r'(msgid ((?:"(?:[^"\\]|\\.)*"\n?)+))(msgstr "")\n(?!")', re.M)


def main(po_path: str, glossary_path: str) -> int:
    po = Path(po_path).read_text(encoding="utf-8")
    glossary = json.loads(Path(glossary_path).read_text(encoding="utf-8"))
    filled = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal filled
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', match.group(2))
        msgid = "".join(ast.literal_eval(f'"{p}"') for p in parts)
        if msgid in glossary:
            filled += 1
            return f"{match.group(1)}msgstr {json.dumps(glossary[msgid], ensure_ascii=False)}\n"
        return match.group(0)

    Path(po_path).write_text(ENTRY.sub(replace, po), encoding="utf-8")
    print(f"filled {filled} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
