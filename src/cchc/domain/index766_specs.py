"""Where a QĐ 766 indicator is defined: one :class:`IndicatorSpec` per indicator, in :data:`SPECS` below.

Everything else is derived from these entries (docs/architecture.md, "Thêm một chỉ số"):

- the scoring table (:func:`cchc.domain.index766.Index766Params.indicators`, ``INDICATORS``): id, name,
  group, maximum points, threshold, the denominator-0 rule;
- the counts SQL (:func:`cchc.analytics.sql.counts_sql`, the rollup tables): one column per distinct
  :class:`Count` of the numerators and denominators (in the order of :data:`COUNT_ORDER`), filtered by its condition;
- the mapping counts → (numerator, denominator) that the scoring receives
  (:func:`cchc.analytics.scoring.indicator_columns`);
- the drill-down: the denominator, numerator and gap sets (the very conditions the counts use), the
  dossier fields shown for the indicator (page, Excel file, API schema ``DossierOut``), the Vietnamese
  names of the sets and the note under the title (:mod:`cchc.apps.dossiers.drill`).

Conditions are SQL boolean expressions over the columns of the ``judged`` CTE of
:mod:`cchc.analytics.sql`: the dossier columns (:data:`cchc.domain.dossiers.FIELDS`) plus ``fin``
(finished before the cutoff), ``ok`` (on time) and ``no_paper`` (no paper result pending). They use only
what DuckDB, PostgreSQL and Spark share (docs/analytics.md); a condition reading ``fin`` or ``ok``
depends on the cutoff at which open dossiers are judged. The ``:dislike_rating`` placeholder is
:data:`DISLIKE_RATING`.

Plain Python (no Django): the labels are Vietnamese msgids marked with :func:`gettext_noop`, translated
where they are shown. Tests may add an indicator for a while with :func:`registered`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, overload

from .i18n import gettext_noop

ZeroRule = Literal["zero", "full", "none"]
Kind = Literal["bool", "channel", "paid", "money", "int", "text"]

DISLIKE_RATING = 2  # rating 1..5; ≤ 2 counts as "dislike" for 5.4 (threshold not in the sources)


@dataclass(frozen=True, slots=True)
class GroupDef:
    code: str
    name: str
    max_points: float


@dataclass(frozen=True, slots=True)
class Count:
    """One column of the counts SQL: the dossiers of a unit × period where ``condition`` holds.

    ``per_procedure``: the number of distinct procedures (per unit × period) having such a dossier
    instead (3.5b); its condition then reads only dossier columns (no ``fin``/``ok``/``no_paper``).
    """

    name: str
    condition: str
    per_procedure: bool = False

    @property
    def depends_on_cutoff(self) -> bool:
        return re.search(r"\b(fin|ok)\b", self.condition) is not None


@dataclass(frozen=True, slots=True)
class DrillField:
    """A dossier column shown in an indicator's drill-down (page, Excel, API)."""

    column: str  # column of the dossiers table (cchc.domain.dossiers.FIELDS)
    header: str  # Vietnamese msgid
    kind: Kind  # how the value is shown: yes/no, channel, payment portal, money, number…
    attr: str = ""  # attribute of DrillRow / field of the API, when not the column name

    @property
    def name(self) -> str:
        return self.attr or self.column


