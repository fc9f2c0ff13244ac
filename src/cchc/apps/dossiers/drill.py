"""What the drill-down of each 766 indicator shows: the Vietnamese names of its dossier sets, the
export fields that decide it (extra columns of the page and the Excel file) and the page title.

Which dossiers are in a set is decided by the analytics (:data:`cchc.analytics.sql.INDICATOR_SETS`,
the conditions the counts use); this module only names and displays them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cchc.analytics.indicators import DRILL_INDICATORS
from cchc.analytics.sql import SUBSETS
from cchc.domain.errors import UserError
from cchc.domain.index766 import INDICATORS
from cchc.domain.numbers import format_vnd

_RECEIVED = _("hồ sơ tiếp nhận")
_FEE = _("hồ sơ có phí, lệ phí")
_PAID = _("hồ sơ đã thanh toán trực tuyến")

# indicator → {subset: name of the dossiers in it}; gap = in the denominator, not in the numerator.
SUBSET_NAMES: dict[str, dict[str, Promise]] = {
    "1.4": {
        "denominator": _("hồ sơ có thông tin đồng bộ"),
        "numerator": _("hồ sơ đã đồng bộ lên Cổng DVCQG"),
        "gap": _("hồ sơ chưa đồng bộ lên Cổng DVCQG"),
    },
    "2.1": {
        "denominator": _RECEIVED,
        "numerator": _("hồ sơ giải quyết trước hạn, đúng hạn"),
        "gap": _("hồ sơ trễ hạn"),
    },
    "3.3": {
        "denominator": _RECEIVED,
        "numerator": _("hồ sơ trực tuyến"),
        "gap": _("hồ sơ chưa trực tuyến"),
    },
    "3.5b": {
        "denominator": _FEE,
        "numerator": _PAID,
        "gap": _("hồ sơ của TTHC chưa có giao dịch thanh toán trực tuyến"),
    },
    "3.6": {"denominator": _FEE, "numerator": _PAID, "gap": _("hồ sơ chưa thanh toán trực tuyến")},
    "4.1": {
        "denominator": _("hồ sơ đã giải quyết có yêu cầu trả kết quả giấy"),
        "numerator": _("hồ sơ có kết quả điện tử"),
        "gap": _("hồ sơ chưa có kết quả điện tử"),
    },
    "4.2": {"denominator": _RECEIVED, "numerator": _("hồ sơ đã số hóa"), "gap": _("hồ sơ chưa số hóa")},
    "4.3": {
        "denominator": _RECEIVED,
        "numerator": _("hồ sơ tái sử dụng dữ liệu số hóa"),
        "gap": _("hồ sơ chưa tái sử dụng dữ liệu số hóa"),
    },
    "4.4": {
        "denominator": _RECEIVED,
        "numerator": _("hồ sơ dùng dữ liệu kết nối, chia sẻ"),
        "gap": _("hồ sơ chưa dùng dữ liệu kết nối, chia sẻ"),
    },
    "4.5b": {
        "denominator": _RECEIVED,
        "numerator": _("hồ sơ sử dụng dữ liệu dân cư"),
        "gap": _("hồ sơ chưa sử dụng dữ liệu dân cư"),
    },
    "5.4": {
        "denominator": _RECEIVED,
        "numerator": _("hồ sơ đúng hạn, không có phản ánh hay đánh giá không hài lòng"),
        "gap": _("hồ sơ trễ hạn hoặc có phản ánh, đánh giá không hài lòng"),
    },
}

NOTES: dict[str, Promise] = {
    "3.5b": _(
        "Chỉ số 3.5b đếm thủ tục hành chính: tử số, mẫu số là số TTHC khác nhau (theo từng mã đơn vị) "
        "của các hồ sơ trong danh sách."
    ),
    "5.4": _(
        "Chỉ số 5.4 lấy 100 % trừ tỷ lệ trễ hạn và tỷ lệ có phản ánh hoặc đánh giá không hài lòng: "
        "hồ sơ vừa trễ hạn vừa có phản ánh bị trừ hai lần nhưng chỉ có một dòng ở đây."
    ),
}


@dataclass(frozen=True)
class Column:
    attr: str  # a DrillRow field
    header: Promise
    kind: str  # yes/no, channel, paid, money, int


_MEETS = Column("meets", _("Đạt chỉ số"), "bool")
_RESULT = (
    Column("result_required", _("Yêu cầu trả kết quả giấy"), "bool"),
    Column("e_result", _("Có kết quả điện tử"), "bool"),
)
_PAYMENT = (
    Column("fee_amount", _("Phí, lệ phí"), "money"),
    Column("paid_online", _("Thanh toán trực tuyến"), "paid"),
)
COLUMNS: dict[str, tuple[Column, ...]] = {
    "1.4": (Column("synced", _("Đã đồng bộ DVCQG"), "bool"),),
    "2.1": (),  # the common columns (due date, end, delay in working days) are 2.1's
    "3.3": (Column("channel", _("Kênh thực hiện"), "channel"), *_RESULT),
    "3.5b": _PAYMENT,
    "3.6": _PAYMENT,
    "4.1": _RESULT[1:],
    "4.2": (Column("digitised", _("Số hóa thành phần hồ sơ"), "bool"), *_RESULT),
    "4.3": (Column("reused_data", _("Tái sử dụng dữ liệu số hóa"), "bool"),),
    "4.4": (Column("from_data_warehouse", _("Lấy từ kho dữ liệu"), "bool"), _RESULT[1]),
    "4.5b": (Column("population_data", _("Dùng dữ liệu dân cư/VNeID"), "bool"),),
    "5.4": (
        Column("complaint", _("Có phản ánh, kiến nghị"), "bool"),
        Column("rating", _("Đánh giá"), "int"),
    ),
}


def columns(indicator: str) -> tuple[Column, ...]:
    """Extra columns of ``indicator``'s list: the fields deciding it, then whether the dossier meets it."""
    extra = COLUMNS[indicator]
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
    return str(_("Chỉ số %(id)s – %(set)s")) % {"id": indicator, "set": SUBSET_NAMES[indicator][subset]}


def indicator_name(indicator: str) -> str:
    return INDICATORS[indicator].name
