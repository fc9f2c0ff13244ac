"""One format and one loader for column profiles (cchc.domain.profiles): dossier and procedure profiles
alike; a broken profile file is refused with a sentence naming the file, profile, field and key."""

from __future__ import annotations

import pytest

from cchc.domain import dossiers, profiles
from cchc.domain.procedures import tables
from cchc.domain.profiles import ProfileError


def test_dossier_profiles_are_read_by_the_shared_loader_and_agree_with_the_record() -> None:
    loaded = dossiers.builtin_profiles()
    assert [p.name for p in loaded] == ["canonical", "national", "mot_cua"]
    for profile in loaded:
        for name, rule in profile.fields.items():
            spec = dossiers.MAPPABLE[name]
            assert (rule.type, rule.required) == (spec.kind, spec.required)
    canonical = loaded[0]
    assert set(canonical.fields) == set(dossiers.MAPPABLE)
    assert dossiers.profiles()["mot_cua"]["ngay tiep nhan"] == "received_at"
    assert dossiers.profiles()["national"]["philephi"] == "fee_amount"


def test_both_families_use_the_same_profile_type() -> None:
    assert isinstance(tables.CATALOGUE, profiles.Profile)
    assert isinstance(dossiers.builtin_profiles()[0], profiles.Profile)


DOSSIER = """
[profiles.nha_cung_cap]
description = "Tệp của một nhà cung cấp"
[profiles.nha_cung_cap.fields.dossier_code]
aliases = ["Số hồ sơ"]
type = "text"
required = true
[profiles.nha_cung_cap.fields.fee_amount]
aliases = ["CoPhiLePhi"]
type = "fee"
"""


def test_a_dossier_profile_round_trips_through_dump() -> None:
    (profile,) = profiles.load(DOSSIER, dossiers.FAMILY)
    assert profile.aliases == {"dossier_code": ("so ho so",), "fee_amount": ("cophilephi",)}
    (again,) = profiles.load(profiles.dump([profile]), dossiers.FAMILY)
    assert again.fields == profile.fields and again.description == profile.description


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (
            ('type = "fee"', 'type = "money"'),
            "mẫu “nha_cung_cap”, trường “fee_amount”: khóa “type” = “money”",
        ),
        (('type = "fee"', 'type = "number"'), "trường “fee_amount”: khóa “type” phải là “fee”"),
        (("required = true", "required = false"), "trường “dossier_code”: khóa “required” phải là true"),
        (
            ('aliases = ["CoPhiLePhi"]', 'alias = ["CoPhiLePhi"]'),
            "trường “fee_amount”: khóa “alias” không dùng",
        ),
        (("fields.fee_amount]", "fields.phi]"), "trường “phi”: không phải trường hồ sơ"),
        (
            ('aliases = ["Số hồ sơ"]', 'aliases = [""]'),
            "trường “dossier_code”: khóa “aliases” phải là danh sách",
        ),
        (
            ('aliases = ["Số hồ sơ"]', 'same_as = "khac.dossier_code"'),
            "khóa “same_as” trỏ tới “khac.dossier_code”",
        ),
        (('description = "Tệp', 'mo_ta = "Tệp'), "mẫu “nha_cung_cap”: khóa “mo_ta” không dùng"),
        (("[profiles.nha_cung_cap]", "[profiles.nha_cung_cap"), "không đúng cú pháp TOML"),
    ],
)
def test_a_broken_profile_names_profile_field_and_key(change: tuple[str, str], said: str) -> None:
    text = DOSSIER.replace(*change, 1)
    assert text != DOSSIER
    with pytest.raises(ProfileError) as caught:
        profiles.load(text, dossiers.FAMILY, origin="nha_cung_cap.toml")
    assert said in str(caught.value) and "nha_cung_cap.toml" in str(caught.value)


def test_procedure_profiles_need_order_and_kind() -> None:
    text = '[profiles.x]\n[profiles.x.fields.a]\naliases = ["a"]\ntype = "text"\n'
    with pytest.raises(ProfileError, match="mẫu “x”: thiếu khóa “order”"):
        tables.load_profiles(text)


def test_same_as_loop_is_refused() -> None:
    text = (
        '[profiles.a]\norder = 1\nkind = "k"\n[profiles.a.fields.f]\nsame_as = "b.f"\ntype = "text"\n'
        '[profiles.b]\norder = 2\nkind = "k"\n[profiles.b.fields.f]\nsame_as = "a.f"\ntype = "text"\n'
    )
    with pytest.raises(ProfileError, match="vòng lặp"):
        tables.load_profiles(text)
