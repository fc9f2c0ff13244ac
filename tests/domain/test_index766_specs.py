"""The indicator entries (index766_specs): what is derived from them, and entries that are refused."""

from __future__ import annotations

import pytest

from cchc.domain import index766_specs as registry
from cchc.domain.index766 import INDICATORS, score
from cchc.domain.index766_specs import RECEIVED, Count, FromDossiers, IndicatorSpec, registered

NAMES = {"denominator": "a", "numerator": "b", "gap": "c"}


def test_the_dossier_fed_indicators_and_counts_are_those_of_the_entries() -> None:
    assert [s.id for s in registry.dossier_specs()] == [
        "1.4", "2.1", "3.3", "3.5b", "3.6", "4.1", "4.2", "4.3", "4.4", "4.5b", "5.4",
    ]  # fmt: skip
    assert {k for k, d in INDICATORS.items() if d.from_dossiers} == {s.id for s in registry.dossier_specs()}
    names = [c.name for c in registry.counts()]
    assert names[:3] == ["received", "synced_known", "synced"] and len(names) == len(set(names)) == 18
    assert names[-1] == "result_required_all"  # 4.1's denominator with unfinished dossiers (an option)
    cutoff = [c.name for c in registry.counts() if c.depends_on_cutoff and not c.per_procedure]
    assert cutoff == ["on_time", "finished", "result_required", "e_result"]


def test_5_4_numerator_condition_subtracts_complaints() -> None:
    rule = next(s.dossiers for s in registry.dossier_specs() if s.id == "5.4")
    assert rule is not None
    assert (
        rule.numerator_condition == "(ok) AND NOT COALESCE((complaint OR rating <= :dislike_rating), FALSE)"
    )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (IndicatorSpec("9.8", "x", "KHONG", 1), "không có nhóm"),
        (IndicatorSpec("9.8", "x", "MDSH", 0, dossiers=FromDossiers(Count("received", "FALSE"), RECEIVED, NAMES)), "điều kiện khác"),
        (IndicatorSpec("9.8", "x", "MDSH", 0, multiplied_by="0.0"), "không có"),
        (IndicatorSpec("2.1", "x", "MDSH", 0), "Đã có"),
    ],
)  # fmt: skip
def test_contradictory_entries_are_refused_and_leave_the_registry_as_it_was(
    spec: IndicatorSpec, message: str
) -> None:
    before = (registry.specs(), dict(INDICATORS))
    with pytest.raises(ValueError, match=message), registered(spec):
        pass
    assert (registry.specs(), dict(INDICATORS)) == before


def test_a_registered_entry_is_scored_and_removed_afterwards() -> None:
    spec = IndicatorSpec("9.8", "Chỉ số thử", "MDSH", 0, 50)
    with registered(spec):
        assert score({"9.8": (1, 4)}).indicators["9.8"].ratio == 25.0
    assert "9.8" not in INDICATORS
    with pytest.raises(KeyError):
        score({"9.8": (1, 4)})
