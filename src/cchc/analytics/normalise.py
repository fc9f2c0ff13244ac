"""Vectorised normalisation of raw (all-text) rows in DuckDB SQL, built from the domain vocabularies.

One SELECT turns the raw rows into canonical typed columns plus a ``reason`` text
(Vietnamese, '' when the row is valid). No Python runs per row.
"""

from __future__ import annotations

from collections.abc import Mapping

from cchc.domain.dossiers import (
    COMMA_DECIMAL,
    DATE_FORMATS,
    DATE_FORMATS_ISO_DAY,
    DATE_ONLY,
    DECIMAL_SQL,
    END_OF_DAY,
    END_OF_DAY_FIELDS,
    FALSE_WORDS,
    FIELD_BY_NAME,
    FIELDS,
    INPUT_FIELDS,
    INTEGER_SQL,
    NUMBER_NOISE,
    STATUS_WORDS,
    TRUE_WORDS,
    VN_NUMBER,
    FieldSpec,
)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list(words: object) -> str:
    """A SQL list literal. Membership is tested with ``list_contains``: DuckDB rewrites an ``IN`` of many
    constants into a join that evaluates its left side on every row, even inside a CASE branch that
    almost no row reaches (the slow rule behind a fast path)."""
    return "[" + ", ".join(lit(w) for w in sorted(words)) + "]"  # type: ignore[call-overload]


def _one_of(v: str, words: object) -> str:
    """``v`` equals one of a few ``words`` (a chain of comparisons, the cheapest test for two or three)."""
    return "(" + " OR ".join(f"{v} = {lit(w)}" for w in words) + ")"  # type: ignore[attr-defined]


