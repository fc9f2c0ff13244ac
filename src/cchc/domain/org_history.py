"""Organisation over time: unit changes (merge, split, rename, move, dissolve) and the successor map.

Stored rows (dossiers, tasks, staffing) keep the unit they had. A report is read either *as it was*
(each row under its own unit) or *mapped onto today's tree*: each historical unit is replaced, when
read, by the unit that carries its history today (:func:`history_owners`). Nothing is rewritten.

The rules (docs/org-history.md):

- **merge**: two or more source units → one target (the target may be one of the sources: absorption).
  The history of every source goes to the target.
- **split**: one source → two or more targets. The history of the source goes to the one target the
  decision names (``history_to``: usually the unit that keeps the former functions and seat) or, when
  none is named, stays apart under the former unit (shown "as it was", never divided by guess: the
  stored rows say nothing about which successor a dossier or task would have gone to).
- **dissolve**: one or more sources, no target. The history stays with the dissolved unit.
- **rename** and **move**: one unit, the same unit record before and after; the former name and
  parent are kept in the change. History stays with the unit.

Checked before a change is stored (:func:`check`): the kind's shape, the decision dated no later than
the change takes effect, no unit ended twice (a unit merged, split or dissolved cannot be merged, split,
dissolved, renamed, moved or receive a merger after that date — so a unit cannot be merged twice on
the same day), and no cycle in the successor graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cchc.domain.dates import format_vn_date as format_date
from cchc.domain.errors import UserError
from cchc.domain.i18n import gettext_noop

__all__ = [
    "ENDING",
    "Change",
    "ChangeError",
    "Kind",
    "check",
    "history_owners",
    "predecessors",
    "successors",
]


class Kind(StrEnum):
    MERGE = "merge"
    SPLIT = "split"
    RENAME = "rename"
    MOVE = "move"
    DISSOLVE = "dissolve"


KIND_LABELS: dict[Kind, str] = {
    Kind.MERGE: gettext_noop("Hợp nhất, sáp nhập"),
    Kind.SPLIT: gettext_noop("Chia tách"),
    Kind.RENAME: gettext_noop("Đổi tên"),
    Kind.MOVE: gettext_noop("Chuyển đơn vị cấp trên"),
    Kind.DISSOLVE: gettext_noop("Giải thể"),
}

# Kinds after which a source unit no longer exists (unless it is also a target: absorption).
ENDING = frozenset({Kind.MERGE, Kind.SPLIT, Kind.DISSOLVE})


class ChangeError(UserError):
    """A change that cannot be recorded; the message says why, in Vietnamese."""


@dataclass(frozen=True, slots=True)
class Change:
    """One unit change. Units are ids; ``targets`` in the decision's order."""

    kind: Kind
    effective: date
    sources: tuple[int, ...]
    targets: tuple[int, ...] = ()
    decision_date: date | None = None
    history_to: int | None = None  # split: the successor that carries the former unit's history
    id: int | None = None
    ended: frozenset[int] = field(init=False)

    def __post_init__(self) -> None:
        ended = frozenset(self.sources) - frozenset(self.targets) if self.kind in ENDING else frozenset()
        object.__setattr__(self, "ended", ended)

    def owner_of(self, source: int) -> int | None:
        """The unit carrying ``source``'s history after this change (None: it stays with ``source``)."""
        if source not in self.ended:
            return None
        if self.kind == Kind.MERGE:
            return self.targets[0]
        if self.kind == Kind.SPLIT:
            return self.history_to
        return None


def _name(names: Mapping[int, str], unit: int) -> str:
    return names.get(unit, f"#{unit}")


def _shape(change: Change, names: Mapping[int, str]) -> None:
    src, tgt = change.sources, change.targets
    if len(set(src)) != len(src) or len(set(tgt)) != len(tgt):
        raise ChangeError("Một đơn vị được ghi hai lần trong cùng một thay đổi.")
    if change.kind == Kind.MERGE:
        if len(src) < 2 or len(tgt) != 1:
            raise ChangeError("Hợp nhất, sáp nhập cần ít nhất hai đơn vị trước và đúng một đơn vị sau.")
    elif change.kind == Kind.SPLIT:
        if len(src) != 1 or len(tgt) < 2:
            raise ChangeError("Chia tách cần đúng một đơn vị trước và ít nhất hai đơn vị sau.")
        if change.history_to is not None and change.history_to not in tgt:
            raise ChangeError("Đơn vị nhận lịch sử của đơn vị bị chia tách phải là một trong các đơn vị sau.")
        if src[0] in tgt and change.history_to not in (None, src[0]):
            raise ChangeError(
                f"Đơn vị “{_name(names, src[0])}” vẫn còn sau chia tách nên lịch sử của nó ở lại với nó."
            )
    elif change.kind == Kind.DISSOLVE:
        if not src or tgt:
            raise ChangeError("Giải thể ghi các đơn vị bị giải thể và không có đơn vị sau.")
    else:  # rename, move: the same unit record before and after
        if len(src) != 1 or tgt not in ((), src):
            raise ChangeError("Đổi tên hoặc chuyển đơn vị cấp trên ghi đúng một đơn vị.")
    if change.kind != Kind.SPLIT and change.history_to is not None:
        raise ChangeError("Chỉ khi chia tách mới chọn đơn vị nhận lịch sử.")
    if change.decision_date is not None and change.decision_date > change.effective:
        raise ChangeError(
            f"Ngày quyết định ({format_date(change.decision_date)}) sau ngày có hiệu lực "
            f"({format_date(change.effective)})."
        )


