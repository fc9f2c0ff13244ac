"""Shared fixtures. ``shared_dir`` points at ../shared (public test documents); tests that need it skip
with a clear reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("CCHC_SHARED_DIR", REPO_DIR.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED_DIR / "realdata").is_dir():
        pytest.skip(f"thư mục dữ liệu dùng chung {SHARED_DIR}/realdata không có trên máy này")
    return SHARED_DIR


@pytest.fixture(autouse=True)
def _vietnamese_after_each_test():
    """A request made with the English cookie leaves English active in the thread (LocaleMiddleware does not
    switch back), so the next test's messages would come out in English: every test starts and ends in the
    default language."""
    yield
    from django.utils import translation

    translation.deactivate()
