"""The 766 indicators over the dossier store, one import for callers (CLI, selectors, tests, bench).

By purpose:

- :mod:`cchc.analytics.scoring`: counts → (numerator, denominator) per indicator → points
  (``ScoreRow``, ``ScoreBatch``, ``indicator_columns``, ``score_rows``);
- :mod:`cchc.analytics.scorecard`: the scorecard of a store (rollup cells or counts over the rows) and
  the raw counts on any executor (``scorecard``, ``count_rows``, ``duckdb_executor``);
- :mod:`cchc.analytics.drilldown`: the dossiers behind a number (``drilldown``, ``drill_query``,
  ``DrillRow``).

What each indicator counts is written once, in :mod:`cchc.domain.index766_specs`.
"""

from __future__ import annotations

from cchc.analytics.drilldown import (
    DRILL_INDICATORS,
    DrillRow,
    UnknownIndicator,
    drill_query,
    drill_rows,
    drilldown,
)
from cchc.analytics.scorecard import (
    ALL_TIME,
    Executor,
    count_query,
    count_rows,
    duckdb_executor,
    resolve,
    scorecard,
)
from cchc.analytics.scoring import (
    ScoreBatch,
    ScoreRow,
    indicator_columns,
    indicator_counts,
    score_columns,
    score_rows,
    scorecard_dict,
    summed_counts,
)

__all__ = [
    "ALL_TIME",
    "DRILL_INDICATORS",
    "DrillRow",
    "Executor",
    "ScoreBatch",
    "ScoreRow",
    "UnknownIndicator",
    "count_query",
    "count_rows",
    "drill_query",
    "drill_rows",
    "drilldown",
    "duckdb_executor",
    "indicator_columns",
    "indicator_counts",
    "resolve",
    "score_columns",
    "score_rows",
    "scorecard",
    "scorecard_dict",
    "summed_counts",
]
