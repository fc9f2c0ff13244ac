"""Compare extractor output with gold files: precision / recall / F1 per field, per document and overall.

Tasks are matched one-to-one by text similarity (optimal assignment, Hungarian method), never by their
numbers. Units, targets and deadlines are then compared inside matched task pairs; those of unmatched
tasks count as misses (gold) or false alarms (extracted). Counts are summed over documents (micro average).
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
from .normalize import fold

FIELDS = ["tasks", "responsible_units", "coordinating_units", "targets", "deadlines", "metadata"]
METADATA_KEYS = ["doc_type", "doc_number", "issuer", "signed_date", "signer", "subject"]
LIST_METADATA_KEYS = ["addressees", "recipients", "cited_documents"]
MATCH_THRESHOLD = 0.45

# Abbreviations written both ways in directives; expanded before comparing texts ("TTHC" = "thủ tục hành chính").
ABBREVIATIONS = {
    "tthc": "thu tuc hanh chinh", "cchc": "cai cach hanh chinh", "csdl": "co so du lieu",
    "vbqppl": "van ban quy pham phap luat", "dvcqg": "dich vu cong quoc gia", "dvctt": "dich vu cong truc tuyen",
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "khcn": "khoa hoc cong nghe", "cds": "chuyen doi so",
    "dmst": "doi moi sang tao", "vhttdl": "van hoa the thao va du lich", "vp": "van phong",
}  # fmt: skip
STOPWORDS = set(
    "va cac cua cho trong de theo voi tai la duoc nhung mot so khi ve tu den co the nay do thuc hien".split()
)


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
    error: str | None = None


def tokens(text: str) -> list[str]:
    out: list[str] = []
    for w in fold(text).split():
        out.extend(ABBREVIATIONS.get(w, w).split())
    return [w for w in out if w not in STOPWORDS]


def similarity(gold_summary: str, pred_text: str) -> float:
    """Share of the gold summary's words found in the extracted task text (abbreviations expanded)."""
    g = set(tokens(gold_summary))
    p = set(tokens(pred_text))
    if not g or not p:
        return 0.0
    inter = len(g & p)
    return 0.8 * inter / len(g) + 0.2 * inter / len(p | g)


def same_text(a: str, b: str) -> bool:
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return ta == tb
    return len(ta & tb) / len(ta | tb) >= 0.75 or (
        len(ta & tb) / min(len(ta), len(tb)) >= 0.9 and min(len(ta), len(tb)) >= 2
    )


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


def compare(gold: dict[str, Any], pred: dict[str, Any], name: str = "") -> DocResult:
    res = DocResult(name)
    g_tasks, p_tasks = gold.get("tasks", []), pred.get("tasks", [])
    weights = [
        [similarity(g.get("summary", ""), p.get("summary", "") + " " + p.get("text", "")) for p in p_tasks]
        for g in g_tasks
    ]
    pairs = [(i, j) for i, j in hungarian(weights) if weights[i][j] >= MATCH_THRESHOLD]
    res.pairs = [
        (g_tasks[i].get("number", ""), p_tasks[j].get("number", ""), round(weights[i][j], 2))
        for i, j in pairs
    ]
    res.scores["tasks"] = Score(len(pairs), len(p_tasks) - len(pairs), len(g_tasks) - len(pairs))
    matched_g = {i for i, _ in pairs}
    matched_p = {j for _, j in pairs}

    def per_task(extract_items: Any, eq: Any) -> Score:
        s = Score()
        for i, j in pairs:
            s.add(_match_lists(extract_items(g_tasks[i]), extract_items(p_tasks[j]), eq))
        for i, g in enumerate(g_tasks):
            if i not in matched_g:
                s.fn += len(extract_items(g))
        for j, p in enumerate(p_tasks):
            if j not in matched_p:
                s.fp += len(extract_items(p))
        return s

    res.scores["responsible_units"] = per_task(lambda t: t.get("responsible_units") or [], _units_eq)
    res.scores["coordinating_units"] = per_task(lambda t: t.get("coordinating_units") or [], _units_eq)
    res.scores["targets"] = per_task(lambda t: t.get("targets") or [], _target_eq)
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
        "F1 (độ chính xác/độ bao phủ); nhiệm vụ ghép theo độ tương đồng văn bản, không theo số thứ tự."
    )
    return "\n".join(lines)
