"""Fill untranslated msgstr entries of a .po file from a JSON glossary {msgid: msgstr} (Vietnamese → English).

Usage: python scripts/fill_po.py src/cchc/locale/en/LC_MESSAGES/django.po docs/i18n/*.json

Several glossaries may be given (one per module, so that parallel work does not edit one shared file); a
msgid found in two of them with different translations is an error.

A msgid with a context (msgctxt, from ``pgettext``/``pgettext_noop``) is written ``"context\u0004msgid"``.
A glossary value is a string for a singular entry, or a list [msgstr[0], msgstr[1], …] for a plural
entry (msgid/msgid_plural). An entry is filled when all its msgstr are empty, or when makemessages
marked it fuzzy (msgmerge's guess from a similar msgid, which compilemessages ignores): the guess is
replaced and the fuzzy flag dropped. Entries already translated by hand are left as they are, and
entries whose msgid is not in the glossary are never touched.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

KEY = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')


def unquote(parts: list[str]) -> str:
    return "".join(ast.literal_eval(p) for p in parts)


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def fill_entry(block: str, glossary: dict) -> tuple[str, str | None]:
    """Return the entry (possibly filled) and what was done: None, "filled" or "fuzzy"."""
    lines = block.split("\n")
    if any(line.startswith("#~") for line in lines):  # obsolete entry
        return block, None
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if not line.startswith("#")]
    fields: dict[str, list[str]] = {}
    key = None
    for line in body:
        match = KEY.match(line)
        if match:
            key = match.group(1)
            fields[key] = [match.group(2)]
        elif key and line.startswith('"'):
            fields[key].append(line)
    msgid = unquote(fields.get("msgid", ['""']))
    if "msgctxt" in fields and msgid:
        # An entry with a context is looked up as "context\u0004msgid" (gettext's own key), so that the same
        # Vietnamese word may be translated two ways: "Thông báo" (the bell) and "loại văn bản\u0004thông báo".
        msgid = unquote(fields["msgctxt"]) + "\x04" + msgid
    if msgid and msgid not in glossary and "%%" in msgid and msgid.replace("%%", "%") in glossary:
        # {% trans "20 %" %} reaches the catalogue as "20 %%": the glossary is written as the page shows it
        found = glossary[msgid.replace("%%", "%")]
        glossary = {msgid: [v.replace("%", "%%") for v in found] if isinstance(found, list) else found.replace("%", "%%")}
    if not msgid or msgid not in glossary:
        return block, None
    fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in comments)
    msgstrs = [k for k in fields if k.startswith("msgstr")]
    if not fuzzy and any(unquote(fields[k]) for k in msgstrs):
        return block, None  # already translated
    value = glossary[msgid]
    if "msgid_plural" in fields:
        if not isinstance(value, list) or len(value) != len(msgstrs):
            print(f"skipped plural {msgid!r}: glossary needs a list of {len(msgstrs)} forms", file=sys.stderr)
            return block, None
        new = [f"msgstr[{i}] {quote(v)}" for i, v in enumerate(value)]
    else:
        if not isinstance(value, str):
            print(f"skipped {msgid!r}: glossary value must be a string", file=sys.stderr)
            return block, None
        new = [f"msgstr {quote(value)}"]
    kept_comments = []
    for line in comments:
        if line.startswith("#|"):  # previous msgid of a fuzzy match
            continue
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        kept_comments.append(line)
    first_msgstr = next(i for i, line in enumerate(body) if line.startswith("msgstr"))
    return "\n".join(kept_comments + body[:first_msgstr] + new), "fuzzy" if fuzzy else "filled"


def load_glossaries(paths: list[str]) -> dict:
    glossary: dict = {}
    for path in sorted(paths):
        for msgid, value in json.loads(Path(path).read_text(encoding="utf-8")).items():
            if msgid in glossary and glossary[msgid] != value:
                raise SystemExit(f"{path}: {msgid!r} is translated differently in another glossary")
            glossary[msgid] = value
    return glossary


def main(po_path: str, *glossary_paths: str) -> int:
    text = Path(po_path).read_text(encoding="utf-8")
    glossary = load_glossaries(list(glossary_paths))
    counts = {"filled": 0, "fuzzy": 0}
    blocks = []
    for block in text.rstrip("\n").split("\n\n"):
        block, done = fill_entry(block, glossary)
        if done:
            counts[done] += 1
        blocks.append(block)
    Path(po_path).write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    print(f"filled {counts['filled']} empty entries, replaced {counts['fuzzy']} fuzzy guesses")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
