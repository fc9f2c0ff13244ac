"""766 scorecard, drill-down to the dossiers behind a number, and the dashboard with charts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.apps.core.measures import measuring_pass
from cchc.apps.core.params import id_param
from cchc.apps.org.access import Obj, check_unit, declare, require_capability
from cchc.apps.org.selectors import history_owners, unit_or_404

if TYPE_CHECKING:  # annotations only: the view reads units through org.selectors
    from cchc.apps.org.models import Unit, User
from cchc.domain.index766 import GROUPS

from .. import drill, exports, selectors
from ..forms import JudgingForm, ScorecardFilterForm, parse_vn_period, vn_period_label
from ..storage import one_store
from . import store_guard


@dataclass
class Selection:
    unit: Unit | None
    period: str  # store form: "2026-03", "2026-Q1", "2026", "2026-01-01..2026-03-31"
    by_procedure: bool

    @property
    def label(self) -> str:
        return vn_period_label(self.period)

    @property
    def trend_period(self) -> str:
        # A month alone makes no trend: show its year month by month.
        is_month = len(self.period) == 7 and self.period[4] == "-" and "Q" not in self.period
        return self.period[:4] if is_month else self.period


def default_period() -> str:
    return str(timezone.localdate().year)


def _selection(request: HttpRequest, form: ScorecardFilterForm) -> Selection:
    user: User = request.user  # type: ignore[assignment]
    unit, period, by_procedure = None, default_period(), False
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        period = form.cleaned_data["period"] or period
        by_procedure = form.cleaned_data["by_procedure"]
    elif "unit" in form.errors and (unit_id := id_param(request.GET, "unit")) is not None:
        # A unit outside the scope is refused (403), not silently replaced by another one.
        check_unit(user, unit_or_404(unit_id))
    else:
        unit = getattr(form, "cleaned_data", {}).get("unit")
    if unit is None and not selectors.is_org_wide(user):
        unit = user.unit  # a unit head sees their own unit's scorecard
    if unit is not None:
        check_unit(user, unit)
    return Selection(unit, period, by_procedure)


def _chart_data(
    trend: list[selectors.UnitCard],
    ranking: list[selectors.UnitCard],
    *,
    unit: Unit | None,
    period: str,
    query: str = "",
) -> dict[str, Any]:
    """The charts' series and, for each bar or point, the list behind it (dossiers-charts.js opens it on
    a click): a month's point or bar → that month's scorecard (of the unit shown), a unit's bar → that
    unit's scorecard for the period. ``query`` carries the page's cut-off choices along."""
    base = reverse("dossiers:scorecard")
    extra = f"&{query}" if query else ""

    def url(p: str, u: Unit | None) -> str:
        return f"{base}?{urlencode({'period': vn_period_label(p), 'unit': u.pk if u else ''})}{extra}"

    return {
        "month_urls": [url(c.period, unit) for c in trend],
        "unit_urls": [url(period, c.unit) for c in ranking],
        "months": [vn_period_label(c.period) for c in trend],
        "total": [c.total for c in trend],
        "groups": [
            {"code": code, "name": _(g.name), "data": [c.card.groups.get(code) or 0 for c in trend]}
            for code, g in GROUPS.items()
        ],
        "units": [c.unit.abbreviation if c.unit else "" for c in ranking],
        "unit_names": [c.unit.name if c.unit else "" for c in ranking],
        "unit_totals": [c.total for c in ranking],
    }


@declare("indicators.view", query={"unit": Obj("org.Unit", unit="")})
@login_required
@store_guard
def scorecard_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_capability(user, "indicators.view")
    form = ScorecardFilterForm(request.GET or None, user=user)
    sel = _selection(request, form)
    as_of, judge_open, params = form.judging()
    how: dict[str, Any] = {"as_of": as_of, "judge_open": judge_open, "params": params}
    how["mapped"] = form.mapped()  # onto today's tree unless asked (docs/org-history.md)
    org_wide = selectors.is_org_wide(user)
    # The page's scorecards share one open store and one reading of the units (a GET only reads).
    with one_store(), measuring_pass():
        overall, ranking = selectors.overview(user=user, period=sel.period, unit=sel.unit, **how)
        procedures = (
            selectors.unit_cards(
                user=user, period=sel.period, unit=sel.unit, per_unit=False, by_procedure=True, **how
            )
            if sel.by_procedure
            else []
        )
        trend = selectors.trend(user=user, unit=sel.unit, period=sel.trend_period, **how)
        unassigned = selectors.unassigned(user=user, period=sel.period) if sel.unit is None else []
    position = next((c for c in ranking if sel.unit and c.unit and c.unit.pk == sel.unit.pk), None)
    context = {
        "form": form,
        "sel": sel,
        "card": overall[0] if len(overall) == 1 else None,
        "ranking": ranking if sel.unit is None else [],
        "position": position,
        "units_ranked": len(ranking),
        "org_wide": org_wide,
        "procedures": sorted(procedures, key=lambda c: -c.late),
        "chart": _chart_data(
            trend, ranking, unit=sel.unit, period=sel.period, query=form.query().lstrip("&?")
        ),
        "unit_param": sel.unit.pk if sel.unit else "",
        "judging_query": form.query(),
        "unassigned": unassigned,
        "unassigned_total": sum(n for _c, n in unassigned),
        # the "as it was" choice only where a merger or a split moved some unit's history
        "history_moved": bool(history_owners()),
    }
    return render(request, "dossiers/scorecard.html", context)


@declare("indicators.view")
@login_required
@store_guard
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_capability(user, "indicators.view")
    unit = None if selectors.is_org_wide(user) else user.unit
    period = default_period()
    with one_store(), measuring_pass():  # one open store, one reading of the units (a GET only reads)
        overall, ranking = selectors.overview(user=user, period=period, unit=unit)
        trend = selectors.trend(user=user, unit=unit, period=period)
    context = {
        "card": overall[0] if overall else None,
        "unit": unit,
        "period": period,
        "chart": _chart_data(trend, ranking, unit=unit, period=period),
        "ranking": ranking,
        "last": trend[-1] if trend else None,
        "last_label": vn_period_label(trend[-1].period) if trend else "",
    }
    return render(request, "dossiers/dashboard.html", context)


@declare("dossiers.view", query={"unit": Obj("org.Unit", unit="")})
@login_required
@store_guard
def drilldown_view(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    require_capability(user, "dossiers.view")
    unit_id = id_param(request.GET, "unit")
    unit = unit_or_404(unit_id) if unit_id is not None else None
    if unit is None and not selectors.is_org_wide(user):
        unit = user.unit
    if unit is not None:
        check_unit(user, unit)
    try:
        period = (
            parse_vn_period(request.GET.get("period", "")) if request.GET.get("period") else default_period()
        )
    except ValidationError as exc:
        return render(request, "dossiers/busy.html", {"message": " ".join(exc.messages)}, status=400)
    only_late = request.GET.get("only_late", "1") != "0"
    indicator = request.GET.get("indicator", "").strip() or "2.1"
    procedure = request.GET.get("procedure", "").strip()
    try:
        subset = selectors.drill_subset(indicator, request.GET.get("subset", "").strip(), only_late)
    except ValidationError as exc:
        return render(request, "dossiers/busy.html", {"message": " ".join(exc.messages)}, status=400)
    judging = JudgingForm(request.GET)
    if not judging.is_valid():
        message = " ".join(str(e) for errors in judging.errors.values() for e in errors)
        return render(request, "dossiers/busy.html", {"message": message}, status=400)
    as_of, judge_open, params = judging.judging()
    lines = selectors.dossier_lines(
        user=user,
        unit=unit,
        period=period,
        indicator=indicator,
        subset=subset,
        procedure=procedure,
        as_of=as_of,
        judge_open=judge_open,
        params=params,
        mapped=judging.mapped(),
    )
    title = drill.title(indicator, subset) + f" — {unit.name if unit else _('toàn bộ')}"
    title += f" — {vn_period_label(period)}" + (f" — {procedure}" if procedure else "")
    columns = drill.columns(indicator)
    if request.GET.get("export") == "xlsx":
        return exports.dossiers_xlsx(lines=lines, title=title, columns=columns)
    page = Paginator(lines, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dossiers/drilldown.html",
        {
            "page": page,
            "rows": [(ln, [drill.cell_text(c, ln.row) for c in columns]) for ln in page],
            "columns": columns,
            "title": title,
            "indicator": indicator,
            "indicator_name": drill.indicator_name(indicator),
            "subset": subset,
            "note": drill.note(indicator),
            "procedures": len({(ln.row.unit, ln.row.procedure) for ln in lines})
            if drill.by_procedure(indicator)
            else None,
            "count": len(lines),
            "only_late": indicator == "2.1" and subset == "gap",
            "query": request.GET.urlencode(),
        },
    )
