"""Each 766 indicator counted from dossiers as a measured source (cchc.domain.measures): its ratio (%) over
a unit's subtree in a period, as the scorecard computes it. One source per indicator entry
(cchc.domain.index766_specs), listed when asked: an indicator added there is a source at once."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from cchc.domain import index766_specs
from cchc.domain.measures import Measurement, Source

PREFIX = "index766."


def _measure(indicator: str) -> Any:
    def measure(scope: Any, period: str) -> Measurement:
        from cchc.apps.core.measures import detail_url, shared

        from .forms import vn_period_label
        from .selectors import unit_cards

        # every indicator of one unit and period reads the same scorecard: counted once per measuring pass
        cards = shared(
            ("dossiers.unit_cards", None if scope is None else scope.pk, period),
            lambda: unit_cards(user=None, period=period, unit=scope, per_unit=False),
        )
        score = cards[0].card.indicators.get(indicator) if cards else None
        ratio = None if score is None or score.ratio is None else Decimal(str(score.ratio))
        return Measurement(
            value=ratio,
            unit="%",
            period=period,
            detail_url=detail_url(
                "dossiers:drilldown",
                indicator=indicator,
                subset="denominator",
                only_late=0,
                unit=scope.pk if scope is not None else None,
                period=vn_period_label(period),
            ),
            query_id=f"analytics.scorecard.scorecard#{indicator}",
            numerator=None if score is None else _int(score.numerator),
            denominator=None if score is None else _int(score.denominator),
        )

    return measure


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def sources() -> list[Source]:
    """One source per indicator counted from dossiers, in the entries' order (re-read on every call)."""
    return [
        Source(
            key=f"{PREFIX}{spec.id}",
            label=f"Chỉ số 766 {spec.id}",
            unit="%",
            measure=_measure(spec.id),
            module="dossiers",
        )
        for spec in index766_specs.dossier_specs()
    ]
