"""A confidence in [0, 1] for every extracted field; bands: low < LOW ≤ medium < HIGH ≤ high.

Placeholder thresholds; the scoring rules come with the extractor changes.
"""

from __future__ import annotations

LOW = 0.5
HIGH = 0.75
