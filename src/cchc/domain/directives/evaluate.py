"""Compare extractor output with gold files: precision / recall / F1 per field, per document and overall.

Tasks are paired by :mod:`.matching`: by content-word similarity, never by their numbers, one-to-one or
one ↔ a group of consecutive sibling items (the annotator and the extractor may split an item differently),
the grouping chosen by maximum total similarity with an optimal assignment. A pair counts as one matched
task. Units, targets and deadlines are compared inside each pair, a group contributing the union of its
members' items (targets concatenated, units and deadlines once each); those of unpaired tasks count as
misses (gold) or false alarms (extracted). Counts are summed over documents (micro average).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from .deadlines import find_deadlines
from .extract import extract
from .matching import Pair, hungarian, match_tasks, similarity, tokens
from .normalize import fold

__all__ = ["compare", "evaluate_dir", "format_table", "hungarian", "similarity"]

FIELDS = ["tasks", "responsible_units", "coordinating_units", "targets", "deadlines", "metadata"]
METADATA_KEYS = ["doc_type", "doc_number", "issuer", "signed_date", "signer", "subject"]
LIST_METADATA_KEYS = ["addressees", "recipients", "cited_documents"]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}  # fmt: skip


@dataclass
class DocResult:
    name: str
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    pairs: list[tuple[str, str, float]] = field(default_factory=list)
    groups: list[tuple[str, str, float]] = field(default_factory=list)
    error: str | None = None


def same_text(a: str, b: str) -> bool:
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return ta == tb
    return len(ta & tb) / len(ta | tb) >= 0.75 or (
        len(ta & tb) / min(len(ta), len(tb)) >= 0.9 and min(len(ta), len(tb)) >= 2
    )


def _match_lists(gold: list[Any], pred: list[Any], eq: Any) -> Score:
    used: set[int] = set()
    tp = 0
    for g in gold:
        for k, p in enumerate(pred):
            if k not in used and eq(g, p):
                used.add(k)
                tp += 1
                break
    return Score(tp, len(pred) - tp, len(gold) - tp)


def _target_eq(g: dict[str, Any], p: dict[str, Any]) -> bool:
    def num(x: Any) -> Any:
        try:
            return float(str(x).replace(",", "."))
        except ValueError:
            return fold(str(x))

    if num(g.get("value")) != num(p.get("value")):
        return False
    if fold(str(g.get("unit", ""))) != fold(str(p.get("unit", ""))):
        return False
    return g.get("comparator") in (None, "") or g.get("comparator") == p.get("comparator")


def deadline_key(task: dict[str, Any]) -> str | None:
    """ISO date, else a recurrence rule; gold recurrences are read with the extractor's own patterns."""
    if task.get("deadline_iso"):
        return str(task["deadline_iso"])
    rec = task.get("recurring")
    if not rec:
        return None
    rec = str(rec)
    if rec.startswith("FREQ=") or rec == "thường xuyên":
        return rec
    found = find_deadlines(rec, 0, len(rec), field=True)
    if found and found[0].recurring:
        return found[0].recurring
    m = regex.search(r"(?i)(?:hằng|hàng)\s+(tháng|quý|năm|tuần)", rec)
    if m:
        return (
            "FREQ="
            + {"tháng": "MONTHLY", "quý": "QUARTERLY", "năm": "YEARLY", "tuần": "WEEKLY"}[m.group(1).lower()]
        )
    return fold(rec)


def _units_eq(g: str, p: str) -> bool:
    fg = regex.sub(r"^(?:cac|nhung)\s+", "", fold(g))
    fp = regex.sub(r"^(?:cac|nhung)\s+", "", fold(p))
    return (
        fg == fp
        or same_text(g, p)
        or (len(fg) > 4 and (fp.startswith(fg) or fg.startswith(fp)) and abs(len(fg) - len(fp)) <= 15)
    )


def _union(tasks: list[dict[str, Any]], items: Any, eq: Any) -> list[Any]:
    """The items of a group of tasks, each once (``eq`` decides sameness)."""
    out: list[Any] = []
    for t in tasks:
        for x in items(t):
            if not any(eq(x, y) for y in out):
                out.append(x)
    return out


