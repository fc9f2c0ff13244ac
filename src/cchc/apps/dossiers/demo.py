"""Demo dossiers: 50 000 synthetic records (fixed seed) for the demo Sở's units, Jan–Nov 2026, filed under
the demo catalogue's procedures (loaded before) at the units that handle them.

Idempotent: a store that already holds the demo batch is left alone; otherwise the batch is imported
(upsert by source + dossier code, so a half-finished earlier run is simply completed).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from cchc.analytics.importer import import_file
from cchc.analytics.synthetic import generate, write
from cchc.apps.core.demo import demo_loader
from cchc.apps.org.demo import ROOT

from .models import ImportJob, JobStatus
from .storage import open_store, working_calendar

DEMO_ROWS = 50_000
DEMO_SEED = 766
DEMO_SOURCE = "demo"
# The units of the demo Sở that receive dossiers through the one-stop shop (codes as in org/demo.py).
DEMO_UNITS = ("VP", "QLVH", "QLTDTT", "QLDL", "TTBCXB", "KHTC")


def demo_table(
    rows: int = DEMO_ROWS, *, seed: int = DEMO_SEED, catalogue: Sequence[tuple[str, str]] = ()
) -> pa.Table:
    """Synthetic dossiers whose unit codes are the demo org's ``Unit.code`` values. With ``catalogue``
    ((procedure code, handling unit's code), e.g. the demo's procedures), each synthetic procedure becomes one
    of those procedures and its dossiers go to the unit that handles it, so the 766 pages and the cost by
    channel name real procedures instead of synthetic codes."""
    table = generate(
        rows,
        seed=seed,
        start=date(2026, 1, 1),
        end=date(2026, 11, 20),
        units=len(DEMO_UNITS),
        procedures=60,
        calendar=working_calendar(),
    )
    codes = np.array([f"{ROOT['code']}-{s}" for s in DEMO_UNITS])
    index = np.array([int(c[2:]) for c in table["unit_code"].to_pylist()])  # "DV3" → 3
    units = codes[index]
    if catalogue:
        # Synthetic procedure n ("1.00n") → the catalogue's procedure n mod its size, with its unit.
        n = np.array([int(c[4:]) for c in table["procedure_code"].to_pylist()]) % len(catalogue)
        procedure_codes = np.array([code for code, _unit in catalogue])[n]
        units = np.array([unit for _code, unit in catalogue])[n]
        at = table.schema.get_field_index("procedure_code")
        table = table.set_column(at, "procedure_code", pa.array(procedure_codes))
    return table.set_column(table.schema.get_field_index("unit_code"), "unit_code", pa.array(units))


def _catalogue() -> list[tuple[str, str]]:
    if not apps.is_installed("cchc.apps.procedures"):
        return []
    from cchc.apps.procedures.selectors import one_stop_catalogue

    return one_stop_catalogue()


@demo_loader(50, "dossiers")
def load() -> list[str]:
    with open_store() as store:
        if store.count(DEMO_SOURCE) >= DEMO_ROWS:
            return [f"Hồ sơ mẫu: đã có {DEMO_ROWS:,} hồ sơ trong kho.".replace(",", ".")]
        table = demo_table(catalogue=_catalogue())
        path = write(table, Path(settings.DATA_DIR) / "demo" / "ho-so-mau-2026.parquet")
        res = import_file(store, path, source=DEMO_SOURCE)
    ImportJob.objects.update_or_create(
        source=DEMO_SOURCE,
        file_name=path.name,
        defaults={
            "file_path": str(path),
            "file_size": path.stat().st_size,
            "status": JobStatus.DONE,
            "rows_total": res.total_rows,
            "rows_done": res.total_rows,
            "imported": res.inserted,
            "updated": res.updated,
            "quarantined": res.quarantined,
            "store_job_id": res.job_id,
            "finished_at": timezone.now(),
        },
    )
    return [f"Hồ sơ mẫu: đã nhập {res.total_rows:,} hồ sơ tổng hợp (01–11/2026) vào kho.".replace(",", ".")]


DEMO_FEED = "mot-cua"


@demo_loader(51, "dossiers.feed")
def load_feed() -> list[str]:
    """A continuous feed for the demo Sở's one-stop shop (Văn phòng): a file copied into its folder is
    imported by the demo's worker within a scan or two, with nobody clicking (docs/analytics.md)."""
    from cchc.apps.org.models import Unit

    from .feeds import define_feed, folder_of, scan_seconds
    from .models import Feed

    feed = Feed.objects.filter(source=DEMO_FEED).first()
    if feed is None:
        unit = Unit.objects.filter(code=f"{ROOT['code']}-VP").first()
        if unit is None:
            return []
        feed = define_feed(feed=None, source=DEMO_FEED, unit=unit, quiet_after=2, quiet_unit="working_days")
    return [
        f"Nguồn tự động “{feed.source}”: chép tệp hồ sơ (.csv, .xlsx, .json) vào {folder_of(feed)} — "
        f"tiến trình nền nhập trong khoảng {2 * scan_seconds():g} giây, xem trang Chỉ số 766."
    ]
