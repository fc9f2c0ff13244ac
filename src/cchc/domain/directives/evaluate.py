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
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from . import learned
from .confidence import HIGH, LOW
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
    doc_type: str = ""
    period: str = ""  # month a confirmed letter was confirmed ("2026-04"), for the organisation's own set
    # (field, confidence, correct) for every extracted item: the precision per confidence band
    judged: list[tuple[str, float | None, bool]] = field(default_factory=list)


def same_text(a: str, b: str) -> bool:
    ta, tb = set(tokens(a)), set(tokens(b))
    if not ta or not tb:
        return ta == tb
    return len(ta & tb) / len(ta | tb) >= 0.75 or (
        len(ta & tb) / min(len(ta), len(tb)) >= 0.9 and min(len(ta), len(tb)) >= 2
    )


def _match_lists(gold: list[Any], pred: list[Any], eq: Any, hits: set[int] | None = None) -> Score:
    """Greedy one-to-one matching; ``hits`` receives the indices of the predicted items that matched."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        for k, p in enumerate(pred):
            if k not in used and eq(g, p):
                used.add(k)
                tp += 1
                break
    if hits is not None:
        hits.update(used)
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

    def conf(t: dict[str, Any], key: str, k: int | None = None) -> float | None:
        c = (t.get("confidence") or {}).get(key)
        if k is not None:
            return c[k] if isinstance(c, list) and k < len(c) else None
        return c if isinstance(c, (int, float)) else None

    for j, t in enumerate(p_tasks):
        res.judged.append(("tasks", conf(t, "task"), j in matched_p))

    def per_task(field_name: str, items: Any, eq: Any, same: Any = None) -> Score:
        """Items inside paired tasks are matched; each predicted item is also judged with its confidence."""
        same = same or eq
        key = {"deadlines": "deadline"}.get(field_name, field_name)
        s = Score()

        def with_conf(js: list[int]) -> tuple[list[Any], list[float | None]]:
            out: list[Any] = []
            confs: list[float | None] = []
            for j in js:
                for k, x in enumerate(items(p_tasks[j])):
                    if not any(same(x, y) for y in out):
                        out.append(x)
                        confs.append(conf(p_tasks[j], key, None if key == "deadline" else k))
            return out, confs

        for p in pairs:
            g_items = _union([g_tasks[i] for i in p.gold], items, same)
            p_items, confs = with_conf(list(p.pred))
            hits: set[int] = set()
            s.add(_match_lists(g_items, p_items, eq, hits))
            res.judged.extend((field_name, c, k in hits) for k, c in enumerate(confs))
        for i, g in enumerate(g_tasks):
            if i not in matched_g:
                s.fn += len(items(g))
        for j in range(len(p_tasks)):
            if j not in matched_p:
                p_items, confs = with_conf([j])
                s.fp += len(p_items)
                res.judged.extend((field_name, c, False) for c in confs)
        return s

    res.scores["responsible_units"] = per_task(
        "responsible_units", lambda t: t.get("responsible_units") or [], _units_eq
    )
    res.scores["coordinating_units"] = per_task(
        "coordinating_units", lambda t: t.get("coordinating_units") or [], _units_eq
    )
    # targets of a group are concatenated (each printed target counts), units and deadlines taken once
    res.scores["targets"] = per_task(
        "targets", lambda t: t.get("targets") or [], _target_eq, lambda a, b: a is b
    )
    res.scores["deadlines"] = per_task(
        "deadlines", lambda t: [k] if (k := deadline_key(t)) else [], lambda a, b: a == b
    )
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


def doc_type_group(gold: dict[str, Any], pred: dict[str, Any] | None = None) -> str:
    """The document type a result is reported under: the gold's ("Quyết định (ban hành Kế hoạch)"), else the
    extractor's, else "khác"."""
    return str(gold.get("doc_type") or (pred or {}).get("doc_type") or "khác")


def band_of(confidence: float | None) -> str:
    if confidence is None:
        return "không có"
    if confidence >= HIGH:
        return "cao"
    if confidence >= LOW:
        return "trung bình"
    return "thấp"


def evaluate_dir(
    gold_dir: Path, docs_dirs: list[Path] | None = None, *, leave_one_out: bool = False
) -> dict[str, Any]:
    """Score every gold file of ``gold_dir``. With ``leave_one_out`` each document is read by an extractor
    whose learned parts were trained on the *other* gold files (:mod:`.learned`); the pattern tables are
    the same either way."""
    dirs = list(docs_dirs or []) + default_docs_dirs(gold_dir)
    gold_paths = sorted(gold_dir.glob("*.json"))
    golds = {p: json.loads(p.read_text(encoding="utf-8")) for p in gold_paths}
    sources = {p: find_source(golds[p], p, dirs) for p in gold_paths}
    results: list[DocResult] = []
    timings: list[float] = []
    for gold_path in gold_paths:
        gold, src = golds[gold_path], sources[gold_path]
        if src is None:
            results.append(DocResult(gold_path.stem, error="không tìm thấy văn bản nguồn"))
            continue
        model = None
        if leave_one_out:
            others = [(golds[p], sources[p]) for p in gold_paths if p != gold_path and sources[p]]
            model = learned.train(others)
        t0 = time.perf_counter()
        letter = extract(src, model=model)
        timings.append((time.perf_counter() - t0) * 1000)
        pred = letter.to_dict()
        for t, pt in zip(pred["tasks"], letter.tasks, strict=True):
            t["text"] = pt.text
        r = compare(gold, pred, gold_path.stem)
        r.doc_type = doc_type_group(gold, pred)
        r.period = str(gold.get("confirmed_at") or "")[:7]
        results.append(r)
    return summarise(results, timings, leave_one_out=leave_one_out)