def check(change: Change, existing: Iterable[Change], names: Mapping[int, str] | None = None) -> None:
    """Raise :class:`ChangeError` unless ``change`` can be added to ``existing`` (the stored changes;
    a stored change with the same ``id`` is the one being edited and is left out)."""
    names = names or {}
    _shape(change, names)
    others = [c for c in existing if change.id is None or c.id != change.id]
    ended_on: dict[int, date] = {}
    for c in others:
        for u in c.ended:
            ended_on[u] = min(c.effective, ended_on.get(u, c.effective))
    for u in change.ended:
        if u in ended_on:
            raise ChangeError(
                f"Đơn vị “{_name(names, u)}” đã không còn từ ngày {format_date(ended_on[u])} "
                "(đã hợp nhất, chia tách hoặc giải thể): không thể ghi thêm một lần nữa."
            )
    for u in (*change.sources, *change.targets):
        if u in ended_on and ended_on[u] <= change.effective and u not in change.ended:
            raise ChangeError(
                f"Đơn vị “{_name(names, u)}” đã không còn từ ngày {format_date(ended_on[u])}: "
                f"không thể tham gia thay đổi có hiệu lực ngày {format_date(change.effective)}."
            )
    for c in others:  # a later change of a unit this one ends
        late = [u for u in change.ended if u in (*c.sources, *c.targets) and c.effective >= change.effective]
        if late:
            raise ChangeError(
                f"Đơn vị “{_name(names, late[0])}” còn một thay đổi có hiệu lực ngày "
                f"{format_date(c.effective)}, sau khi nó không còn."
            )
    _acyclic([*others, change], names)


def _acyclic(changes: Sequence[Change], names: Mapping[int, str]) -> None:
    edges: dict[int, set[int]] = {}
    for c in changes:
        for s in c.ended:
            edges.setdefault(s, set()).update(t for t in c.targets if t != s)
    state: dict[int, int] = {}  # 1 visiting, 2 done

    def visit(u: int) -> None:
        state[u] = 1
        for v in edges.get(u, ()):
            if state.get(v) == 1:
                raise ChangeError(
                    f"Các thay đổi tạo thành vòng: “{_name(names, v)}” là đơn vị sau của chính nó."
                )
            if v not in state:
                visit(v)
        state[u] = 2

    for u in list(edges):
        if u not in state:
            visit(u)


def _ordered(changes: Iterable[Change], as_of: date | None) -> list[Change]:
    kept = [c for c in changes if as_of is None or c.effective <= as_of]
    return sorted(kept, key=lambda c: (c.effective, c.id or 0))


def history_owners(changes: Iterable[Change], *, as_of: date | None = None) -> dict[int, int]:
    """{historical unit: the unit that carries its history on the tree of ``as_of`` (None: today,
    every change)}, only for units whose history moved; a unit not in the map keeps its own history.

    Chains are followed (A, B merged into C, C later split with its history to D: A → D).
    """
    step: dict[int, int] = {}
    for c in _ordered(changes, as_of):
        for s in c.ended:
            owner = c.owner_of(s)
            if owner is not None:
                step[s] = owner
    out: dict[int, int] = {}
    for u in step:
        seen, v = {u}, step[u]
        while v in step and v not in seen:  # (cycles are refused by check; the guard keeps reads safe)
            seen.add(v)
            v = step[v]
        out[u] = v
    return out


def successors(changes: Iterable[Change], *, as_of: date | None = None) -> dict[int, tuple[int, ...]]:
    """{ended unit: every unit that succeeds it on the tree of ``as_of``} — all successors of a split,
    followed through later changes; a dissolved unit has none (an empty tuple)."""
    step: dict[int, tuple[int, ...]] = {}
    for c in _ordered(changes, as_of):
        for s in c.ended:
            step[s] = tuple(t for t in c.targets if t != s)

    def leaves(u: int, seen: frozenset[int]) -> list[int]:
        if u not in step or u in seen:
            return [u]
        out: list[int] = []
        for v in step[u]:
            out.extend(x for x in leaves(v, seen | {u}) if x not in out)
        return out

    return {u: tuple(leaves(u, frozenset()) if step[u] else ()) for u in step}


def predecessors(owners: Mapping[int, int]) -> dict[int, tuple[int, ...]]:
    """{unit: the historical units whose history it carries} from :func:`history_owners`."""
    out: dict[int, list[int]] = {}
    for old, new in sorted(owners.items()):
        out.setdefault(new, []).append(old)
    return {k: tuple(v) for k, v in out.items()}
