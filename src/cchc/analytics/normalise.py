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
    return "(" + ", ".join(lit(w) for w in sorted(words)) + ")"  # type: ignore[call-overload]


_FORMATS = (
    "[" + ", ".join(lit(f) for f in (*DATE_FORMATS, "%Y-%m-%d %H:%M:%S.%f", *DATE_FORMATS_ISO_DAY)) + "]"
)
_OFFSET = lit(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")


def _number(v: str) -> str:
    """The SQL of :func:`cchc.domain.dossiers.parse_number`, from the same constants."""
    t = f"regexp_replace({v}, {lit(NUMBER_NOISE)}, '', 'g')"
    return (
        f"(CASE WHEN regexp_full_match({t}, {lit(VN_NUMBER.pattern[1:-1])}) "
        f"THEN TRY_CAST(replace(replace({t}, '.', ''), ',', '.') AS {DECIMAL_SQL}) "
        f"WHEN regexp_full_match({t}, {lit(COMMA_DECIMAL.pattern[1:-1])}) "
        f"THEN TRY_CAST(replace({t}, ',', '.') AS {DECIMAL_SQL}) "
        f"ELSE TRY_CAST({t} AS {DECIMAL_SQL}) END)"
    )


def _bool(v: str) -> str:
    """The SQL of :func:`cchc.domain.dossiers.parse_bool` (:func:`~cchc.domain.dossiers.flag_word`)."""
    w = f"lower(nfc_normalize({v}))"
    return f"(CASE WHEN {w} IN {_list(TRUE_WORDS)} THEN TRUE WHEN {w} IN {_list(FALSE_WORDS)} THEN FALSE END)"


def _canonical_int(v: str, sql_type: str) -> str:
    """TRY_CAST(v) when ``v`` is exactly the canonical text of that integer ("0", "12", "-5"), else NULL.

    The round-trip check keeps the fast path exact: for such text every slower rule gives the same
    value, and anything else ("007", "16.000", "1e3", "2,5") takes the full rule.
    """
    return (
        f"(CASE WHEN CAST(TRY_CAST({v} AS {sql_type}) AS VARCHAR) = {v} THEN TRY_CAST({v} AS {sql_type}) END)"
    )


# Spellings matched exactly before lower-casing (lower() is costly on Vietnamese text); each one lowers
# to a word of the vocabulary, so the result is the same as the full rule.
_TRUE_FAST = sorted(set(TRUE_WORDS) | {w.capitalize() for w in TRUE_WORDS} | {w.upper() for w in TRUE_WORDS})
_FALSE_FAST = sorted(
    set(FALSE_WORDS) | {w.capitalize() for w in FALSE_WORDS} | {w.upper() for w in FALSE_WORDS}
)
assert all(w.lower() in TRUE_WORDS for w in _TRUE_FAST) and all(w.lower() in FALSE_WORDS for w in _FALSE_FAST)


def value_expr(spec: FieldSpec, v: str, *, fast: bool = True) -> str:
    """SQL giving the typed value of trimmed text ``v`` (NULL when empty or invalid).

    ``fast`` adds exact shortcuts for the common spellings (dd/mm/yyyy HH:MM:SS, plain integers, Có/Không)
    in front of the full rule; tests/domain/test_dossier_rules.py checks both give the same values.
    """
    full = _value_expr_full(spec, v)
    if not fast:
        return full
    match spec.kind:
        case "datetime":
            return f"COALESCE(try_strptime({v}, {lit(DATE_FORMATS[0])}), {full})"
        case "number" | "fee":
            return f"COALESCE(TRY_CAST({_canonical_int(v, 'BIGINT')} AS DECIMAL(18,2)), {full})"
        case "int":
            return f"COALESCE({_canonical_int(v, 'INTEGER')}, {full})"
        case "channel":
            i = _canonical_int(v, "INTEGER")
            return f"(CASE WHEN {i} IN (1, 2, 3) THEN {i} ELSE {full} END)"
        case "bool":
            return f"(CASE WHEN {v} IN {_list(_TRUE_FAST)} THEN TRUE WHEN {v} IN {_list(_FALSE_FAST)} THEN FALSE ELSE {full} END)"
    return full


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
        case "fee":
            b = _bool(v)
            return f"COALESCE({_number(v)}, CASE WHEN {b} THEN 1.00 WHEN NOT {b} THEN 0.00 END)"
        case "int" | "channel":
            n = _number(v)
            cast = f"(CASE WHEN {n} = trunc({n}) THEN TRY_CAST({n} AS {INTEGER_SQL}) END)"
            return f"(CASE WHEN {cast} IN (1, 2, 3) THEN {cast} END)" if spec.kind == "channel" else cast
        case "bool":
            return _bool(v)
        case "paid":
            b = _bool(v)
            return f"(CASE WHEN {v} IN ('0', '1', '2') THEN CAST({v} AS INTEGER) WHEN {b} THEN 1 WHEN NOT {b} THEN 0 END)"
        case "status":
            folded = f"lower(strip_accents(replace(replace({v}, 'Đ', 'D'), 'đ', 'd')))"
            whens = " ".join(
                f"WHEN {folded} LIKE {lit('%' + p + '%')} THEN {lit(c)}" for p, c in STATUS_WORDS
            )
            return f"(CASE WHEN {v} IS NULL THEN NULL {whens} ELSE 'other' END)"
    raise AssertionError(spec.kind)


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
    outer, reasons = [], []
    pause = "supplement_done_at" in by_field and "supplement_pending_at" in by_field
    for spec in (*FIELDS, *INPUT_FIELDS) if pause else FIELDS:
        header = by_field.get(spec.name)
        v = f"NULLIF(trim({quote_ident(header)}), '')" if header else "CAST(NULL AS VARCHAR)"
        inner.append(f"{v} AS t_{spec.name}")
        t = "t_" + spec.name
        if not header:
            expr = "NULL"
        elif spec.kind == "status":
            expr = t
        else:
            expr = value_expr(spec, t)
        if spec.name in END_OF_DAY_FIELDS and header:
            # A deadline given as a bare date means the end of that day, not its first second.
            expr = (
                f"(CASE WHEN length({t}) > 10 THEN {expr} WHEN regexp_full_match({t}, {_DATE_ONLY}) "
                f"THEN {expr} + INTERVAL '{END_OF_DAY}' ELSE {expr} END)"
            )
        inner.append(f"{expr} AS {spec.name}")
        outer.append(spec.name)
        if spec.required:
            reasons.append(f"CASE WHEN {t} IS NULL THEN {lit('Thiếu ' + spec.label)} END")
        if header and spec.kind != "status":
            reasons.append(
                f"CASE WHEN {t} IS NOT NULL AND {spec.name} IS NULL "
                f"THEN {lit(spec.label + ': ')} || '''' || {t} || {_INVALID} END"
            )
    final = list(outer)
    if pause:  # a completed supplement: its length, and the request is no longer pending
        label = lit(f"{INPUT_FIELDS[0].label} trước Ngày yêu cầu bổ sung")
        reasons.append(f"CASE WHEN supplement_done_at < supplement_pending_at THEN {label} END")
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
    reasons.append("CASE WHEN due_at < received_at THEN 'Ngày hẹn trả trước Ngày tiếp nhận' END")
    reasons.append("CASE WHEN finished_at < received_at THEN 'Ngày kết thúc xử lý trước Ngày tiếp nhận' END")
    raw_json = "json_object(" + ", ".join(f"{lit(h)}, h_{i}" for i, h in enumerate(headers)) + ")"
    hs = ", ".join(f"h_{i}" for i in range(len(headers)))
    return (
        f"SELECT {', '.join(final)}, reason, CASE WHEN reason <> '' THEN {raw_json} END AS raw "
        f"FROM (SELECT {', '.join(outer)}, {hs}, concat_ws('; ', {', '.join(reasons)}) AS reason "
        f"FROM (SELECT {', '.join(inner)} FROM {source}) AS p) AS q"
    )


def status_map_select(table: str, column: str = "status") -> str:
    """(text, code) for each distinct status text of ``table``: the status rule runs once per value."""
    code = _value_expr_full(FIELD_BY_NAME["status"], "text")
    return f"SELECT text, {code} AS code FROM (SELECT DISTINCT {column} AS text FROM {table}) AS s"
