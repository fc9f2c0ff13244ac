"""Vectorised normalisation of raw (all-text) rows in DuckDB SQL, built from the domain vocabularies.

One SELECT turns a chunk of the raw table into canonical typed columns plus a ``reason`` text
(Vietnamese, '' when the row is valid). No Python runs per row.
"""

from __future__ import annotations

from collections.abc import Mapping

from cchc.domain.dossiers import (
    COMMA_DECIMAL,
    DATE_FORMATS,
    DATE_FORMATS_ISO_DAY,
    DATE_ONLY,
    END_OF_DAY,
    END_OF_DAY_FIELDS,
    FALSE_WORDS,
    FIELDS,
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
    t = f"regexp_replace({v}, '(?i)\\s|vn[dđ]|đồng|đ$', '', 'g')"
    return (
        f"(CASE WHEN regexp_full_match({t}, {lit(VN_NUMBER.pattern[1:-1])}) "
        f"THEN TRY_CAST(replace(replace({t}, '.', ''), ',', '.') AS DECIMAL(18,2)) "
        f"WHEN regexp_full_match({t}, {lit(COMMA_DECIMAL.pattern[1:-1])}) "
        f"THEN TRY_CAST(replace({t}, ',', '.') AS DECIMAL(18,2)) "
        f"ELSE TRY_CAST({t} AS DECIMAL(18,2)) END)"
    )


def _bool(v: str) -> str:
    return (
        f"(CASE WHEN lower({v}) IN {_list(TRUE_WORDS)} THEN TRUE "
        f"WHEN lower({v}) IN {_list(FALSE_WORDS)} THEN FALSE END)"
    )


def value_expr(spec: FieldSpec, v: str) -> str:
    """SQL giving the typed value of trimmed text ``v`` (NULL when empty or invalid)."""
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
        case "int" | "channel":
            n = _number(v)
            cast = f"(CASE WHEN {n} = trunc({n}) THEN TRY_CAST({n} AS INTEGER) END)"
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


def normalise_select(mapping: Mapping[str, str], headers: list[str], raw_table: str, where: str) -> str:
    """SELECT row_no, <canonical typed columns>, reason, raw FROM raw_table WHERE where.

    ``raw`` is the whole original row as JSON (all ``headers``), so a quarantined row can be exported,
    fixed and imported again.
    """
    by_field = {f: h for h, f in mapping.items()}
    inner, outer, reasons = ["_row AS row_no"], ["row_no"], []
    for spec in FIELDS:
        header = by_field.get(spec.name)
        v = f"NULLIF(trim({quote_ident(header)}), '')" if header else "CAST(NULL AS VARCHAR)"
        inner.append(f"{v} AS t_{spec.name}")
        expr = value_expr(spec, "t_" + spec.name) if header else "NULL"
        if spec.name in END_OF_DAY_FIELDS and header:
            # A deadline given as a bare date means the end of that day, not its first second.
            expr = f"(CASE WHEN regexp_full_match(t_{spec.name}, {_DATE_ONLY}) THEN {expr} + INTERVAL '{END_OF_DAY}' ELSE {expr} END)"
        inner.append(f"{expr} AS {spec.name}")
        outer.append(spec.name)
        if spec.required:
            reasons.append(f"CASE WHEN t_{spec.name} IS NULL THEN {lit('Thiếu ' + spec.label)} END")
        if header:
            reasons.append(
                f"CASE WHEN t_{spec.name} IS NOT NULL AND {spec.name} IS NULL "
                f"THEN {lit(spec.label + ': ')} || '''' || t_{spec.name} || {_INVALID} END"
            )
    reasons.append("CASE WHEN due_at < received_at THEN 'Ngày hẹn trả trước Ngày tiếp nhận' END")
    reasons.append("CASE WHEN finished_at < received_at THEN 'Ngày kết thúc xử lý trước Ngày tiếp nhận' END")
    raw_json = "json_object(" + ", ".join(f"{lit(h)}, {quote_ident(h)}" for h in headers) + ")"
    inner.append(f"{raw_json} AS raw")
    return (
        f"SELECT {', '.join(outer)}, concat_ws('; ', {', '.join(reasons)}) AS reason, raw "
        f"FROM (SELECT {', '.join(inner)} FROM {raw_table} WHERE {where}) AS p"
    )
