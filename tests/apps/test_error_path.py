"""The one error-message path: no exception's text reaches a user, on a page, in the API, in an import
job or on the command line; the technical detail goes to the log."""

from __future__ import annotations

import ast
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from cchc.cli import main
from tests.malformed import looks_technical

SRC = Path(__file__).resolve().parents[2] / "src" / "cchc"
SECRET = "Catalog Error: table bí_mật_nội_bộ does not exist"


class EngineFailure(RuntimeError):
    """Stands for any engine or library error (its text must never be shown)."""


def _explode(*args, **kwargs):
    raise EngineFailure(SECRET)


# --- API -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_api_failure_answers_vietnamese_json_without_its_text(client, login, monkeypatch, settings, debug):  # fmt: skip
    from cchc.apps.directives import selectors

    settings.DEBUG = debug  # django-ninja answered the traceback as text/plain with DEBUG on
    monkeypatch.setattr(selectors, "directive_list", _explode)
    login("giamdoc")
    response = client.get("/api/directives/directives")
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    body = response.content.decode()
    assert "bí_mật" not in body and "Traceback" not in body and not looks_technical(body)
    assert "Đã xảy ra lỗi không mong muốn" in response.json()["detail"]


def test_an_engine_failure_in_the_api_is_explained_by_its_kind(client, login, monkeypatch):
    import duckdb

    from cchc.apps.dossiers import selectors

    def locked(*args, **kwargs):
        raise duckdb.IOException('IO Error: Could not set lock on file "/srv/x.duckdb": Conflicting lock')

    monkeypatch.setattr(selectors, "unit_cards", locked)
    login("giamdoc")
    response = client.get("/api/dossiers/scorecard")
    detail = response.json()["detail"]
    assert "Đang có lô nhập khác" in detail and "/srv" not in detail and "Conflicting" not in detail


# --- pages ---------------------------------------------------------------------------------------


def test_an_unexpected_page_failure_shows_the_vietnamese_500_page(client, login, monkeypatch):
    from cchc.apps.directives.views import directives as views

    monkeypatch.setattr(views.selectors, "directive_list", _explode)
    client.raise_request_exception = False
    login("giamdoc")
    response = client.get(reverse("directives:directive_list"))
    text = response.content.decode()
    assert response.status_code == 500 and "Hệ thống gặp lỗi" in text and "bí_mật" not in text


def test_the_500_page_renders_even_when_the_base_template_cannot(rf, monkeypatch):
    from cchc.apps.core.views import errors as views

    def broken(*args, **kwargs):
        raise EngineFailure(SECRET)

    monkeypatch.setattr(views, "render", broken)
    response = views.error_500(rf.get("/"))
    assert response.status_code == 500 and "Hệ thống gặp lỗi" in response.content.decode()
    assert "bí_mật" not in response.content.decode()


# --- import jobs ---------------------------------------------------------------------------------


