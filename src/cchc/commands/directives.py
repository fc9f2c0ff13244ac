"""``cchc directives extract FILE [--json]`` and ``cchc directives eval --gold DIR [--docs DIR] [--json]``.

Pure domain commands: no Django import.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cchc.commands import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("directives", help="đọc công văn, chỉ thị, kế hoạch thành nhiệm vụ")
    sub = parser.add_subparsers(dest="directives_command", metavar="LỆNH")
    ex = sub.add_parser("extract", help="trích xuất siêu dữ liệu, nhiệm vụ, đơn vị, chỉ tiêu, thời hạn")
    ex.add_argument("file", help="tệp .txt, .docx hoặc .pdf (có lớp văn bản)")
    ex.add_argument("--json", action="store_true", help="in JSON (cùng khóa với tệp gold)")
    ex.set_defaults(handler=handle_extract)
    ev = sub.add_parser("eval", help="so với tệp gold: độ chính xác / độ bao phủ / F1 theo trường")
    ev.add_argument("--gold", help="thư mục các tệp gold *.json")
    ev.add_argument(
        "--confirmed",
        nargs="?",
        const="",
        default=None,
        metavar="THƯ_MỤC",
        help="các văn bản đơn vị đã xác nhận trên màn hình kiểm tra (mặc định: CCHC_DATA_DIR/directives/confirmed)",
    )
    ev.add_argument("--docs", action="append", default=[], help="thư mục chứa văn bản nguồn (có thể lặp lại)")
    ev.add_argument(
        "--leave-one-out",
        action="store_true",
        help="mỗi văn bản được đọc bởi phần học được huấn luyện trên các tệp gold còn lại",
    )
    ev.add_argument("--json", action="store_true", help="in JSON")
    ev.set_defaults(handler=handle_eval)
    parser.set_defaults(handler=lambda args: parser.print_help() or 0)


def handle_extract(args: argparse.Namespace) -> int:
    import sys

    from cchc.domain.directives import DirectiveInputError, extract
    from cchc.domain.directives.reader import ScannedPdf

    try:
        try:
            letter = extract(Path(args.file))
        except ScannedPdf:
            from cchc.domain.directives.ocr import extract_scanned, ocr_pdf

            def progress(done: int, total: int) -> None:
                print(f"Nhận dạng chữ (OCR): trang {done}/{total}", file=sys.stderr, flush=True)

            letter = extract_scanned(ocr_pdf(Path(args.file).read_bytes(), progress))
    except DirectiveInputError as exc:
        raise CommandError(str(exc)) from exc
    data = letter.to_dict()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(
        f"Loại: {data['doc_type'] or '—'}   Số: {data['doc_number'] or '—'}   Ngày: {data['signed_date'] or '—'}"
    )
    print(f"Cơ quan ban hành: {data['issuer'] or '—'}")
    print(f"Trích yếu: {data['subject'] or '—'}")
    print(f"Người ký: {data['signer'] or '—'}")
    print(f"Kính gửi: {'; '.join(data['addressees']) or '—'}")
    print(f"Văn bản dẫn chiếu: {', '.join(data['cited_documents']) or '—'}")
    print(f"\n{len(data['tasks'])} nhiệm vụ:")
    for t in data["tasks"]:
        print(f"\n[{t['number']}] {t['summary']}")
        print(f"   Chủ trì: {'; '.join(t['responsible_units']) or '—'}")
        if t["coordinating_units"]:
            print(f"   Phối hợp: {'; '.join(t['coordinating_units'])}")
        for g in t["targets"]:
            print(f"   Chỉ tiêu: {g['comparator']} {g['value']} {g['unit']} — {g['metric']}")
        if t["deadline"]:
            print(
                f"   Thời hạn: {t['deadline']} ({t['deadline_iso'] or t['recurring'] or 'không có ngày cụ thể'})"
            )
    for w in data["warnings"]:
        print(f"\nCảnh báo: {w}")
    return 0


def confirmed_dir() -> Path:
    """Where the review screen keeps confirmed letters: settings.DIRECTIVES_CONFIRMED_DIR, computed the same way
    (CCHC_DATA_DIR, default <repository>/var) without loading Django."""
    from cchc import config

    return config.confirmed_directives_dir()


def handle_eval(args: argparse.Namespace) -> int:
    from cchc.domain.directives.evaluate import evaluate_dir, format_table

    confirmed = getattr(args, "confirmed", None)
    if confirmed is not None:
        gold = Path(confirmed) if confirmed else confirmed_dir()
        if not gold.is_dir() or not any(gold.glob("*.json")):
            raise CommandError(
                f"Chưa có văn bản nào được xác nhận trong {gold}: hãy nhập và xác nhận văn bản trên màn hình kiểm tra."
            )
    elif not args.gold:
        raise CommandError("Cần --gold THƯ_MỤC hoặc --confirmed.")
    else:
        gold = Path(args.gold)
    if not gold.is_dir():
        raise CommandError(f"Không tìm thấy thư mục gold: {gold}")
    if not any(gold.glob("*.json")):
        raise CommandError(f"Thư mục {gold} không có tệp gold *.json")
    report = evaluate_dir(
        gold, [Path(d) for d in args.docs], leave_one_out=getattr(args, "leave_one_out", False)
    )
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(format_table(report))
    return 0
