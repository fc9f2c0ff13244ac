"""``cchc dossiers import|generate`` and ``cchc indicators`` — dossier store commands (no Django)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cchc.commands import CommandError


def register(sub: Any) -> None:
    p = sub.add_parser("dossiers", help="Nhập hồ sơ TTHC vào kho phân tích; sinh dữ liệu mẫu")
    p.add_argument("--store", help="tệp DuckDB (mặc định $CCHC_DATA_DIR/analytics.duckdb)")
    dsub = p.add_subparsers(dest="dossiers_command", metavar="LỆNH")
    imp = dsub.add_parser("import", help="Nhập tệp CSV/XLSX/JSON/Parquet (theo mã hồ sơ, không trùng)")
    imp.add_argument("file", nargs="?", help="tệp hồ sơ")
    imp.add_argument("--source", default="mac-dinh", help="tên nguồn (phần mềm một cửa, DVCQG…)")
    imp.add_argument("--resume", type=int, metavar="JOB", help="tiếp tục lô nhập bị gián đoạn")
    imp.add_argument("--rollback", type=int, metavar="JOB", help="hủy lô nhập chưa hoàn tất")
    imp.add_argument("--chunk-rows", type=int, default=500_000, help="số dòng mỗi phần")
    imp.add_argument(
        "--unknown-codes",
        choices=["keep", "quarantine"],
        default="keep",
        help="dòng có mã đơn vị/mã TTHC không có trong cơ cấu tổ chức hoặc danh mục: nhập và đếm vào mục "
        "“chưa xác định” (keep, mặc định) hay đưa vào khu cách ly (quarantine)",
    )
    imp.add_argument(
        "--known-units", metavar="MÃ,MÃ", help="các mã đơn vị đã biết (mặc định: đọc từ CSDL của hệ thống)"
    )
    imp.add_argument(
        "--known-procedures", metavar="MÃ,MÃ", help="các mã TTHC đã biết (mặc định: đọc từ CSDL)"
    )
    imp.add_argument(
        "--profile",
        metavar="TỆP.toml",
        help="mẫu cột (định dạng của src/cchc/domain/data/dossier_profiles.toml) dùng trước các mẫu có sẵn; "
        "mặc định: mẫu đã lưu cho nguồn này từ bước ghép cột trên web, nếu có",
    )
    imp.add_argument(
        "--map",
        metavar="CỘT=TRƯỜNG;…",
        help='ghép cột tường minh, ví dụ "Số HS=dossier_code;Ghi chú=" (trường rỗng: không dùng); '
        "các cột không nêu thì không dùng",
    )
    imp.set_defaults(handler=_import)
    gen = dsub.add_parser("generate", help="Sinh hồ sơ tổng hợp (xác định theo seed)")
    gen.add_argument("out", help="tệp ra .parquet, .csv hoặc .xlsx (tối đa 1.048.575 hồ sơ)")
    gen.add_argument("--rows", type=int, default=100_000)
    gen.add_argument("--seed", type=int, default=766)
    gen.set_defaults(handler=_generate)
    roll = dsub.add_parser(
        "rollup", help="Tính lại bảng số liệu tổng hợp theo kỳ (sau khi nâng cấp phiên bản)"
    )
    roll.set_defaults(handler=_rollup)
    portal = dsub.add_parser(
        "portal-import",
        help="Nhập tệp điểm 766 của Cổng DVCQG (.csv, .xlsx, .json) để đối chiếu với điểm cchc",
    )
    portal.add_argument("file", help="tệp tải từ trang Chỉ số 766 của Cổng DVCQG hoặc JSON của API báo cáo")
    portal.add_argument("--period", help="kỳ của các dòng không ghi kỳ: 03/2026, Q1/2026, 2026, 2026-03")
    portal.add_argument(
        "--unit", help="mã hoặc tên viết tắt của đơn vị có số liệu (mặc định: Sở đầu tiên của cơ cấu tổ chức)"
    )
    portal.set_defaults(handler=_portal_import)
    _register_feed(dsub)
    p.set_defaults(handler=lambda a: p.print_help())

    ind = sub.add_parser("indicators", help="Chỉ số 766 theo đơn vị × kỳ từ kho hồ sơ")
    ind.add_argument("--store", help="tệp DuckDB (mặc định $CCHC_DATA_DIR/analytics.duckdb)")
    ind.add_argument("--unit", help="mã đơn vị")
    ind.add_argument(
        "--period", help="2026-03, 2026-Q1, 2026 hoặc 2026-01-01..2026-03-31 (mặc định: từng tháng)"
    )
    ind.add_argument("--by-procedure", action="store_true", help="tách theo từng TTHC")
    ind.add_argument(
        "--as-of",
        help="thời điểm đánh giá: YYYY-MM-DD hoặc dd/mm/yyyy tính cả ngày đó (đến hết 23:59:59), "
        "hoặc YYYY-MM-DDTHH:MM (mặc định: bây giờ)",
    )
    ind.add_argument(
        "--judge-open",
        choices=["period_end", "as_of"],
        default="period_end",
        help="hồ sơ chưa xong được đánh giá vào cuối kỳ (period_end, mặc định) "
        "hay tại thời điểm đánh giá (as_of)",
    )
    ind.add_argument(
        "--unfinished-in-denominator",
        action="append",
        default=[],
        metavar="CHỈ_SỐ",
        help="tính cả hồ sơ chưa giải quyết xong vào mẫu số của chỉ số (hiện có: 4.1); lặp lại được",
    )
    ind.add_argument("--json", action="store_true", help="in JSON")
    ind.set_defaults(handler=_indicators)


def _register_feed(dsub: Any) -> None:
    feed = dsub.add_parser(
        "feed", help="Nguồn tự động: thư mục nhận tệp của một nguồn, được `cchc worker` theo dõi và nhập"
    )
    fsub = feed.add_subparsers(dest="feed_command", metavar="LỆNH")
    add = fsub.add_parser("add", help="Tạo hoặc sửa nguồn tự động (người vận hành máy chủ)")
    add.add_argument("source", help="tên nguồn, như khi nhập tệp (ví dụ mot-cua)")
    add.add_argument("--unit", help="mã đơn vị phụ trách (mặc định: Sở gốc đầu tiên)")
    add.add_argument(
        "--folder", help="thư mục nhận tệp, tương đối trong $CCHC_DOSSIERS_FEEDS_DIR (mặc định: tên nguồn)"
    )
    add.add_argument("--quiet-after", type=int, default=2, help="báo im lặng sau chừng này (mặc định 2)")
    add.add_argument(
        "--quiet-unit",
        choices=["working_days", "hours"],
        default="working_days",
        help="đơn vị của ngưỡng: ngày làm việc (mặc định) hoặc giờ",
    )
    add.add_argument("--unknown-codes", choices=["keep", "quarantine"], default="keep")
    add.add_argument("--disabled", action="store_true", help="tạo nhưng chưa theo dõi")
    add.set_defaults(handler=_feed_add)
    lst = fsub.add_parser("list", help="Các nguồn tự động và lô nhập gần nhất")
    lst.set_defaults(handler=_feed_list)
    scan = fsub.add_parser("scan", help="Quét các thư mục nhận tệp một lần (cchc worker quét định kỳ)")
    scan.set_defaults(handler=_feed_scan)
    feed.set_defaults(handler=lambda a: feed.print_help())


def _feed_add(args: argparse.Namespace) -> int:
    from cchc.commands import django_setup, unit_option

    django_setup()
    from django.core.exceptions import ValidationError

    from cchc.apps.dossiers.feeds import define_feed, folder_of
    from cchc.apps.dossiers.models import Feed
    from cchc.apps.org.models import Unit

    unit = unit_option(args.unit) or Unit.objects.filter(parent__isnull=True).order_by("pk").first()
    if unit is None:
        raise CommandError("Chưa có đơn vị nào; hãy tạo cơ cấu tổ chức trước (cchc org …).")
    existing = Feed.objects.filter(source=args.source.strip()).first()
    try:
        feed = define_feed(
            feed=existing,
            source=args.source,
            unit=unit,
            enabled=not args.disabled,
            quiet_after=args.quiet_after,
            quiet_unit=args.quiet_unit,
            unknown_codes=args.unknown_codes,
            folder=args.folder,
        )
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    print(
        f"{'Đã sửa' if existing else 'Đã tạo'} nguồn tự động “{feed.source}”: thư mục nhận tệp {folder_of(feed)}"
    )
    return 0


def _feed_list(args: argparse.Namespace) -> int:
    from cchc.commands import django_setup

    django_setup()
    from django.utils import timezone

    from cchc.apps.dossiers.feeds import folder_of, quiet_state
    from cchc.apps.dossiers.models import Feed, FeedFile

    def when(value: Any) -> str:
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value else "—"

    feeds = list(Feed.objects.select_related("unit").order_by("source"))
    if not feeds:
        print("Chưa có nguồn tự động nào (tạo bằng: cchc dossiers feed add TÊN_NGUỒN).")
    for feed in feeds:
        quiet, _last, deadline = quiet_state(feed)
        state = "tạm dừng" if not feed.enabled else ("IM LẶNG" if quiet else "đang theo dõi")
        print(f"{feed.source} [{state}] — {folder_of(feed)} — đơn vị {feed.unit.code}")
        print(f"  quét lần cuối {when(feed.last_scan_at)}; tệp mới gần nhất {when(feed.last_file_at)}; "
              f"báo im lặng từ {when(deadline)}")  # fmt: skip
        last = FeedFile.objects.filter(feed=feed, job__isnull=False).select_related("job").first()
        if last is not None and last.job is not None:
            job = last.job
            print(f"  lô nhập gần nhất: {job.file_name} ({job.get_status_display()}) — {job.rows_total} dòng, "
                  f"cách ly {job.quarantined}")  # fmt: skip
        waiting = FeedFile.objects.filter(feed=feed, status="needs_mapping").count()
        if waiting:
            print(f"  ! {waiting} tệp cần ghép cột trên trang “Nguồn tự động”")
    return 0


def _feed_scan(args: argparse.Namespace) -> int:
    from cchc.commands import django_setup

    django_setup()
    from cchc.apps.core.jobs import acting_as
    from cchc.apps.dossiers.feeds import scan_feeds

    with acting_as():
        report = scan_feeds()
    if report is None:
        print("Một tiến trình khác đang quét các thư mục nhận tệp; thử lại sau.")
        return 0
    for line in report.taken:
        print(f"  {line}")
    for line in report.errors:
        print(f"  ! {line}")
    print(
        f"Đã quét {report.feeds} nguồn: nhận {len(report.taken)} tệp, {report.waiting} tệp chờ lần quét sau "
        f"(đang ghi hoặc mới thấy lần đầu), xếp {report.settled} tệp vào done/ failed/, {report.alerts} cảnh báo im lặng."
    )
    return 0


def _store(args: argparse.Namespace) -> Any:
    import duckdb

    from cchc.analytics.store import DossierStore

    try:
        return DossierStore(args.store)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        # DuckDB lets one process write the store: another import (CLI or web worker) holds it
        raise CommandError(
            "Đang có lô nhập khác ghi vào kho hồ sơ (hoặc máy chủ đang dùng kho); thử lại sau khi lô đó kết thúc."
        ) from exc


def _rollup(args: argparse.Namespace) -> int:
    from cchc.analytics import rollup

    with _store(args) as store:
        rollup.rebuild(store.con)
        store.publish_snapshot()
        cells = store.con.execute("SELECT count(*) FROM counts_rollup").fetchone()
    print(f"Đã tính lại số liệu tổng hợp: {cells[0] if cells else 0} ô đơn vị × kỳ")
    return 0


def _import(args: argparse.Namespace) -> int:
    from cchc.analytics.importer import ImportError_, import_file, resume_import, rollback_import
    from cchc.analytics.readers import ReadError

    def progress(done: int, total: int) -> None:
        pct = 100 * done // max(total, 1)
        print(f"\r  đã xử lý {done:,}/{total:,} dòng ({pct}%)".replace(",", "."), end="", file=sys.stderr)

    with _store(args) as store:
        try:
            if args.rollback is not None:
                res = rollback_import(store, args.rollback)
                print(f"Đã hủy lô nhập {res.job_id}.")
                return 0
            if args.resume is not None:
                res = resume_import(store, args.resume, progress=progress)
            elif args.file:
                res = import_file(
                    store,
                    args.file,
                    source=args.source,
                    progress=progress,
                    chunk_rows=args.chunk_rows,
                    known=_known_codes(args),
                    mapping=_given_map(args.map) if args.map else None,
                    saved=_saved_profiles(args),
                )
            else:
                raise CommandError("Cần chỉ ra tệp, --resume JOB hoặc --rollback JOB")
        except (ImportError_, ReadError) as exc:
            raise CommandError(str(exc)) from exc
        except KeyboardInterrupt:
            raise CommandError("Đã dừng; chạy lại với --resume để tiếp tục hoặc --rollback để hủy") from None
    print(file=sys.stderr)
    print(
        f"Lô {res.job_id}: {res.total_rows} dòng — thêm mới {res.inserted}, cập nhật {res.updated}, "
        f"cách ly {res.quarantined}, trùng trong tệp {res.duplicates}."
    )
    how = f"theo mẫu “{res.profile}”" if res.profile else "theo cách ghép đã chỉ ra"
    print(f"  ghép cột {how}: " + "; ".join(f"{h} → {f}" for h, f in res.mapping.items()))
    if res.unused_columns:
        print(f"  cột không dùng: {', '.join(res.unused_columns)}")
    for header, field in res.suspect_columns.items():
        print(
            f"  ! cột “{header}” giống trường {field} nhưng chưa được ghép: dữ liệu của cột này chưa được tính"
        )
    for label, found in (
        ("mã đơn vị chưa xác định", res.unknown_units),
        ("mã TTHC không có trong danh mục", res.unknown_procedures),
    ):
        if found:
            codes = ", ".join(f"{c}: {n}" for c, n in list(found.items())[:10])
            more = " …" if len(found) > 10 else ""
            kept = (
                "đã cách ly"
                if res.unknown_action == "quarantine"
                else "đã nhập, xem mục “chưa xác định đơn vị”"
            )
            print(f"  {label}: {sum(found.values())} dòng ({codes}{more}) — {kept}")
    return 0


def _given_map(text: str) -> dict[str, str]:
    """ "Cột=trường;Cột khác=" → {column: field} ("" = not used), checked by the importer."""
    pairs = [p for p in text.split(";") if p.strip()]
    if not all("=" in p for p in pairs):
        raise CommandError("--map cần dạng “Cột=trường;Cột khác=trường” (trường rỗng: không dùng)")
    return {c.strip(): f.strip() for c, _, f in (p.partition("=") for p in pairs)}


def _saved_profiles(args: argparse.Namespace) -> Any:
    """The profile file given with --profile, else the profile saved for the source on the web (none when
    the database cannot be read)."""
    from cchc.domain.dossiers import read_saved_profiles

    if args.profile:
        path = Path(args.profile)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp mẫu cột “{path.name}”")
        return read_saved_profiles(path.read_text(encoding="utf-8"), origin=path.name)
    from cchc.apps.dossiers import lookups

    try:
        with lookups.web_cursor() as cursor:
            return lookups.saved_profiles(cursor, args.source)
    except Exception:  # no database: the built-in profiles map the file
        return ()


def _known_codes(args: argparse.Namespace) -> Any:
    """The codes to check rows against: given on the command line, else the organisation's units (with
    their aliases) and procedure catalogue from the database; None (with a note) when it cannot be read."""
    from cchc.analytics.importer import KnownCodes

    def split(text: str | None) -> frozenset[str]:
        return frozenset(c.strip() for c in (text or "").split(",") if c.strip())

    if args.known_units is not None:
        return KnownCodes(split(args.known_units), split(args.known_procedures), args.unknown_codes)
    from cchc.apps.dossiers import lookups

    try:
        with lookups.web_cursor() as cursor:
            units, procedures = lookups.unit_codes(cursor), lookups.procedure_codes(cursor)
    except Exception:  # no database configured or reachable: the import goes on, said so
        print(
            "  (không đọc được cơ cấu tổ chức và danh mục TTHC: không kiểm tra mã đơn vị, mã TTHC)",
            file=sys.stderr,
        )
        return None
    return KnownCodes(units, procedures | split(args.known_procedures), args.unknown_codes)


def _generate(args: argparse.Namespace) -> int:
    from cchc.analytics.synthetic import generate, write

    if args.rows <= 0:
        raise CommandError("Số dòng phải lớn hơn 0")
    out = write(generate(args.rows, seed=args.seed), Path(args.out))
    print(f"Đã ghi {args.rows} hồ sơ vào {out}")
    return 0


def _indicators(args: argparse.Namespace) -> int:
    from cchc.analytics.indicators import scorecard
    from cchc.analytics.periods import PeriodError
    from cchc.analytics.scorecard import judging

    try:
        as_of, judge_open, params = judging(args.as_of, args.judge_open, args.unfinished_in_denominator)
    except PeriodError as exc:
        raise CommandError(str(exc)) from exc
    with _store(args) as store:
        try:
            rows = scorecard(
                store,
                unit=args.unit,
                period=args.period,
                by_procedure=args.by_procedure,
                as_of=as_of,
                judge_open=judge_open,
                params=params,
            )
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=1, default=str))
        return 0
    if not rows:
        print("Không có hồ sơ trong kỳ.")
    for r in rows:
        groups = " ".join(f"{k}={'-' if v is None else v}" for k, v in r.card.groups.items())
        proc = f" {r.procedure}" if r.procedure else ""
        print(
            f"{r.unit}{proc} {r.period}: {r.counts['received']} hồ sơ, tổng {r.card.total}/{r.card.max_known} — {groups}"
        )
    return 0


def _portal_import(args: argparse.Namespace) -> int:
    """``cchc dossiers portal-import FILE``: the file kept as on the web (audit trail, the page
    "Đối chiếu với Cổng DVCQG"), and per unit × period the portal's total beside cchc's."""
    from cchc.commands import django_setup, unit_option

    django_setup()
    from django.core.exceptions import ValidationError

    from cchc.apps.dossiers import reconciliation, services
    from cchc.apps.dossiers.storage import StoreBusy
    from cchc.apps.org.models import Unit
    from cchc.domain.reconcile766 import fmt

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp: {path}")
    unit = unit_option(args.unit) or Unit.objects.filter(parent=None).order_by("path").first()
    if unit is None:
        raise CommandError("Chưa có đơn vị nào: hãy tạo cơ cấu tổ chức trước (cchc demo hoặc trang Tổ chức)")
    period = None
    if args.period:
        from cchc.domain.errors import UserError
        from cchc.domain.portal766 import normalise_period

        try:
            period = normalise_period(args.period)
        except UserError as exc:
            raise CommandError(str(exc)) from exc
    try:
        imp = services.import_portal_file(user=None, unit=unit, path=path, file_name=path.name, period=period)
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    print(f"Đã nhập {imp.rows_count} điểm từ “{imp.file_name}” cho {unit.name}; lần nhập #{imp.pk}")
    try:
        items = reconciliation.with_local_totals(user=None, items=reconciliation.entries(imp))
    except StoreBusy as exc:
        print(f"  (chưa so được với điểm cchc: {exc})")
        items = reconciliation.entries(imp)
    for e in items:
        name = e.unit.name if e.unit else f"{e.sheet.unit_code or e.sheet.unit_name} (chưa xác định đơn vị)"
        print(
            f"  {name[:50]:50} {e.period:10} Cổng {fmt(e.portal_total):>7}  cchc {fmt(e.local_total):>7}  "
            f"chênh lệch {fmt(e.gap):>7}"
        )
    print("Xem giải thích từng chênh lệch trên trang “Đối chiếu với Cổng DVCQG”.")
    return 0