@dataclass(frozen=True, slots=True)
class FromDossiers:
    """How an indicator is counted from dossier records, and how its dossiers are listed.

    Numerator = ``numerator`` − Σ ``minus`` (5.4: on time − with complaint or dislike), over
    ``denominator``. The drill-down lists the dossiers meeting the denominator's condition, those also
    meeting the numerator's (and none of ``minus``), and the gap between them. A ``per_procedure``
    numerator/denominator (3.5b) counts procedures: the lists hold the dossiers of those procedures.
    ``scored_when_counted``: the indicator is scored only where its denominator is not 0 (1.4: only
    exports carrying the sync field).
    """

    numerator: Count
    denominator: Count
    names: Mapping[str, str]  # subset (denominator, numerator, gap) → Vietnamese name of its dossiers
    columns: tuple[DrillField, ...] = ()  # the fields deciding it, shown after the common ones
    minus: tuple[Count, ...] = ()
    scored_when_counted: bool = False
    note: str = ""  # shown under the drill-down title
    # A choice the sources do not settle: the denominator when dossiers not finished at the cut-off count
    # too (4.1: every dossier requiring a paper result, not only the finished ones). Used when the
    # scorecard option ``Index766Params.unfinished_in_denominator`` names the indicator; the default is
    # ``denominator``.
    denominator_with_unfinished: Count | None = None

    @property
    def by_procedure(self) -> bool:
        return self.numerator.per_procedure

    @property
    def numerator_condition(self) -> str:
        """The numerator as a condition on one dossier (the drill-down's numerator set)."""
        cond = self.numerator.condition
        if not self.minus:
            return cond
        return f"({cond})" + "".join(f" AND NOT COALESCE(({m.condition}), FALSE)" for m in self.minus)


@dataclass(frozen=True, slots=True)
class IndicatorSpec:
    id: str
    name: str
    group: str
    pmax: float
    threshold: float = 100.0  # T in %, the ratio at which full points are reached
    zero_denominator: ZeroRule = "zero"  # points when the denominator is 0: 0, Pmax, or not scored
    dossiers: FromDossiers | None = None  # None: points come from elsewhere (points_given)
    # The ratio is multiplied by this indicator's rate when it is known (S1.1: 3.3 × the sync rate 1.4;
    # Index766Params.apply_sync_rate_to_3_3 turns it off).
    multiplied_by: str | None = None


# --- counts shared by several indicators ----------------------------------------------------------
RECEIVED = Count("received", "TRUE")
SYNCED_KNOWN = Count("synced_known", "synced IS NOT NULL")
SYNCED = Count("synced", "synced")
ON_TIME = Count("on_time", "ok")
FINISHED = Count("finished", "fin")
ONLINE = Count("online", "channel = 2 AND no_paper")
FEE_DOSSIERS = Count("fee_dossiers", "fee_amount > 0")
PAID_DOSSIERS = Count("paid_dossiers", "fee_amount > 0 AND paid_online IN (1, 2)")
FEE_PROCEDURES = Count("fee_procedures", FEE_DOSSIERS.condition, per_procedure=True)
PAID_PROCEDURES = Count("paid_procedures", PAID_DOSSIERS.condition, per_procedure=True)
RESULT_REQUIRED = Count("result_required", "fin AND result_required")
E_RESULT = Count("e_result", "fin AND result_required AND e_result")
RESULT_REQUIRED_ALL = Count("result_required_all", "result_required")  # 4.1 with unfinished dossiers
DIGITISED = Count("digitised", "attachments_digitised AND no_paper")
REUSED = Count("reused", "reused_data")
SHARED = Count("shared", "from_data_warehouse OR e_result")
POPULATION = Count("population", "population_data")
COMPLAINTS = Count("complaints", "complaint OR rating <= :dislike_rating")

# The column order of the counts SQL and the rollup tables; a new indicator's own counts come after these.
# ``finished`` is read by no indicator: it is shown with the counts (JSON of the CLI and the API).
COUNT_ORDER: tuple[Count, ...] = (
    RECEIVED, SYNCED_KNOWN, SYNCED, ON_TIME, FINISHED, ONLINE, FEE_DOSSIERS, PAID_DOSSIERS, FEE_PROCEDURES,
    PAID_PROCEDURES, RESULT_REQUIRED, E_RESULT, DIGITISED, REUSED, SHARED, POPULATION, COMPLAINTS,
    RESULT_REQUIRED_ALL,
)  # fmt: skip

