"""Fixtures of the adversarial suite: the demo cast (tests/apps/conftest.py) and the world built on it."""

from __future__ import annotations

import pytest

from tests.apps.conftest import cast, login, units  # noqa: F401  (fixtures reused by name)

from .world import build_world


@pytest.fixture
def isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    (tmp_path / "data").mkdir()
    return tmp_path


@pytest.fixture
def world(cast, units, isolated):  # noqa: F811
    return build_world(cast, units)
