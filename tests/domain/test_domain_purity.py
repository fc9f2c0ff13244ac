"""The domain core (cchc.domain) is plain Python: importing all of it must not import Django."""

from __future__ import annotations

import subprocess
import sys


def test_domain_core_does_not_import_django() -> None:
    code = (
        "import importlib, pkgutil, sys, cchc.domain as d\n"
        "for m in pkgutil.walk_packages(d.__path__, 'cchc.domain.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"cchc.domain imports Django: {result.stdout} {result.stderr}"