# --- labels shared by several drill-downs ---------------------------------------------------------
_N_RECEIVED = gettext_noop("hồ sơ tiếp nhận")
_N_FEE = gettext_noop("hồ sơ có phí, lệ phí")
_N_PAID = gettext_noop("hồ sơ đã thanh toán trực tuyến")
_RESULT = (
    DrillField("result_required", gettext_noop("Yêu cầu trả kết quả giấy"), "bool"),
    DrillField("e_result", gettext_noop("Có kết quả điện tử"), "bool"),
)
_PAYMENT = (
    DrillField("fee_amount", gettext_noop("Phí, lệ phí"), "money"),
    DrillField("paid_online", gettext_noop("Thanh toán trực tuyến"), "paid"),
)


def _names(denominator: str, numerator: str, gap: str) -> dict[str, str]:
    return {"denominator": denominator, "numerator": numerator, "gap": gap}


GROUPS_DEFINED: tuple[GroupDef, ...] = (
    GroupDef("CKMB", gettext_noop("Công khai, minh bạch"), 18),
    GroupDef("TDGQ", gettext_noop("Tiến độ, kết quả giải quyết"), 20),
    GroupDef("ONLINE", gettext_noop("Dịch vụ công trực tuyến"), 12),
    GroupDef("TTTT", gettext_noop("Thanh toán trực tuyến"), 10),
    GroupDef("MDHL", gettext_noop("Mức độ hài lòng"), 18),
    GroupDef("MDSH", gettext_noop("Số hóa hồ sơ"), 22),
)

