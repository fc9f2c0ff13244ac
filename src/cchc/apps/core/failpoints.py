"""Fault injection for the crash tests of background jobs (no Django models: importable anywhere)."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from django.conf import settings

log = logging.getLogger("cchc.jobs")


def checkpoint(name: str) -> None:
    """A named point inside a job. Inert unless ``CCHC_JOB_FAILPOINTS`` lists ``name`` (tests only): then
    the first process to reach it writes ``<CCHC_DATA_DIR>/failpoints/<name>`` and stops there for good,
    so a test can kill the worker at exactly that point (each failpoint fires once)."""
    names = os.environ.get("CCHC_JOB_FAILPOINTS", "")
    if not names or name not in {n.strip() for n in names.split(",")}:
        return
    marker = Path(settings.DATA_DIR) / "failpoints" / name
    marker.parent.mkdir(parents=True, exist_ok=True)
    try:
        with marker.open("x") as fh:
            fh.write(str(os.getpid()))
    except FileExistsError:
        return
    log.warning("Failpoint %s reached in process %s: waiting to be killed", name, os.getpid())
    while True:
        time.sleep(3600)
