"""One measuring pass shares common work between sources: the eleven 766 indicators of one unit and period come
from one scorecard on the director's overview, in a generated report and in the PAR fill — and outside a pass
(after a write, say) every measurement counts again."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cchc.apps.core import measures
from cchc.apps.dossiers import measures as dossier_measures


def test_shared_computes_once_per_key_inside_a_pass_and_each_time_outside():
    calls: list[str] = []

    def compute(name: str) -> str:
        calls.append(name)
        return name.upper()

    assert measures.shared(("k", 1), lambda: compute("a")) == "A"
    assert measures.shared(("k", 1), lambda: compute("a")) == "A"
    assert calls == ["a", "a"]  # no pass: nothing kept
    with measures.measuring_pass():
        assert measures.shared(("k", 1), lambda: compute("b")) == "B"
        assert measures.shared(("k", 1), lambda: compute("c")) == "B"  # kept under its key
        assert measures.shared(("k", 2), lambda: compute("d")) == "D"
        with measures.measuring_pass():  # nested: the outer pass's results
            assert measures.shared(("k", 1), lambda: compute("e")) == "B"
    assert calls == ["a", "a", "b", "d"]
    measures.shared(("k", 1), lambda: compute("f"))  # the pass is over: computed again
    assert calls[-1] == "f"


def test_an_exception_closes_the_pass():
    with pytest.raises(RuntimeError), measures.measuring_pass():
        measures.shared(("x",), lambda: 1)
        raise RuntimeError
    assert measures._PASS.get() is None


def test_the_766_indicators_of_one_unit_and_period_read_one_scorecard(monkeypatch):
    calls: list[tuple[object, object]] = []

    def unit_cards(*, user, period, unit, per_unit):
        calls.append((unit, period))
        return []  # no dossiers: every indicator measures "no value"

    monkeypatch.setattr("cchc.apps.dossiers.selectors.unit_cards", unit_cards)
    sources = dossier_measures.sources()
    assert len(sources) > 5
    unit = SimpleNamespace(pk=7)
    with measures.measuring_pass():
        for s in sources:
            assert s.measure(unit, "2026").value is None
        for s in sources:
            s.measure(unit, "2026-Q1")  # another period: its own scorecard
    assert calls == [(unit, "2026"), (unit, "2026-Q1")]
    calls.clear()
    for s in sources:  # outside a pass each source counts
        s.measure(unit, "2026")
    assert len(calls) == len(sources)