S = IndicatorSpec
D = FromDossiers
SPECS: tuple[IndicatorSpec, ...] = (
    S("1.1", gettext_noop("Tỷ lệ TTHC công bố đúng hạn"), "CKMB", 6),
    S("1.2", gettext_noop("Tỷ lệ TTHC được cập nhật, công khai đúng hạn"), "CKMB", 4),
    S("1.3", gettext_noop("Tỷ lệ TTHC công khai đầy đủ bộ phận tạo thành"), "CKMB", 2),
    S("1.4", gettext_noop("Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG"), "CKMB", 6, dossiers=D(
        SYNCED, SYNCED_KNOWN, scored_when_counted=True,  # only when the export carries the sync field
        names=_names(gettext_noop("hồ sơ có thông tin đồng bộ"), gettext_noop("hồ sơ đã đồng bộ lên Cổng DVCQG"),
                     gettext_noop("hồ sơ chưa đồng bộ lên Cổng DVCQG")),
        columns=(DrillField("synced", gettext_noop("Đã đồng bộ DVCQG"), "bool"),),
    )),
    S("2.1", gettext_noop("Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"), "TDGQ", 20, dossiers=D(
        ON_TIME, RECEIVED,
        names=_names(_N_RECEIVED, gettext_noop("hồ sơ giải quyết trước hạn, đúng hạn"), gettext_noop("hồ sơ trễ hạn")),
        columns=(),  # the common columns (due date, end, delay in working days) are 2.1's
    )),
    S("3.1", gettext_noop("Tỷ lệ TTHC cung cấp DVCTT"), "ONLINE", 0, 80),
    S("3.3", gettext_noop("Tỷ lệ hồ sơ trực tuyến"), "ONLINE", 0, 50, multiplied_by="1.4", dossiers=D(
        ONLINE, RECEIVED,
        names=_names(_N_RECEIVED, gettext_noop("hồ sơ trực tuyến"), gettext_noop("hồ sơ chưa trực tuyến")),
        columns=(DrillField("channel", gettext_noop("Kênh thực hiện"), "channel"), *_RESULT),
    )),
    S("3.4", gettext_noop("Hồ sơ DVCTT toàn trình / hồ sơ TTHC đủ điều kiện toàn trình"), "ONLINE", 0),
    S("3.5a", gettext_noop("TTHC có nghĩa vụ tài chính được tích hợp thanh toán"), "TTTT", 2, 80),
    S("3.5b", gettext_noop("TTHC có giao dịch thanh toán trực tuyến"), "TTTT", 2, 80, dossiers=D(
        PAID_PROCEDURES, FEE_PROCEDURES,
        names=_names(_N_FEE, _N_PAID, gettext_noop("hồ sơ của TTHC chưa có giao dịch thanh toán trực tuyến")),
        columns=_PAYMENT,
        note=gettext_noop(
            "Chỉ số 3.5b đếm thủ tục hành chính: tử số, mẫu số là số TTHC khác nhau (theo từng mã đơn vị) "
            "của các hồ sơ trong danh sách."
        ),
    )),
    S("3.6", gettext_noop("Tỷ lệ hồ sơ thanh toán trực tuyến"), "TTTT", 6, dossiers=D(
        PAID_DOSSIERS, FEE_DOSSIERS,
        names=_names(_N_FEE, _N_PAID, gettext_noop("hồ sơ chưa thanh toán trực tuyến")),
        columns=_PAYMENT,
    )),
    S("4.1", gettext_noop("Tỷ lệ hồ sơ có cấp kết quả điện tử"), "MDSH", 6, dossiers=D(
        E_RESULT, RESULT_REQUIRED,
        names=_names(gettext_noop("hồ sơ đã giải quyết có yêu cầu trả kết quả giấy"),
                     gettext_noop("hồ sơ có kết quả điện tử"), gettext_noop("hồ sơ chưa có kết quả điện tử")),
        columns=_RESULT[1:],
        denominator_with_unfinished=RESULT_REQUIRED_ALL,
    )),
    S("4.2", gettext_noop("Tỷ lệ hồ sơ thực hiện số hóa"), "MDSH", 4, 80, dossiers=D(
        DIGITISED, RECEIVED,
        names=_names(_N_RECEIVED, gettext_noop("hồ sơ đã số hóa"), gettext_noop("hồ sơ chưa số hóa")),
        columns=(
            DrillField("attachments_digitised", gettext_noop("Số hóa thành phần hồ sơ"), "bool", "digitised"),
            *_RESULT,
        ),
    )),
    S("4.3", gettext_noop("Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa"), "MDSH", 2, 80, dossiers=D(
        REUSED, RECEIVED,
        names=_names(_N_RECEIVED, gettext_noop("hồ sơ tái sử dụng dữ liệu số hóa"),
                     gettext_noop("hồ sơ chưa tái sử dụng dữ liệu số hóa")),
        columns=(DrillField("reused_data", gettext_noop("Tái sử dụng dữ liệu số hóa"), "bool"),),
    )),
    S("4.4", gettext_noop("Hồ sơ số hóa kết nối, chia sẻ để tái sử dụng"), "MDSH", 4, dossiers=D(
        SHARED, RECEIVED,
        names=_names(_N_RECEIVED, gettext_noop("hồ sơ dùng dữ liệu kết nối, chia sẻ"),
                     gettext_noop("hồ sơ chưa dùng dữ liệu kết nối, chia sẻ")),
        columns=(DrillField("from_data_warehouse", gettext_noop("Lấy từ kho dữ liệu"), "bool"), _RESULT[1]),
    )),
    S("4.5a", gettext_noop("Tỷ lệ TTHC kết nối, chia sẻ dữ liệu dân cư"), "MDSH", 2),
    S("4.5b", gettext_noop("Tỷ lệ hồ sơ sử dụng dữ liệu CSDLQG dân cư"), "MDSH", 2, dossiers=D(
        POPULATION, RECEIVED,
        names=_names(_N_RECEIVED, gettext_noop("hồ sơ sử dụng dữ liệu dân cư"),
                     gettext_noop("hồ sơ chưa sử dụng dữ liệu dân cư")),
        columns=(DrillField("population_data", gettext_noop("Dùng dữ liệu dân cư/VNeID"), "bool"),),
    )),
    S("4.6", gettext_noop("Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính"), "MDSH", 2),
    S("5.2", gettext_noop("Tiến độ xử lý PAKN"), "MDHL", 6, zero_denominator="full"),
    S("5.3", gettext_noop("Tỷ lệ hài lòng trong xử lý PAKN"), "MDHL", 6, zero_denominator="full"),
    # 5.4 scores received − late − complaints (100 % − late rate − complaint rate): the dossiers meeting
    # it are on time without complaint or dislike; the gap is late or complaint/dislike (a late dossier
    # with a complaint is subtracted twice by the rule but listed once).
    S("5.4", gettext_noop("Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC"), "MDHL", 6, 90, dossiers=D(
        ON_TIME, RECEIVED, minus=(COMPLAINTS,),
        names=_names(_N_RECEIVED, gettext_noop("hồ sơ đúng hạn, không có phản ánh hay đánh giá không hài lòng"),
                     gettext_noop("hồ sơ trễ hạn hoặc có phản ánh, đánh giá không hài lòng")),
        columns=(
            DrillField("complaint", gettext_noop("Có phản ánh, kiến nghị"), "bool"),
            DrillField("rating", gettext_noop("Đánh giá"), "int"),
        ),
        note=gettext_noop(
            "Chỉ số 5.4 lấy 100 % trừ tỷ lệ trễ hạn và tỷ lệ có phản ánh hoặc đánh giá không hài lòng: "
            "hồ sơ vừa trễ hạn vừa có phản ánh bị trừ hai lần nhưng chỉ có một dòng ở đây."
        ),
    )),
)  # fmt: skip
del S, D


