"""Procedures (TTHC) domain core: catalogue, import parsing, compliance cost (SCM, TT 02/2017),
simplification plans and target checks, exports. Plain Python; the Django app wraps it.

Entry points a service calls: :func:`parse_table` / :func:`parse_catalogue` / :func:`parse_cost_cases`
/ :func:`parse_fee_rules` / :func:`parse_full_cost`, :func:`compliance_cost` / :func:`simplified_cost`,
:func:`plan_from_cost_case`, :func:`plan_summary`, and the writers in :mod:`.exports`.
"""
