"""PAR-index self-assessment (Chỉ số CCHC): criteria sets as data, scoring by rule, gap analysis.

Plain Python, no Django: :mod:`.criteria` (the set and its validating loader), :mod:`.scoring` (every rule
type, totals per field, the index with the survey's share), :mod:`.gaps` (points lost ranked, missing
evidence, what would win points back), :mod:`.table` (a province's XLSX table ↔ rows).
"""
