"""Pair gold tasks with extracted tasks, whatever granularity each side chose.

An annotator may keep a numbered item whole where the extractor splits it into bullets, or split an item
into bullets that the extractor keeps together. The matcher therefore pairs *groups*:

- a **group** is a run of consecutive sibling tasks of one list: items with the same (non-empty) parent
  number, optionally led by the parent itself ("8", "8.1", "8.2"). Top-level items are never grouped;
- a pair is one-to-one, one gold task ↔ a group of extracted tasks, or a group of gold tasks ↔ one
  extracted task (never many-to-many);
- texts are compared on *content words* (folded, abbreviations expanded, stop words removed): ``coverage``
  is the share of the gold task's content words found in the extracted task's text;
- a one-to-one pair is accepted when its similarity is ≥ ``STRONG`` or, from ``WEAK`` up, when the two
  tasks are each other's best candidate. A pair whose numbers sit under different parents loses
  ``NUMBER_PENALTY`` (a weak tie-break: numbers are never the matching key);
- a group pair is admissible only if every member earns its place: each gold member is itself covered by
  the extracted task (similarity ≥ ``WEAK``), or each extracted member supplies gold words that no other
  member does (≥ ``MARGINAL``);
- the grouping is chosen by maximum total similarity: every admissible set of non-overlapping group pairs
  is tried (exhaustively when few, else greedily) and the remaining tasks are paired by an optimal
  one-to-one assignment (Hungarian method). Each extra member costs ``GROUP_COST`` so that, at equal
  similarity, the finer pairing wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

from .normalize import fold

STRONG = 0.6
WEAK = 0.45
MARGINAL = 0.08
NUMBER_PENALTY = 0.05
GROUP_COST = 0.02
MAX_EXHAUSTIVE = 10

# Abbreviations written both ways in directives; expanded before comparing texts ("TTHC" = "thủ tục hành chính").
ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh", "cchc": "cai cach hanh chinh", "csdl": "co so du lieu",
    "vbqppl": "van ban quy pham phap luat", "dvcqg": "dich vu cong quoc gia", "dvctt": "dich vu cong truc tuyen",
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "khcn": "khoa hoc cong nghe", "cds": "chuyen doi so",
    "dmst": "doi moi sang tao", "vhttdl": "van hoa the thao va du lich", "vp": "van phong",
    "nq": "nghi quyet", "qd": "quyet dinh", "kh": "ke hoach", "nd": "nghi dinh", "tt": "thong tu",
}  # fmt: skip
# Function words and the verbs of obligation every directive repeats; they say nothing about *which* task.
STOPWORDS = set(
    """va cac cua cho trong de theo voi tai la duoc nhung mot so khi ve tu den co the nay do thuc hien
    viec dam bao bao tang cuong trien khai khan truong chu dong nghiem tuc tot hon nua day manh tap trung
    nham tren duoi sau truoc da dang se con cung nhu moi tung ra vao boi neu thi ma hay hoac""".split()
)


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for w in fold(text).split():
        out.extend(ABBREVIATIONS.get(w, w).split())
    return [w for w in out if w not in STOPWORDS]


def content(text: str) -> frozenset[str]:
    return frozenset(tokens(text))


def coverage(gold: frozenset[str], pred: frozenset[str]) -> float:
    """Share of the gold words found in the extracted text, with a small bonus for overall overlap."""
    if not gold or not pred:
        return 0.0
    inter = len(gold & pred)
    return 0.85 * inter / len(gold) + 0.15 * inter / len(gold | pred)


def similarity(gold_summary: str, pred_text: str) -> float:
    return coverage(content(gold_summary), content(pred_text))


def parent(number: str) -> str:
    return number.rsplit(".", 1)[0] if "." in number else ""


def numbers_agree(a: str, b: str) -> bool:
    """Same parent, or one is an ancestor of the other; unnumbered tasks always agree."""
    if not a or not b:
        return True
    return a == b or parent(a) == parent(b) or a.startswith(b + ".") or b.startswith(a + ".")


@dataclass(frozen=True)
class Pair:
    gold: tuple[int, ...]
    pred: tuple[int, ...]
    score: float


def sibling_groups(numbers: Sequence[str]) -> list[tuple[int, ...]]:
    """Runs (≥ 2) of consecutive tasks under one parent number, the parent itself allowed to lead."""
    groups: set[tuple[int, ...]] = set()
    for p in {parent(n) for n in numbers if parent(n)}:
        run: list[int] = []
        for k, n in enumerate([*list(numbers), ""]):
            if k < len(numbers) and (parent(n) == p or (n == p and not run)):
                run.append(k)
                continue
            for a, b in combinations(range(len(run) + 1), 2):
                if b - a >= 2:
                    groups.add(tuple(run[a:b]))
            run = []
    return sorted(groups)


def hungarian(weights: list[list[float]]) -> list[tuple[int, int]]:
    """Maximum-weight assignment (rows × columns, any shape); returns matched (row, col) pairs."""
    n_rows = len(weights)
    n_cols = len(weights[0]) if weights else 0
    n = max(n_rows, n_cols)
    if n == 0:
        return []
    big = max((w for row in weights for w in row), default=0.0)
    cost = [[big - (weights[i][j] if i < n_rows and j < n_cols else 0.0) for j in range(n)] for i in range(n)]
    u, v, p, way = [0.0] * (n + 1), [0.0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [float("inf")] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], float("inf"), 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    return [(p[j] - 1, j - 1) for j in range(1, n + 1) if p[j] and p[j] - 1 < n_rows and j - 1 < n_cols]


class Matcher:
    """``Matcher(gold_texts, gold_numbers, pred_texts, pred_numbers).match()`` → list of :class:`Pair`."""

    def __init__(
        self,
        gold: Sequence[str],
        gold_numbers: Sequence[str],
        pred: Sequence[str],
        pred_numbers: Sequence[str],
    ) -> None:
        self.g = [content(t) for t in gold]
        self.p = [content(t) for t in pred]
        self.gn, self.pn = list(gold_numbers), list(pred_numbers)
        self.sim = [
            [
                coverage(g, p) - (0 if numbers_agree(a, b) else NUMBER_PENALTY)
                for p, b in zip(self.p, self.pn, strict=True)
            ]
            for g, a in zip(self.g, self.gn, strict=True)
        ]
        self.single = self._accepted_singles()

    def _accepted_singles(self) -> list[list[float]]:
        rows, cols = len(self.g), len(self.p)
        best_row = [max(r, default=0.0) for r in self.sim]
        best_col = [max((self.sim[i][j] for i in range(rows)), default=0.0) for j in range(cols)]
        out = [[0.0] * cols for _ in range(rows)]
        for i in range(rows):
            for j in range(cols):
                s = self.sim[i][j]
                mutual = s >= best_row[i] and s >= best_col[j]
                if s >= STRONG or (s >= WEAK and mutual):
                    out[i][j] = s
        return out

    def group_candidates(self) -> list[Pair]:
        cands: list[Pair] = []
        for grp in sibling_groups(self.gn):
            for j in range(len(self.p)):
                scores = [self.sim[i][j] for i in grp]
                if min(scores) >= WEAK:
                    cands.append(Pair(grp, (j,), sum(scores) - GROUP_COST * (len(grp) - 1)))
        for grp in sibling_groups(self.pn):
            union = frozenset().union(*(self.p[j] for j in grp))
            for i, g in enumerate(self.g):
                whole = coverage(g, union)
                if whole < STRONG or not all(numbers_agree(self.gn[i], self.pn[j]) for j in grp):
                    continue
                rest = [coverage(g, frozenset().union(*(self.p[k] for k in grp if k != j))) for j in grp]
                if all(whole - r >= MARGINAL for r in rest):
                    cands.append(Pair((i,), grp, whole * len(grp) - GROUP_COST * (len(grp) - 1)))
        return cands

    def _complete(self, chosen: Sequence[Pair]) -> tuple[float, list[Pair]]:
        used_g = {i for c in chosen for i in c.gold}
        used_p = {j for c in chosen for j in c.pred}
        rows = [i for i in range(len(self.g)) if i not in used_g]
        cols = [j for j in range(len(self.p)) if j not in used_p]
        w = [[self.single[i][j] for j in cols] for i in rows]
        pairs = list(chosen)
        for a, b in hungarian(w) if rows and cols else []:
            if w[a][b] > 0:
                pairs.append(Pair((rows[a],), (cols[b],), w[a][b]))
        return sum(p.score for p in pairs), pairs

    def match(self) -> list[Pair]:
        cands = self.group_candidates()
        best = self._complete([])
        if len(cands) <= MAX_EXHAUSTIVE:
            best = max([best] + [self._complete(s) for s in _disjoint_subsets(cands)], key=lambda r: r[0])
        else:  # greedy: add the group pair that most improves the total, while one does
            chosen: list[Pair] = []
            while True:
                options = [
                    self._complete([*chosen, c])
                    for c in cands
                    if c not in chosen and not _overlaps(c, chosen)
                ]
                top = max(options, default=best, key=lambda r: r[0])
                if top[0] <= best[0] + 1e-9:
                    break
                best = top
                chosen = [p for p in top[1] if len(p.gold) > 1 or len(p.pred) > 1]
        return sorted(best[1], key=lambda p: (p.gold[0], p.pred[0]))


def _overlaps(c: Pair, chosen: Sequence[Pair]) -> bool:
    return any(set(c.gold) & set(o.gold) or set(c.pred) & set(o.pred) for o in chosen)


def _disjoint_subsets(cands: Sequence[Pair]) -> list[list[Pair]]:
    out: list[list[Pair]] = []

    def walk(k: int, chosen: list[Pair]) -> None:
        if k == len(cands):
            if chosen:
                out.append(list(chosen))
            return
        walk(k + 1, chosen)
        if not _overlaps(cands[k], chosen):
            walk(k + 1, [*chosen, cands[k]])

    walk(0, [])
    return out


def match_tasks(gold: Sequence[dict], pred: Sequence[dict]) -> list[Pair]:
    """Gold tasks (``summary``, ``number``) against extracted tasks (``summary`` + ``text``, ``number``)."""
    return Matcher(
        [str(t.get("summary", "")) for t in gold],
        [str(t.get("number") or "") for t in gold],
        [f"{t.get('summary', '')} {t.get('text', '')}" for t in pred],
        [str(t.get("number") or "") for t in pred],
    ).match()