def compare(gold: dict[str, Any], pred: dict[str, Any], name: str = "") -> DocResult:
    res = DocResult(name)
    g_tasks, p_tasks = gold.get("tasks", []), pred.get("tasks", [])
    pairs: list[Pair] = match_tasks(g_tasks, p_tasks)
    res.pairs = [
        ("+".join(str(g_tasks[i].get("number", "")) for i in p.gold),
         "+".join(str(p_tasks[j].get("number", "")) for j in p.pred), round(p.score, 2))
        for p in pairs
    ]  # fmt: skip
    res.groups = [pr for pr, p in zip(res.pairs, pairs, strict=True) if len(p.gold) > 1 or len(p.pred) > 1]
    matched_g = {i for p in pairs for i in p.gold}
    matched_p = {j for p in pairs for j in p.pred}
    res.scores["tasks"] = Score(len(pairs), len(p_tasks) - len(matched_p), len(g_tasks) - len(matched_g))

    def per_task(items: Any, eq: Any, same: Any = None) -> Score:
        same = same or eq
        s = Score()
        for p in pairs:
            g_items = _union([g_tasks[i] for i in p.gold], items, same)
            p_items = _union([p_tasks[j] for j in p.pred], items, same)
            s.add(_match_lists(g_items, p_items, eq))
        for i, g in enumerate(g_tasks):
            if i not in matched_g:
                s.fn += len(items(g))
        for j, t in enumerate(p_tasks):
            if j not in matched_p:
                s.fp += len(items(t))
        return s

    res.scores["responsible_units"] = per_task(lambda t: t.get("responsible_units") or [], _units_eq)
    res.scores["coordinating_units"] = per_task(lambda t: t.get("coordinating_units") or [], _units_eq)
    # targets of a group are concatenated (each printed target counts), units and deadlines taken once
    res.scores["targets"] = per_task(lambda t: t.get("targets") or [], _target_eq, lambda a, b: a is b)
    res.scores["deadlines"] = per_task(lambda t: [k] if (k := deadline_key(t)) else [], lambda a, b: a == b)
    meta = Score()
    for key in METADATA_KEYS:
        if key not in gold or gold[key] in (None, ""):
            continue
        pv = pred.get(key)
        if pv and same_text(str(gold[key]), str(pv)):
            meta.tp += 1
        else:
            meta.fn += 1
            meta.fp += 1 if pv else 0
    for key in LIST_METADATA_KEYS:
        if key in gold:
            meta.add(
                _match_lists(
                    list(gold[key]), list(pred.get(key) or []), lambda a, b: same_text(str(a), str(b))
                )
            )
    if isinstance(gold.get("signature"), dict):
        ps = pred.get("signature") or {}
        for k, v in gold["signature"].items():
            if v and ps.get(k) and same_text(str(v), str(ps[k])):
                meta.tp += 1
            else:
                meta.fn += 1
    res.scores["metadata"] = meta
    return res


def find_source(gold: dict[str, Any], gold_path: Path, docs_dirs: Iterable[Path]) -> Path | None:
    """The text a gold file annotates: its ``doc_file`` name, looked up in the given folders."""
    names = []
    if gold.get("doc_file"):
        names.append(Path(str(gold["doc_file"])).name)
    names.append(gold_path.with_suffix(".txt").name)
    for d in docs_dirs:
        for n in names:
            if (d / n).is_file():
                return d / n
    return None


def default_docs_dirs(gold_dir: Path) -> list[Path]:
    base = gold_dir.resolve().parent
    return [base / "docs", base.parent / "seed", base.parent / "realdata" / "docs", gold_dir]


def evaluate_dir(gold_dir: Path, docs_dirs: list[Path] | None = None) -> dict[str, Any]:
    dirs = list(docs_dirs or []) + default_docs_dirs(gold_dir)
    results: list[DocResult] = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        src = find_source(gold, gold_path, dirs)
        if src is None:
            r = DocResult(gold_path.stem, error="không tìm thấy văn bản nguồn")
            results.append(r)
            continue
        pred = extract(src).to_dict()
        for t, pt in zip(pred["tasks"], extract(src).tasks, strict=True):
            t["text"] = pt.text
        results.append(compare(gold, pred, gold_path.stem))
    overall = {f: Score() for f in FIELDS}
    for r in results:
        for f in FIELDS:
            overall[f].add(r.scores[f])
    return {
        "overall": {f: s.as_dict() for f, s in overall.items()},
        "documents": [
            {
                "name": r.name,
                "error": r.error,
                "scores": {f: s.as_dict() for f, s in r.scores.items()},
                "pairs": r.pairs,
                "groups": r.groups,
            }
            for r in results
        ],
    }


def format_table(report: dict[str, Any]) -> str:
    """A plain-text table: one row per document and field group, F1 (P/R)."""
    short = {"tasks": "nhiệm vụ", "responsible_units": "chủ trì", "coordinating_units": "phối hợp",
             "targets": "chỉ tiêu", "deadlines": "thời hạn", "metadata": "siêu dữ liệu"}  # fmt: skip
    name_w = max([len(d["name"]) for d in report["documents"]] + [12])
    head = f"{'văn bản':<{name_w}}  " + "  ".join(f"{short[f]:>16}" for f in FIELDS)
    lines = [head, "-" * len(head)]

    def cell(s: dict[str, Any]) -> str:
        return f"{s['f1']:.2f} ({s['precision']:.2f}/{s['recall']:.2f})"

    for d in report["documents"]:
        if d["error"]:
            lines.append(f"{d['name']:<{name_w}}  {d['error']}")
            continue
        lines.append(f"{d['name']:<{name_w}}  " + "  ".join(f"{cell(d['scores'][f]):>16}" for f in FIELDS))
    lines.append("-" * len(head))
    lines.append(f"{'TỔNG':<{name_w}}  " + "  ".join(f"{cell(report['overall'][f]):>16}" for f in FIELDS))
    lines.append(
        "F1 (độ chính xác/độ bao phủ); nhiệm vụ ghép theo độ tương đồng từ nội dung, không theo số thứ tự."
    )
    groups = [
        f"{d['name']}: gold {g} ↔ trích xuất {p}"
        for d in report["documents"]
        for g, p, _ in d.get("groups") or []
    ]
    lines.append(
        "Ghép nhóm (một nhiệm vụ ↔ nhiều mục cùng cấp, so hợp các đơn vị/chỉ tiêu/thời hạn): "
        + ("; ".join(groups) if groups else "không có")
    )
    return "\n".join(lines)