def test_an_engine_failure_during_a_dossier_import_is_shown_in_words(client, login, settings, tmp_path, monkeypatch):  # fmt: skip
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cchc.apps.dossiers import jobs, running
    from cchc.apps.dossiers.models import ImportJob

    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(running, "import_file", _explode)
    login("motcua")
    client.post(reverse("dossiers:import_list"), {"file": SimpleUploadedFile("a.csv", b"dossier_code,procedure_code,unit_code,received_at\nA,P,U,01/03/2026\n"), "source": "x"})  # fmt: skip
    job = ImportJob.objects.get()
    with pytest.raises(EngineFailure):  # the worker still records the failure itself
        jobs.run_import.call(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "Lỗi khi nhập" in job.error
    assert "bí_mật" not in job.error and "Catalog" not in job.error
    page = client.get(reverse("dossiers:import_detail", args=[job.pk])).content.decode()
    assert "bí_mật" not in page


# --- command line --------------------------------------------------------------------------------


def test_the_cli_prints_a_vietnamese_sentence_and_no_traceback(monkeypatch, capsys, tmp_path):
    from cchc.commands import dossiers

    monkeypatch.setenv("CCHC_DATA_DIR", str(tmp_path))
    monkeypatch.setattr(dossiers, "_generate", _explode)
    monkeypatch.setattr(sys, "argv", ["cchc"])
    parser_args = ["dossiers", "generate", str(tmp_path / "x.csv")]
    code = main(parser_args)
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("Lỗi: Đã xảy ra lỗi không mong muốn")
    assert "Traceback" not in err and "bí_mật" not in err


HOLD_LOCK = "import duckdb, time; c = duckdb.connect(%r); print('ok', flush=True); time.sleep(60)"


def test_a_second_concurrent_cli_import_is_refused_in_words(tmp_path, capsys):
    store = tmp_path / "kho.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(store)!r}); print('ok', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        csv = tmp_path / "a.csv"
        csv.write_text(
            "dossier_code,procedure_code,unit_code,received_at\nA,P,U,02/03/2026\n", encoding="utf-8"
        )
        code = main(["dossiers", "--store", str(store), "import", str(csv)])
        err = capsys.readouterr().err
    finally:
        holder.kill()
        holder.wait()
    assert code == 2 and "Đang có lô nhập khác" in err and "thử lại sau" in err
    assert "Traceback" not in err and "Conflicting lock" not in err


def test_dossiers_generate_writes_a_real_workbook_for_xlsx(tmp_path, capsys):
    from openpyxl import load_workbook

    out = tmp_path / "hoso.xlsx"
    assert main(["dossiers", "generate", str(out), "--rows", "20"]) == 0
    rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 21 and rows[0][0] and rows[1][0]
    assert main(["dossiers", "generate", str(tmp_path / "hoso.txt"), "--rows", "5"]) == 2
    assert "Chỉ ghi được tệp .parquet, .csv hoặc .xlsx" in capsys.readouterr().err
    assert not (tmp_path / "hoso.txt").exists()


# --- no exception text in a user message, anywhere ------------------------------------------------

# calls that take the exception itself: loggers, and the error path that turns it into words
SAFE_CALLS = {"debug", "info", "warning", "error", "exception", "critical", "log", "log_failure", "user_message", "engine_message", "csv_failure", "report"}  # fmt: skip
POSITIONS = {"lineno", "colno", "start", "end", "pos", "status_code"}  # numbers, not text
ALWAYS_USER_FACING = {"ValidationError", "PermissionDenied", "CommandError", "UserError", "ImportRefused", "BadParameter"}  # fmt: skip


def _user_facing_classes(trees: dict[Path, ast.Module]) -> set[str]:
    """UserError and every class deriving from it (by name, to a fixpoint) + Django's refusals."""
    bases: dict[str, set[str]] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                bases[node.name] = {
                    b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases
                }
    known = set(ALWAYS_USER_FACING)
    changed = True
    while changed:
        changed = False
        for name, parents in bases.items():
            if name not in known and parents & known:
                known.add(name)
                changed = True
    return known


def _caught(handler: ast.ExceptHandler) -> set[str]:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {k.id if isinstance(k, ast.Name) else getattr(k, "attr", "?") for k in kinds if k is not None}


def _text_uses(handler: ast.ExceptHandler) -> list[int]:
    """Lines where the caught exception is turned into text (str(), repr(), an f-string, % or
    .format), outside log calls and outside a test (``"lock" in str(exc)``)."""
    name, lines = handler.name, []

    def is_name(node: ast.AST) -> bool:
        if isinstance(node, ast.Attribute):
            return node.attr not in POSITIONS and is_name(node.value)
        return isinstance(node, ast.Name) and node.id == name

    def mentions(node: ast.AST) -> bool:  # the exception as text somewhere under node, not via a safe call
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in SAFE_CALLS
        ):
            return False
        return is_name(node) or any(mentions(c) for c in ast.iter_child_nodes(node))

    def visit(node: ast.AST, in_test: bool = False) -> None:
        if (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", "")) in SAFE_CALLS
        ):
            return
        if isinstance(node, ast.Compare):
            in_test = True
        if not in_test:
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("str", "repr") and node.args and is_name(node.args[0]):  # fmt: skip
                lines.append(node.lineno)
            if isinstance(node, ast.FormattedValue) and is_name(node.value):
                lines.append(node.lineno)
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and mentions(node.right):  # fmt: skip
                lines.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child, in_test)

    for statement in handler.body:
        visit(statement)
    return lines


def test_no_exception_text_is_interpolated_into_a_message():
    """Every ``except X as exc`` that puts ``exc`` into text must catch only user-facing errors
    (UserError and its subclasses, ValidationError, PermissionDenied, CommandError); any other
    exception is shown through cchc.apps.core.errors.user_message / cchc.domain.errors.user_message."""
    trees = {
        p: ast.parse(p.read_text(encoding="utf-8")) for p in SRC.rglob("*.py") if "migrations" not in p.parts
    }
    allowed = _user_facing_classes(trees)
    offenders = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and node.name:
                uses = _text_uses(node)
                if uses and not _caught(node) <= allowed:
                    offenders.append(
                        f"{path.relative_to(SRC)}:{uses[0]} catches {sorted(_caught(node) - allowed)}"
                    )
    assert not offenders, "\n".join(offenders)


def test_the_scan_sees_a_violation():
    bad = ast.parse("try:\n    pass\nexcept Exception as exc:\n    message = f'Lỗi: {exc}'\n")
    handler = next(n for n in ast.walk(bad) if isinstance(n, ast.ExceptHandler))
    assert _text_uses(handler) == [4] and not _caught(handler) <= ALWAYS_USER_FACING
    time.sleep(0)


def test_a_form_without_its_csrf_token_gets_the_vietnamese_403_page(cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["giamdoc"], backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(reverse("core:otp_verify"), {"token": "123456"})
    text = response.content.decode()
    assert response.status_code == 403 and "Biểu mẫu đã cũ" in text and "CSRF" not in text
