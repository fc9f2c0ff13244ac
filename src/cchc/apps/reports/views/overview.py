"""The director's overview: one page with every directive target (value vs target, trend, projection to the
deadline, state), the key figures of the modules and every registered measured figure. It is also the
leader's home page (ReportsConfig.home_page)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from cchc.apps.core import measures
from cchc.apps.core.params import id_param
from cchc.apps.org.access import declare, require_capability, visible_units
from cchc.apps.org.requests import AuthenticatedRequest
from cchc.domain.measures import span

from .. import measure_cache, selectors


@declare("reports.view")
@login_required
def overview(request: AuthenticatedRequest) -> HttpResponse:
    return overview_page(request)


def overview_page(request: AuthenticatedRequest, *, home: bool = False) -> HttpResponse:
    require_capability(request.user, "reports.view")
    with measures.measuring_pass():  # a GET reads only: the 766 indicators share one scorecard per window
        return _overview_page(request, home=home)


def _overview_page(request: AuthenticatedRequest, *, home: bool) -> HttpResponse:
    today = timezone.localdate()
    choices = selectors.period_choices(today)
    period = request.GET.get("period", "")
    if period not in {p for p, _label in choices}:
        period = choices[0][0]
    unit = selectors.chosen_scope(request.user, id_param(request.GET, "unit"))
    year = span(period).year
    groups = [
        {"title": selectors.group_title(prefix), "key": prefix, "figures": figs}
        for prefix, figs in selectors.figures(unit, period).items()
    ]
    try:
        task_list_url = reverse("directives:task_list")
    except NoReverseMatch:
        task_list_url = ""
    # The board (hundreds of targets) and the home cards are kept rendered per user, unit and day under
    # the data version (measure_cache): a write renews them; the page around them is rendered each time.
    lang = get_language() or ""
    scope_key = f"{request.user.pk}:{unit.pk if unit else 'all'}:{today.isoformat()}:{lang}"

    def board() -> tuple[str, list[int]]:
        blocks = selectors.target_board(user=request.user, unit=unit, today=today)
        html = render_to_string("reports/_board.html", {"blocks": blocks}, request=None)
        return html, _state_counts(blocks)

    board_html, state_counts = measure_cache.kept(f"board:{scope_key}", board)
    score = selectors.scorecard_trend(unit, year)
    e_signed = selectors.key_figure("documents.e_signed_share", unit, period, today)
    training = selectors.key_figure("people.digital_skills_share", unit, period, today)
    simplification = selectors.simplification(unit, period)
    context: dict[str, Any] = {
        "home": home,
        "period": period,
        "period_choices": choices,
        "unit": unit,
        "unit_choices": visible_units(request.user).order_by("path"),
        "groups": groups,
        "board_html": mark_safe(board_html),  # rendered by the template engine above (autoescaped)
        "late_by_unit": measure_cache.kept(
            f"late:{scope_key}", lambda: selectors.late_by_unit(user=request.user, unit=unit, today=today)
        ),
        "task_list_url": task_list_url,
        "score": score,
        "e_signed": e_signed,
        "training": training,
        "simplification": simplification,
        "par": selectors.par_status(unit, today.year),
        "today": today,
        "chart": _chart_data(state_counts, score, simplification, e_signed, training),
    }
    if home:
        from cchc.apps.core.selectors import home_widgets

        def widgets() -> str:
            return render_to_string("core/_widgets.html", {"widgets": home_widgets(user=request.user)})

        context["widgets_html"] = mark_safe(measure_cache.kept(f"widgets:{scope_key}", widgets))
    return render(request, "reports/overview.html", context)


def _state_counts(blocks: list[Any]) -> list[int]:
    rows = [r for b in blocks for r in b.rows]
    return [sum(1 for r in rows if r.state == s) for s in selectors.STATE_LABELS]


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _chart_data(
    state_counts: list[int], score: list[Any], simplification: list[Any], *shares: Any
) -> dict[str, Any]:
    """The charts' series (reports-overview.js); each bar or point carries the URL of the rows behind it."""
    return {
        "states": {
            "labels": [gettext(label) for label, _css in selectors.STATE_LABELS.values()],
            "data": state_counts,
        },
        "score": {
            "labels": [p.label for p in score],
            "data": [p.total for p in score],
            "urls": [p.url for p in score],
            "name": gettext("Tổng điểm Bộ chỉ số 766"),
        },
        "cuts": {
            "labels": [gettext(f.label) for f in simplification],
            "data": [_num(f.value) for f in simplification],
            "goals": [_num(f.goal) for f in simplification],
            "urls": [f.measurement.detail_url if f.measurement else "" for f in simplification],
            "name": gettext("Đã cắt giảm (%)"),
            "goal_name": gettext("Mục tiêu (%)"),
        },
        "shares": [
            {
                "key": f.key,
                "name": gettext(f.label),
                "labels": [t.period.text for t in f.trend or []],
                "data": [_num(t.value) for t in f.trend or []],
                "urls": [t.url for t in f.trend or []],
            }
            for f in shares
            if f is not None
        ],
    }
