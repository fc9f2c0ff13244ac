"""`cchc assessment score --year Y [--json] [--organisation CODE]`: every criterion of a year's PAR
self-assessment with its self-score, appraisal score, measured value and source (stable command, docs/cli.md)."""

from __future__ import annotations

import argparse
import json

from . import CommandError, django_setup


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("assessment", help="Tự đánh giá Chỉ số cải cách hành chính (Chỉ số CCHC)")
    asub = parser.add_subparsers(dest="assessment_command", metavar="LỆNH")
    score = asub.add_parser(
        "score", help="Điểm từng tiêu chí: tự chấm, thẩm định, giá trị đo được và nguồn số liệu"
    )
    score.add_argument("--year", type=int, required=True, help="năm tự đánh giá")
    score.add_argument(
        "--organisation",
        default="",
        help="mã cơ quan (Sở); mặc định: cơ quan duy nhất có bản tự đánh giá năm đó",
    )
    score.add_argument("--json", action="store_true", help="in JSON")
    score.set_defaults(handler=_score)
    verify = asub.add_parser(
        "verify-evidence",
        help="Kiểm tra lại mã băm SHA-256 của mọi tài liệu kiểm chứng (báo tệp bị thay đổi hoặc không còn)",
    )
    verify.add_argument("--organisation", default="", help="mã cơ quan (Sở); mặc định: mọi cơ quan")
    verify.add_argument("--json", action="store_true", help="in JSON")
    verify.set_defaults(handler=_verify)
    parser.set_defaults(handler=lambda args: parser.print_help() or 0)


def _score(args: argparse.Namespace) -> int:
    django_setup()
    from cchc.apps.assessment.selectors import report, year_assessments
    from cchc.domain.assessment.report import as_json, n

    found = year_assessments(year=args.year, organisation=args.organisation)
    if not found:
        raise CommandError(
            f"Năm {args.year} chưa có bản tự đánh giá"
            + (f" của “{args.organisation}”." if args.organisation else ".")
        )
    if len(found) > 1:
        codes = ", ".join(a.organisation.code for a in found)
        raise CommandError(
            f"Năm {args.year} có nhiều cơ quan tự đánh giá ({codes}); chọn một bằng --organisation."
        )
    data = report(found[0])
    if args.json:
        print(json.dumps(as_json(data), ensure_ascii=False, indent=2))
        return 0
    print(
        f"{data.organisation} — Chỉ số CCHC năm {data.year} ({data.set_name}, phiên bản {data.set_version}); {data.state}"
    )
    for ln in data.lines:
        indent = "  " * (ln.level - 1)
        measured = ""
        if ln.notes.na:
            measured = "  [Không phát sinh]"
        elif ln.notes.source:
            measured = f"  [đo được {ln.notes.measured or 'chưa có dữ liệu'} — {ln.notes.source}]"
        appraisal = f" | thẩm định {n(ln.appraisal_points)}" if ln.appraisal_points is not None else ""
        print(
            f"{indent}{ln.code} {ln.name}: tự chấm {n(ln.self_points) or '—'}/{n(ln.max_points)}{appraisal}{measured}"
        )
    t = data.totals
    print(f"Tổng điểm tự đánh giá: {n(t.self_points)}/{n(t.max_points)}"
          + (f"; thẩm định: {n(t.appraisal_points)}" if t.appraisal_points is not None else "")
          + (f"; điều tra xã hội học: {n(t.survey)}" if t.survey is not None else "")
          + (f"; Chỉ số CCHC: {n(t.index)}" if t.index is not None else "") + f"; tỷ lệ {n(t.percent)}%.")  # fmt: skip
    return 0


def _verify(args: argparse.Namespace) -> int:
    """Exit code 0 when every file matches its hash, 1 when one is changed or missing."""
    django_setup()
    from cchc.apps.assessment.services import verify_evidence

    from . import unit_option

    organisation = unit_option(args.organisation) if args.organisation else None
    results = verify_evidence(user=None, organisation=organisation)
    words = {"ok": "khớp", "changed": "ĐÃ BỊ THAY ĐỔI", "missing": "KHÔNG TÌM THẤY TỆP"}
    if args.json:
        print(json.dumps({"files": [
            {"id": r.evidence.pk, "name": r.evidence.name, "kind": r.evidence.kind, "organisation": r.evidence.organisation.code,
             "sha256": r.evidence.sha256, "found": r.sha256 or None, "status": r.status}
            for r in results
        ]}, ensure_ascii=False, indent=2))  # fmt: skip
    else:
        for r in results:
            print(f"{r.evidence.pk}\t{r.evidence.name}\t{words[r.status]}")
        bad = sum(1 for r in results if r.status != "ok")
        print(f"Đã kiểm tra {len(results)} tài liệu; {bad} tài liệu bị thay đổi hoặc không còn tệp.")
    return 1 if any(r.status != "ok" for r in results) else 0
