"""Unit changes and the successor map (plain Python: values, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from cchc.domain.org_history import Change, ChangeError, Kind, check, history_owners, predecessors, successors

A, B, C, D, E = 1, 2, 3, 4, 5
JUL = date(2025, 7, 1)
JAN = date(2026, 1, 1)


def merge(sources, target, on=JUL, id=None, decided=None):
    return Change(Kind.MERGE, on, tuple(sources), (target,), decision_date=decided, id=id)


def test_merger_moves_both_histories_to_the_new_unit() -> None:
    changes = [merge([A, B], C, id=1)]
    assert history_owners(changes) == {A: C, B: C}
    assert predecessors(history_owners(changes)) == {C: (A, B)}
    assert successors(changes) == {A: (C,), B: (C,)}


def test_map_as_of_a_date_before_the_change_is_empty() -> None:
    assert history_owners([merge([A, B], C)], as_of=date(2025, 6, 30)) == {}
    assert history_owners([merge([A, B], C)], as_of=JUL) == {A: C, B: C}


def test_absorption_keeps_the_absorbing_unit() -> None:
    change = merge([A, B], A)
    assert change.ended == {B}
    assert history_owners([change]) == {B: A}


def test_split_history_goes_to_the_named_successor_or_stays_apart() -> None:
    named = Change(Kind.SPLIT, JUL, (A,), (B, C), history_to=C)
    apart = Change(Kind.SPLIT, JUL, (A,), (B, C))
    assert history_owners([named]) == {A: C}
    assert history_owners([apart]) == {}  # shown apart, as it was
    assert successors([apart]) == {A: (B, C)}


def test_chains_are_followed_through_later_changes() -> None:
    changes = [merge([A, B], C, id=1), Change(Kind.SPLIT, JAN, (C,), (D, E), history_to=D, id=2)]
    assert history_owners(changes) == {A: D, B: D, C: D}
    assert history_owners(changes, as_of=date(2025, 12, 31)) == {A: C, B: C}
    assert successors(changes) == {A: (D, E), B: (D, E), C: (D, E)}


def test_rename_move_and_dissolve_keep_history_with_the_unit() -> None:
    changes = [
        Change(Kind.RENAME, JUL, (A,), (A,)),
        Change(Kind.MOVE, JUL, (B,), ()),
        Change(Kind.DISSOLVE, JUL, (C,)),
    ]
    for c in changes:
        check(c, [])
    assert history_owners(changes) == {}
    assert successors(changes) == {C: ()}


@pytest.mark.parametrize(
    "change",
    [
        Change(Kind.MERGE, JUL, (A,), (B,)),  # one source
        Change(Kind.MERGE, JUL, (A, B), (C, D)),  # two targets
        Change(Kind.SPLIT, JUL, (A,), (B,)),  # one target
        Change(Kind.SPLIT, JUL, (A,), (B, C), history_to=D),  # history to a non-successor
        Change(Kind.DISSOLVE, JUL, (A,), (B,)),
        Change(Kind.RENAME, JUL, (A, B), ()),
        Change(Kind.MERGE, JUL, (A, A), (C,)),
        Change(Kind.MERGE, JUL, (A, B), (C,), history_to=C),
    ],
)
def test_badly_shaped_changes_are_refused(change: Change) -> None:
    with pytest.raises(ChangeError):
        check(change, [])


def test_decision_after_the_effective_date_is_refused() -> None:
    with pytest.raises(ChangeError, match="Ngày quyết định"):
        check(merge([A, B], C, decided=date(2025, 7, 2)), [])
    check(merge([A, B], C, decided=date(2025, 6, 20)), [])


def test_a_unit_cannot_be_merged_twice_on_the_same_day() -> None:
    with pytest.raises(ChangeError, match="đã không còn từ ngày 01/07/2025"):
        check(merge([A, D], E), [merge([A, B], C, id=1)], {A: "Phòng A"})


def test_an_ended_unit_cannot_take_part_later_but_an_edit_of_the_same_change_can() -> None:
    stored = [merge([A, B], C, id=1)]
    with pytest.raises(ChangeError):
        check(Change(Kind.RENAME, JAN, (A,), ()), stored)
    with pytest.raises(ChangeError):
        check(merge([D, E], A, on=JAN), stored)  # receiving a merger after it ended
    check(merge([A, B], D, id=1), stored)  # editing change 1 itself


def test_ending_a_unit_before_a_stored_later_change_of_it_is_refused() -> None:
    stored = [Change(Kind.RENAME, JAN, (A,), (A,), id=1)]
    with pytest.raises(ChangeError, match="sau khi nó không còn"):
        check(merge([A, B], C), stored)


def test_cycles_are_refused() -> None:
    stored = [merge([A, B], C, on=JAN, id=1)]
    # C split back into A earlier than A ended: A → C → A
    with pytest.raises(ChangeError):
        check(Change(Kind.SPLIT, JUL, (C,), (A, D), history_to=A), stored)
