"""The cast: the organisation of Sở VHTTDL Lai Châu and one named user per role, built by the tests
(tests/apps/cast.py), with the usernames and unit codes of the demo organisation.

Permission tests use these people by name, like healthchecks' Alice and Bob:
giamdoc (leader), vanphong (coordinator), truongphong.vh / chuyenvien.vh (Phòng Quản lý Văn hóa),
truongphong.dl / chuyenvien.dl (Phòng Quản lý Du lịch), motcua (data steward), kiemtra (auditor),
quantri (admin).
"""

from __future__ import annotations

import pytest

from .cast import build_people, build_units


@pytest.fixture
def units(db):
    return build_units()


@pytest.fixture
def cast(units):
    return build_people(units)


@pytest.fixture
def login(client, cast):
    """Log the test client in as one of the cast: ``login("truongphong.vh")``."""

    def _login(username: str):
        client.force_login(cast[username], backend="django.contrib.auth.backends.ModelBackend")
        return cast[username]

    return _login