# --- the registry: the entries above, plus what a test registers for a while ----------------------
class _Registry:
    def __init__(self) -> None:
        self.specs: dict[str, IndicatorSpec] = {s.id: s for s in SPECS}
        self.groups: dict[str, GroupDef] = {g.code: g for g in GROUPS_DEFINED}
        self.version = 0


_REGISTRY = _Registry()


def version() -> int:
    """Changes whenever the registry does (derived values are cached per version)."""
    return _REGISTRY.version


def specs() -> tuple[IndicatorSpec, ...]:
    return tuple(_REGISTRY.specs.values())


def groups() -> dict[str, GroupDef]:
    return dict(_REGISTRY.groups)


@contextmanager
def registered(*new: IndicatorSpec, new_groups: Sequence[GroupDef] = ()) -> Iterator[None]:
    """Add indicators (and groups) for the duration of the block: what a new entry of :data:`SPECS`
    would do, for tests. Everything derived follows (:class:`Derived` values are rebuilt)."""
    reg = _REGISTRY
    clash = [s.id for s in new if s.id in reg.specs] + [g.code for g in new_groups if g.code in reg.groups]
    if clash:
        raise ValueError(f"Đã có chỉ số hoặc nhóm: {', '.join(clash)}")
    try:
        reg.groups.update({g.code: g for g in new_groups})
        reg.specs.update({s.id: s for s in new})
        reg.version += 1
        check(specs(), reg.groups)
        yield
    finally:
        for s in new:
            reg.specs.pop(s.id, None)
        for g in new_groups:
            reg.groups.pop(g.code, None)
        reg.version += 1


def check(entries: Sequence[IndicatorSpec], known_groups: Mapping[str, GroupDef]) -> None:
    """Refuse entries that would derive contradictory SQL: unknown group, or one count name used with
    two conditions."""
    seen: dict[str, Count] = {c.name: c for c in COUNT_ORDER}
    for s in entries:
        if s.group not in known_groups:
            raise ValueError(f"Chỉ số {s.id}: không có nhóm {s.group}")
        if s.multiplied_by is not None and s.multiplied_by not in {e.id for e in entries}:
            raise ValueError(f"Chỉ số {s.id}: nhân với tỷ lệ của chỉ số {s.multiplied_by} không có")
        if s.dossiers is None:
            continue
        alt = s.dossiers.denominator_with_unfinished
        for c in (s.dossiers.numerator, s.dossiers.denominator, *s.dossiers.minus, *([alt] if alt else [])):
            if seen.setdefault(c.name, c) != c:
                raise ValueError(f"Chỉ số {s.id}: số đếm {c.name} đã có với điều kiện khác")
        if s.dossiers.numerator.per_procedure != s.dossiers.denominator.per_procedure:
            raise ValueError(f"Chỉ số {s.id}: tử số và mẫu số phải cùng đếm hồ sơ hoặc cùng đếm TTHC")


