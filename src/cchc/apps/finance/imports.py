"""Importing the finance registers (autonomy, public assets, budget disclosures) from a table: upload check →
preview (nothing written) → import the valid rows, every rejected row kept with its reasons on the batch page
(nothing lost).

Parsing is the domain's (:mod:`cchc.domain.finance.tables`); this module adds what needs the database: the unit
named by each row must exist and lie in the importer's write scope, and the write happens in one transaction
through the services (the same checks and audit trail as a form). :func:`analyse` serves the preview and the
import, so what is shown is what is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.apps.core import imports as common
from cchc.apps.core.imports import Analysis, validate_upload
from cchc.apps.org.access import can_access_unit, check_unit, require_capability
from cchc.apps.org.models import Unit, User
from cchc.apps.org.selectors import unit_lookup
from cchc.domain.finance import tables
from cchc.domain.finance.tables import RejectedRow
from cchc.domain.text import fold

from . import services
from .models import Asset, Disclosure, ImportBatch

STASH = common.Stash("finance-imports")
stash_upload, stashed_path = STASH.put, STASH.path
__all__ = ["Analysis", "analyse", "import_file", "stash_upload", "stashed_path", "validate_upload"]


def analyse(path: Path, *, kind: str, user: User | None, unit: Unit) -> Analysis:
    """Parse ``path`` as register ``kind``; reject each row whose unit is unknown, outside the importer's
    write scope or outside the chosen unit, or that the service would refuse. ``records`` are
    (row, unit) pairs."""
    result, analysis = common.start(lambda: tables.parse(path, kind), kind=kind)
    units = unit_lookup(unit)
    for row in result.records:
        name = row.values["unit"]
        target = units.get(fold(name))
        reasons = []
        if target is None:
            reasons.append(_("Không có đơn vị “%(u)s” trong tổ chức.") % {"u": name})
        elif not target.path.startswith(unit.path) or (
            user is not None and not can_access_unit(user, target, write=True)
        ):
            reasons.append(_("Đơn vị “%(u)s” ngoài phạm vi bạn được cập nhật.") % {"u": name})
        if reasons:
            common.reject(analysis, row, reasons)
        else:
            assert target is not None
            analysis.records.append((row, target))
    return common.finish(analysis)


def _write(kind: str, row: tables.Row, unit: Unit, user: User | None) -> None:
    v: dict[str, Any] = dict(row.values)
    v.pop("unit")
    if kind == "autonomy":
        services.save_autonomy(
            user=user, unit=unit, year=v["year"], group=v["group"], decision_number=v["decision_number"],
            decision_date=v["decision_date"], plan_period=v["plan_period"], revenue=v["revenue"],
            spending=v["spending"], share=v["share"], finances_investment=v["investment"],
            target_group=v["target_group"], note=v["note"],
        )  # fmt: skip
    elif kind == "asset":
        code = v.pop("code")
        existing = Asset.objects.filter(unit=unit, code=code).first()
        services.save_asset(user=user, unit=unit, code=code, asset=existing, **v)
    else:
        services.open_year(user=user, unit=unit, year=v["year"])
        qs = Disclosure.objects.filter(unit=unit, year=v["year"], duty=v["duty"], period=v["period"])
        target = (
            qs.filter(published_on__isnull=True).order_by("sequence").first()
            or qs.order_by("sequence").first()
        )
        if target is None or (v["duty"] == "du_toan" and target.published_on is not None):
            target = services.add_adjustment(user=user, unit=unit, year=v["year"], event_date=v["event_date"])
        services.record_disclosure(
            user=user, disclosure=target, event_date=v["event_date"] or target.event_date,
            published_on=v["published_on"], form=v["form"], link=v["link"], proof_document=v["proof_document"],
        )  # fmt: skip


def import_file(path: Path, *, kind: str, user: User | None, unit: Unit, file_name: str = "") -> ImportBatch:
    """Write the valid rows, each in its own savepoint: a row the service refuses (a group its share does
    not support) is kept as a rejected row with the service's reasons, never dropped."""
    if user is not None:
        require_capability(user, "finance.manage")
        check_unit(user, unit, write=True)
    analysis = analyse(path, kind=kind, user=user, unit=unit)
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            kind=kind, file_name=file_name or path.name, unit=unit, headers=analysis.headers,
            warnings=analysis.warnings, created_by=user,
        )  # fmt: skip
        rejected = list(analysis.rejected)
        imported = 0
        for row, target in analysis.records:
            try:
                with transaction.atomic():
                    _write(kind, row, target, user)
            except ValidationError as exc:
                rejected.append(RejectedRow(row.row_number, dict(row.raw), tuple(exc.messages)))
            else:
                imported += 1
        common.store(batch, imported=imported, rejected=rejected)
    return batch
