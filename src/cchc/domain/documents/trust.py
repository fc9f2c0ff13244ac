"""Where a verification finds its roots of trust and revocation lists: one parser for the settings and
the CLI. Kept free of pyHanko so that the settings module can import it cheaply."""

from __future__ import annotations

import os
import re
from pathlib import Path

REVOCATION_MODES = ("soft-fail", "hard-fail", "require")


def split_paths(value: str | None) -> list[Path]:
    """``"/etc/cchc/ca1.pem,/etc/cchc/ca2.pem"`` (comma or ``os.pathsep`` separated) → paths."""
    if not value:
        return []
    return [Path(part.strip()) for part in re.split(rf"[,{re.escape(os.pathsep)}]", value) if part.strip()]