check(SPECS, _REGISTRY.groups)


def counts() -> tuple[Count, ...]:
    """Every count of the counts SQL, in column order: :data:`COUNT_ORDER`, then the new ones."""
    out = {c.name: c for c in COUNT_ORDER}
    for s in specs():
        if s.dossiers is not None:
            alt = s.dossiers.denominator_with_unfinished
            for c in (
                s.dossiers.numerator,
                s.dossiers.denominator,
                *s.dossiers.minus,
                *([alt] if alt else []),
            ):
                out.setdefault(c.name, c)
    return tuple(out.values())


def dossier_specs() -> tuple[IndicatorSpec, ...]:
    """The indicators counted from dossiers (they have a drill-down), in registry order."""
    return tuple(s for s in specs() if s.dossiers is not None)


def drill_fields() -> tuple[DrillField, ...]:
    """Every dossier field some drill-down shows, once, in order of first use."""
    out: dict[str, DrillField] = {}
    for s in dossier_specs():
        assert s.dossiers is not None
        for f in s.dossiers.columns:
            out.setdefault(f.name, f)
    return tuple(out.values())


# --- values derived from the registry, rebuilt when it changes ------------------------------------
T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")


class _Cached(Generic[T]):
    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._version = -1
        self._value: T | None = None

    def get(self) -> T:
        if self._version != _REGISTRY.version:
            self._value, self._version = self._build(), _REGISTRY.version
        return self._value  # type: ignore[return-value]


class DerivedSequence(Sequence[T]):
    """A tuple computed from the registry (module constants such as ``COUNT_COLUMNS`` are these)."""

    def __init__(self, build: Callable[[], Sequence[T]]) -> None:
        self._cached = _Cached(lambda: tuple(build()))

    @overload
    def __getitem__(self, i: int) -> T: ...
    @overload
    def __getitem__(self, i: slice) -> tuple[T, ...]: ...
    def __getitem__(self, i: int | slice) -> Any:
        return self._cached.get()[i]

    def __len__(self) -> int:
        return len(self._cached.get())

    def __iter__(self) -> Iterator[T]:
        return iter(self._cached.get())

    def __contains__(self, value: object) -> bool:
        return value in self._cached.get()

    def __eq__(self, other: object) -> bool:
        return tuple(self) == (tuple(other) if isinstance(other, Sequence) else other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._cached.get())


class DerivedMapping(Mapping[K, V]):
    """A dict computed from the registry (``INDICATORS``, ``GROUPS``, ``COUNT_CONDITIONS`` …)."""

    def __init__(self, build: Callable[[], Mapping[K, V]]) -> None:
        self._cached = _Cached(lambda: dict(build()))

    def current(self) -> dict[K, V]:
        """The plain dict for the registry as it is now (fast lookups in a loop)."""
        return self._cached.get()

    def __getitem__(self, key: K) -> V:
        return self._cached.get()[key]

    def __len__(self) -> int:
        return len(self._cached.get())

    def __iter__(self) -> Iterator[K]:
        return iter(self._cached.get())

    def __contains__(self, key: object) -> bool:
        return key in self._cached.get()

    def __repr__(self) -> str:
        return repr(self._cached.get())


def derived(build: Callable[[], T]) -> Callable[[], T]:
    """``build()`` cached until the registry changes (for derived values that are not plain containers)."""
    return _Cached(build).get


__all__ = [
    "COUNT_ORDER",
    "DISLIKE_RATING",
    "SPECS",
    "Count",
    "DerivedMapping",
    "DerivedSequence",
    "DrillField",
    "FromDossiers",
    "GroupDef",
    "IndicatorSpec",
    "counts",
    "derived",
    "dossier_specs",
    "drill_fields",
    "gettext_noop",
    "groups",
    "registered",
    "specs",
    "version",
]
