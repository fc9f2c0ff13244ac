"""Procedure header profiles are data (src/cchc/domain/data/procedure_profiles.toml), not Python."""

from __future__ import annotations

import pytest

from cchc.domain.procedures import tables
from cchc.domain.profiles import ProfileError


def test_each_profile_names_type_and_requirement_of_every_field():
    assert [p.kind for p in tables.PROFILES] == ["full_cost", "cost_cases", "fee_rules", "catalogue"]
    for profile in tables.PROFILES:
        assert set(profile.types) == set(profile.aliases)
        assert set(profile.types.values()) <= set(tables.FIELD_TYPES)
        assert set(profile.required) <= set(profile.aliases) and profile.required
    assert tables.COST_CASES.aliases["code"] == tables.CATALOGUE.aliases["code"]  # same_as


def test_a_profile_written_as_data_detects_its_table():
    text = """
[profiles.dia_diem]
order = 1
kind = "places"
[profiles.dia_diem.fields.code]
aliases = ["Mã TTHC"]
type = "text"
required = true
[profiles.dia_diem.fields.address]
aliases = ["Địa chỉ tiếp nhận", "nơi nộp"]
type = "text"
"""
    (profile,) = tables.load_profiles(text)
    assert profile.required == ("code",) and profile.aliases["address"] == ("dia chi tiep nhan", "noi nop")
    assert tables.detect_profile(["MÃ TTHC", "Nơi_nộp"], [profile]) is profile


def test_an_unknown_type_is_refused():
    text = '[profiles.x]\norder = 1\nkind = "x"\n[profiles.x.fields.a]\naliases = ["a"]\ntype = "money"\n'
    with pytest.raises(ProfileError, match="money"):
        tables.load_profiles(text)