_FORMATS = (
    "[" + ", ".join(lit(f) for f in (*DATE_FORMATS, "%Y-%m-%d %H:%M:%S.%f", *DATE_FORMATS_ISO_DAY)) + "]"
)
_OFFSET = lit(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def _let(value: str, body: str) -> str:
    """``body`` with ``x`` bound to ``value``, computed once (a one-element list and a lambda).

    A rule that reads a derived value several times must not spell it out several times: DuckDB's
    common-subexpression pass moves a repeated expression into a projection of its own, computed for
    every row, even when it stands in a CASE branch that almost no row reaches (the full rule behind a
    fast path). Bound here, it runs only for the rows that reach it."""
    return f"list_transform([{value}], lambda x: {body})[1]"


def _number(v: str) -> str:
    """The SQL of :func:`cchc.domain.dossiers.parse_number`, from the same constants."""
    return _let(
        f"regexp_replace({v}, {lit(NUMBER_NOISE)}, '', 'g')",
        f"CASE WHEN regexp_full_match(x, {lit(VN_NUMBER.pattern[1:-1])}) "
        f"THEN TRY_CAST(replace(replace(x, '.', ''), ',', '.') AS {DECIMAL_SQL}) "
        f"WHEN regexp_full_match(x, {lit(COMMA_DECIMAL.pattern[1:-1])}) "
        f"THEN TRY_CAST(replace(x, ',', '.') AS {DECIMAL_SQL}) "
        f"ELSE TRY_CAST(x AS {DECIMAL_SQL}) END",
    )


def _bool(v: str) -> str:
    """The SQL of :func:`cchc.domain.dossiers.parse_bool` (:func:`~cchc.domain.dossiers.flag_word`)."""
    return _let(
        f"lower(nfc_normalize({v}))",
        f"CASE WHEN list_contains({_list(TRUE_WORDS)}, x) THEN TRUE "
        f"WHEN list_contains({_list(FALSE_WORDS)}, x) THEN FALSE END",
    )


def _canonical_int(v: str, sql_type: str) -> str:
    """TRY_CAST(v) when ``v`` is exactly the canonical text of a non-negative integer ("0", "12"), else NULL.

    Only digits, no leading zero, short enough for the type: for such text every slower rule gives the
    same value, and anything else ("007", "16.000", "1e3", "2,5", "-5") takes the full rule.
    """
    more = 8 if sql_type == "INTEGER" else 17
    return (
        f"(CASE WHEN regexp_full_match({v}, '0|[1-9][0-9]{{0,{more}}}') THEN TRY_CAST({v} AS {sql_type}) END)"
    )


# The spellings exports use most, matched exactly before lower-casing (lower() is costly on Vietnamese
# text); each one lowers to a word of the vocabulary, so the result is the same as the full rule.
_TRUE_FAST = ("Có", "1", "x")
_FALSE_FAST = ("Không", "0")
assert all(w.lower() in TRUE_WORDS for w in _TRUE_FAST) and all(w.lower() in FALSE_WORDS for w in _FALSE_FAST)


def fast_expr(spec: FieldSpec, v: str) -> str | None:
    """SQL giving the typed value of ``v`` in one of the common spellings (dd/mm/yyyy HH:MM:SS, plain
    integers, Có/Không, channel 1–3), else NULL; None for a kind without such a shortcut. Exact: where it
    gives a value, the full rule gives the same (tests/domain/test_dossier_rules.py)."""
    match spec.kind:
        case "datetime":
            return f"try_strptime({v}, {lit(DATE_FORMATS[0])})"
        case "number" | "fee":
            return f"TRY_CAST({_canonical_int(v, 'BIGINT')} AS {DECIMAL_SQL})"
        case "int":
            return _canonical_int(v, "INTEGER")
        case "channel":
            return f"(CASE {v} WHEN '1' THEN 1 WHEN '2' THEN 2 WHEN '3' THEN 3 END)"
        case "paid":
            return f"(CASE {v} WHEN '0' THEN 0 WHEN '1' THEN 1 WHEN '2' THEN 2 END)"
        case "bool":
            return f"(CASE WHEN {_one_of(v, _TRUE_FAST)} THEN TRUE WHEN {_one_of(v, _FALSE_FAST)} THEN FALSE END)"
    return None


def value_expr(spec: FieldSpec, v: str, *, fast: bool = True) -> str:
    """SQL giving the typed value of trimmed text ``v`` (NULL when empty or invalid).

    ``fast`` puts :func:`fast_expr` in front of the full rule; tests/domain/test_dossier_rules.py checks
    both give the same values.
    """
    full = _value_expr_full(spec, v)
    shortcut = fast_expr(spec, v) if fast else None
    return f"COALESCE({shortcut}, {full})" if shortcut else full


def _value_expr_full(spec: FieldSpec, v: str) -> str:
    match spec.kind:
        case "text":
            return v
        case "datetime":
            return (
                f"(CASE WHEN regexp_full_match({v}, {_OFFSET}) "
                f"THEN timezone('Asia/Ho_Chi_Minh', TRY_CAST(replace({v}, 'Z', '+00:00') AS TIMESTAMPTZ)) "
                f"ELSE try_strptime({v}, {_FORMATS}) END)"
            )
        case "number":
            return _number(v)
        case "fee":  # an amount, else a flag: Có = 1, Không = 0
            return f"COALESCE({_number(v)}, CAST(CAST({_bool(v)} AS INTEGER) AS {DECIMAL_SQL}))"
        case "int" | "channel":
            whole = f"CASE WHEN x = trunc(x) THEN TRY_CAST(x AS {INTEGER_SQL}) END"
            cast = _let(_number(v), whole)
            return _let(cast, "CASE WHEN x IN (1, 2, 3) THEN x END") if spec.kind == "channel" else cast
        case "bool":
            return _bool(v)
        case "paid":
            return f"(CASE {v} WHEN '0' THEN 0 WHEN '1' THEN 1 WHEN '2' THEN 2 ELSE CAST({_bool(v)} AS INTEGER) END)"
        case "status":
            folded = f"lower(strip_accents(replace(replace({v}, 'Đ', 'D'), 'đ', 'd')))"
            whens = " ".join(
                f"WHEN {folded} LIKE {lit('%' + p + '%')} THEN {lit(c)}" for p, c in STATUS_WORDS
            )
            return f"(CASE WHEN {v} IS NULL THEN NULL {whens} ELSE 'other' END)"
    raise AssertionError(spec.kind)


def _trimmed(h: str) -> str:
    """``h`` without its surrounding spaces, NULL when empty; trim() runs only where there is a space to cut."""
    return f"(CASE WHEN {h} LIKE ' %' OR {h} LIKE '% ' OR {h} = '' THEN NULLIF(trim({h}), '') ELSE {h} END)"


_DATE_ONLY = lit(DATE_ONLY.pattern)
_INVALID = lit("' không hợp lệ")


def normalise_select(mapping: Mapping[str, str], headers: list[str], source: str) -> str:
    """SELECT <canonical typed columns>, reason, raw FROM source: one vectorised pass, file order kept.

    ``source`` is anything a FROM clause takes (``read_csv(...)``, a table) with the file's ``headers``
    as text columns. ``reason`` is '' for a valid row, else the Vietnamese reasons; ``raw`` (only for
    invalid rows) is the whole original row as JSON, so a quarantined row can be exported, fixed and
    imported again. ``status`` stays trimmed text here: it is folded to a status code once per distinct
    value (:func:`status_map_select`), not once per row.
    """
    by_field = {f: h for h, f in mapping.items()}
    inner = [f"{quote_ident(h)} AS h_{i}" for i, h in enumerate(headers)]
    outer: list[str] = []
    reasons: list[tuple[str, str]] = []  # (condition, message)
    pause = "supplement_done_at" in by_field and "supplement_pending_at" in by_field
    for spec in (*FIELDS, *INPUT_FIELDS) if pause else FIELDS:
        header = by_field.get(spec.name)
        t = "t_" + spec.name
        cell = quote_ident(header) if header else ""
        shortcut = fast_expr(spec, cell) if header and spec.name not in END_OF_DAY_FIELDS else None
        if not header:
            inner.append(f"CAST(NULL AS VARCHAR) AS {t}")
            expr = "NULL"
        elif shortcut:
            # The common spelling is read from the cell as it is, and only the other cells are trimmed:
            # a space around a cell the shortcut reads changes nothing below (the reasons read the text
            # only when there is no value; a deadline's bare-date test has its own trimmed text).
            inner.append(f"{shortcut} AS f_{spec.name}")
            inner.append(
                f"(CASE WHEN f_{spec.name} IS NOT NULL THEN {cell} ELSE {_trimmed(cell)} END) AS {t}"
            )
            expr = f"COALESCE(f_{spec.name}, {_value_expr_full(spec, t)})"
        else:
            inner.append(f"{_trimmed(cell)} AS {t}")
            expr = t if spec.kind == "status" else value_expr(spec, t)
        if spec.name in END_OF_DAY_FIELDS and header:
            # A deadline given as a bare date means the end of that day, not its first second.
            expr = (
                f"(CASE WHEN length({t}) > 10 THEN {expr} WHEN regexp_full_match({t}, {_DATE_ONLY}) "
                f"THEN {expr} + INTERVAL '{END_OF_DAY}' ELSE {expr} END)"
            )
        inner.append(f"{expr} AS {spec.name}")
        outer.append(spec.name)
        if spec.required:
            reasons.append((f"{t} IS NULL", lit("Thiếu " + spec.label)))
        if header and spec.kind != "status":
            shown = f"{lit(spec.label + ': ')} || '''' || {t} || {_INVALID}"
            reasons.append((f"({t} IS NOT NULL AND {spec.name} IS NULL)", shown))
    final = list(outer)
    if pause:  # a completed supplement: its length, and the request is no longer pending
        label = lit(f"{INPUT_FIELDS[0].label} trước Ngày yêu cầu bổ sung")
        reasons.append(("supplement_done_at < supplement_pending_at", label))
        secs = "date_diff('second', supplement_pending_at, supplement_done_at)"
        days = f"CAST(({secs} * 100 + 43200) // 86400 AS DECIMAL(18,2)) * 0.01"
        final = [
            f"COALESCE(supplement_days, CAST({days} AS {DECIMAL_SQL})) AS supplement_days"
            if name == "supplement_days"
            else "CASE WHEN supplement_done_at IS NULL THEN supplement_pending_at END AS supplement_pending_at"
            if name == "supplement_pending_at"
            else name
            for name in outer
            if name != "supplement_done_at"
        ]
    reasons.append(("due_at < received_at", lit("Ngày hẹn trả trước Ngày tiếp nhận")))
    reasons.append(("finished_at < received_at", lit("Ngày kết thúc xử lý trước Ngày tiếp nhận")))
    # The reasons are spelled out only for a row with a problem (most rows have none).
    each = ", ".join(f"CASE WHEN {c} THEN {m} END" for c, m in reasons)
    reason = f"CASE WHEN {' OR '.join(c for c, _m in reasons)} THEN concat_ws('; ', {each}) ELSE '' END"
    raw_json = "json_object(" + ", ".join(f"{lit(h)}, h_{i}" for i, h in enumerate(headers)) + ")"
    hs = ", ".join(f"h_{i}" for i in range(len(headers)))
    return (
        f"SELECT {', '.join(final)}, reason, CASE WHEN reason <> '' THEN {raw_json} END AS raw "
        f"FROM (SELECT {', '.join(outer)}, {hs}, {reason} AS reason "
        f"FROM (SELECT {', '.join(inner)} FROM {source}) AS p) AS q"
    )


def status_map_select(table: str, column: str = "status") -> str:
    """(text, code) for each distinct status text of ``table``: the status rule runs once per value."""
    code = _value_expr_full(FIELD_BY_NAME["status"], "text")
    return f"SELECT text, {code} AS code FROM (SELECT DISTINCT {column} AS text FROM {table}) AS s"