def summarise(
    results: list[DocResult], timings: list[float], *, leave_one_out: bool = False
) -> dict[str, Any]:
    overall = {f: Score() for f in FIELDS}
    by_type: dict[str, dict[str, Score]] = {}
    by_period: dict[str, dict[str, Score]] = {}
    for r in results:
        if r.error:
            continue
        per = by_type.setdefault(r.doc_type or "khác", {f: Score() for f in FIELDS})
        month = by_period.setdefault(r.period, {f: Score() for f in FIELDS}) if r.period else None
        for f in FIELDS:
            overall[f].add(r.scores[f])
            per[f].add(r.scores[f])
            if month is not None:
                month[f].add(r.scores[f])
    bands: dict[str, dict[str, list[int]]] = {}
    for r in results:
        for f, c, ok in r.judged:
            for key in (f, "tất cả"):
                b = bands.setdefault(key, {}).setdefault(band_of(c), [0, 0])
                b[0] += 1
                b[1] += int(ok)
    band_report = {
        f: {b: {"n": n, "correct": k, "precision": round(k / n, 4) if n else None} for b, (n, k) in v.items()}
        for f, v in bands.items()
    }
    allb = band_report.get("tất cả", {})
    hi, lo = (allb.get("cao") or {}).get("precision"), (allb.get("thấp") or {}).get("precision")
    return {
        "mode": "leave-one-out" if leave_one_out else "dev",
        "learned_parts": learned.DESCRIPTION,
        "overall": {f: s.as_dict() for f, s in overall.items()},
        "by_doc_type": {t: {f: s.as_dict() for f, s in v.items()} for t, v in sorted(by_type.items())},
        "by_month": {m: {f: s.as_dict() for f, s in v.items()} for m, v in sorted(by_period.items())},
        "confidence_bands": band_report,
        "band_gap": round(hi - lo, 4) if hi is not None and lo is not None else None,
        "band_thresholds": {"thấp": f"< {LOW}", "trung bình": f"{LOW}–{HIGH}", "cao": f">= {HIGH}"},
        "ms_per_document_median": round(statistics.median(timings), 2) if timings else None,
        "documents": [
            {
                "name": r.name,
                "doc_type": r.doc_type,
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
    lines.append("")
    lines.append("Theo loại văn bản:")
    for t, scores in report.get("by_doc_type", {}).items():
        lines.append(f"{t:<{name_w}}  " + "  ".join(f"{cell(scores[f]):>16}" for f in FIELDS))
    if report.get("by_month"):
        lines.append("")
        lines.append("Theo tháng xác nhận (văn bản của đơn vị):")
        for m, scores in report["by_month"].items():
            y, mo = m.split("-") if "-" in m else (m, "")
            lines.append(
                f"{(mo + '/' + y) if mo else y:<{name_w}}  "
                + "  ".join(f"{cell(scores[f]):>16}" for f in FIELDS)
            )
    lines.append("")
    mode = report.get("mode", "dev")
    if mode == "leave-one-out":
        learned_note = report.get("learned_parts") or (
            "không có phần học được (chỉ bảng mẫu): số liệu bỏ-một-văn-bản bằng số liệu thường"
        )
        lines.append(f"Chế độ: bỏ một văn bản (leave-one-out) — {learned_note}.")
    bands = report.get("confidence_bands", {})
    if bands:
        lines.append("Độ chính xác theo mức tin cậy (số mục trích xuất, đúng, độ chính xác):")
        order = ["cao", "trung bình", "thấp", "không có"]
        for f in ["tất cả", *FIELDS]:
            if f not in bands:
                continue
            parts = []
            for b in order:
                v = bands[f].get(b)
                if v:
                    parts.append(f"{b}: {v['correct']}/{v['n']} = {v['precision']:.2f}")
            lines.append(f"  {short.get(f, f):<14} " + "; ".join(parts))
        gap = report.get("band_gap")
        if gap is not None:
            lines.append(f"  Chênh lệch cao − thấp: {gap:.2f} (yêu cầu ≥ 0,20)")
    if report.get("ms_per_document_median") is not None:
        lines.append(f"Thời gian trích xuất: trung vị {report['ms_per_document_median']:.1f} ms/văn bản")
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
