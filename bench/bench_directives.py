"""Directive extraction: speed (ms per document, documents per second) over the seed + the real texts, and
the dev figures of ``cchc directives eval`` on the gold files (F1 per field, plain and leave-one-document-out,
and the precision of each confidence band).

Targets (DESIGN.md §6, issue 15): a letter like the seed in under 50 ms, the median text document in at most
50 ms. Skips when ../shared is absent.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

SHARED = Path(os.environ.get("CCHC_SHARED_DIR", Path(__file__).resolve().parent.parent.parent / "shared"))


def run(quick: bool = True) -> dict:
    from cchc.domain.directives import extract

    seed = SHARED / "seed" / "cv-1036-svhttdl-vp-2026-laichau-cchc.txt"
    docs = sorted((SHARED / "realdata" / "docs").glob("*.txt")) if (SHARED / "realdata").is_dir() else []
    if not seed.is_file():
        return {"skipped": f"{SHARED} không có (cần shared/seed và shared/realdata/docs)"}
    texts = [seed.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8") for p in docs]
    repeats = 3 if quick else 20
    extract(texts[0])  # warm-up: compile patterns
    per_doc: list[float] = []
    seed_times: list[float] = []
    start_all = time.perf_counter()
    for _ in range(repeats):
        for i, text in enumerate(texts):
            t0 = time.perf_counter()
            extract(text)
            dt = (time.perf_counter() - t0) * 1000
            per_doc.append(dt)
            if i == 0:
                seed_times.append(dt)
    total = time.perf_counter() - start_all
    seed_ms = statistics.median(seed_times)
    median_ms = statistics.median(per_doc)
    return {
        **_quality(),
        "documents": len(texts),
        "repeats": repeats,
        "seed_ms_median": round(seed_ms, 2),
        "seed_target_ms": 50,
        "seed_within_target": seed_ms < 50,
        "ms_per_document_median": round(median_ms, 2),
        "median_target_ms": 50,
        "median_within_target": median_ms <= 50,
        "ms_per_document_max": round(max(per_doc), 2),
        "documents_per_second": round(len(per_doc) / total, 1),
        "characters": sum(len(t) for t in texts),
    }


FIELDS = ("tasks", "responsible_units", "coordinating_units", "targets", "deadlines", "metadata")


def _quality() -> dict:
    """F1 per field on the dev gold files; leave-one-out equals plain while the extractor learns nothing."""
    from cchc.domain.directives.evaluate import evaluate_dir

    gold = SHARED / "realdata" / "gold"
    if not gold.is_dir():
        return {}
    plain = evaluate_dir(gold)
    loo = evaluate_dir(gold, leave_one_out=True)
    bands = plain["confidence_bands"].get("tất cả", {})
    return {
        "gold_documents": len(plain["documents"]),
        "dev_f1": {f: plain["overall"][f]["f1"] for f in FIELDS},
        "leave_one_out_f1": {f: loo["overall"][f]["f1"] for f in FIELDS},
        "learned_parts": loo["learned_parts"],
        "precision_by_confidence_band": {b: v["precision"] for b, v in bands.items()},
        "band_gap_high_minus_low": plain["band_gap"],
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), ensure_ascii=False, indent=2))
