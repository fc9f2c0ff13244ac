"""How the drill-down of each 766 indicator is shown: the Vietnamese names of its dossier sets, the
export fields that decide it (extra columns of the page and the Excel file), the note and the title.

All of it comes from the indicator's entry (:mod:`cchc.domain.index766_specs`), translated here; which
dossiers are in a set is decided by the analytics (:data:`cchc.analytics.sql.INDICATOR_SETS`, the
conditions the counts use).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from cchc.analytics.indicators import DRILL_INDICATORS
from cchc.analytics.sql import SUBSETS
from cchc.domain import index766_specs as registry
from cchc.domain.errors import UserError
from cchc.domain.index766 import INDICATORS
from cchc.domain.numbers import format_vnd


def _rule(indicator: str) -> registry.FromDossiers:
    rule = next(s.dossiers for s in registry.dossier_specs() if s.id == indicator)
    assert rule is not None
    return rule


def subset_name(indicator: str, subset: str) -> str:
    """The Vietnamese name of the dossiers of ``indicator``'s ``subset`` (e.g. "hồ sơ trễ hạn")."""
    return _gettext(_rule(indicator).names[subset])


def note(indicator: str) -> str | None:
    """The remark shown under the title (3.5b counts procedures, 5.4 subtracts twice), if any."""
    text = _rule(indicator).note if indicator in DRILL_INDICATORS else ""
    return _gettext(text) if text else None


def by_procedure(indicator: str) -> bool:
    """Whether the indicator counts procedures (3.5b), not dossiers: the page also counts them."""
    return _rule(indicator).by_procedure


@dataclass(frozen=True)
class Column:
    attr: str  # a DrillRow field
    header: Promise | str
    kind: str  # yes/no, channel, paid, money, int


_MEETS = Column("meets", _("Đạt chỉ số"), "bool")


def columns(indicator: str) -> tuple[Column, ...]:
    """Extra columns of ``indicator``'s list: the fields deciding it, then whether the dossier meets it."""
    extra = tuple(Column(f.name, _(f.header), f.kind) for f in _rule(indicator).columns)
    return (*extra, _MEETS) if extra else ()


def _label(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "bool":
        return str(_("Có") if value else _("Không"))
    if kind == "channel":
        return str({1: _("Trực tiếp"), 2: _("Trực tuyến"), 3: _("Bưu chính công ích")}.get(value, value))
    if kind == "paid":
        return str({0: _("Không"), 1: _("Cổng DVCQG"), 2: _("Cổng DVC tỉnh")}.get(value, value))
    return value


def cell_text(column: Column, row: Any) -> str:
    """The cell as the page shows it ("—" when the export left it empty)."""
    value = _label(column.kind, getattr(row, column.attr))
    if value is None:
        return "—"
    if column.kind == "money":
        return format_vnd(Decimal(value))
    return str(value)


def cell_value(column: Column, row: Any) -> Any:
    """The cell for the Excel file: numbers stay numbers, codes become their Vietnamese names."""
    value = _label(column.kind, getattr(row, column.attr))
    if column.kind == "money" and value is not None:
        return int(Decimal(value))
    return value


def check(indicator: str, subset: str) -> None:
    """Raise UserError (Vietnamese) unless ``indicator`` is fed by dossiers and ``subset`` is a set."""
    if indicator not in DRILL_INDICATORS:
        known = ", ".join(DRILL_INDICATORS)
        raise UserError(
            str(_("Chỉ số “%(id)s” không tính từ hồ sơ; các chỉ số xem được danh sách hồ sơ: %(known)s."))
            % {"id": indicator, "known": known}
        )
    if subset not in SUBSETS:
        raise UserError(
            _("Tập hồ sơ “%(subset)s” không hợp lệ; chọn gap, numerator hoặc denominator.")
            % {"subset": subset}
        )


def title(indicator: str, subset: str) -> str:
    """ "Chỉ số 3.3 – hồ sơ chưa trực tuyến"."""
    return str(_("Chỉ số %(id)s – %(set)s")) % {"id": indicator, "set": subset_name(indicator, subset)}


def indicator_name(indicator: str) -> str:
    return str(_(INDICATORS[indicator].name))  # marked with gettext_noop in domain/index766_specs.py
