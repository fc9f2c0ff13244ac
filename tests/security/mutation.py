"""Mutation check of the route × role suite: every call site of a permission or scope check in the
project, removed one at a time, must make the suite fail.

Call sites are found in the source (AST): calls of ``scope_queryset`` and of every ``require_*`` and
``check_*`` function of ``org/access.py`` (require_capability, check_unit, check_object,
check_manage_account, …) anywhere under ``src/cchc`` except inside ``org/access.py`` itself. A mutant replaces the function, in every module that imported it, by a wrapper that
does nothing (returns the queryset unfiltered for ``scope_queryset``) when called from that one call
site (file and line span of the call) and calls the real check from everywhere else.

A mutant can only change answers to requests that reached its call site, so a first, unmutated run
records which cases reach which site; each mutant then replays only those cases (refusals first) and is
killed at the first answer that differs from access.py. A site no case reaches is a survivor too.
"""

from __future__ import annotations

import ast
import gc
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import FunctionType
from typing import Any

import cchc
from cchc.apps.org import access

# Every refusing helper of access.py (require_*, check_*) and the scope filter; a check added there later is
# mutated too without editing this file.
CHECKS = tuple(
    sorted(
        name
        for name, value in vars(access).items()
        if callable(value)
        and getattr(value, "__module__", "") == access.__name__
        and (name.startswith(("require_", "check_")) or name == "scope_queryset")
    )
)
SRC = Path(cchc.__file__).resolve().parent


@dataclass(frozen=True)
class Site:
    function: str
    file: str  # absolute path
    line: int
    end_line: int

    def __str__(self) -> str:
        return f"{Path(self.file).relative_to(SRC.parent)}:{self.line} {self.function}"


def call_sites() -> list[Site]:
    sites = []
    for path in sorted(SRC.rglob("*.py")):
        if path == Path(access.__file__).resolve():
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = _called(node)
            if name in CHECKS:
                sites.append(Site(name, str(path), node.lineno, node.end_lineno or node.lineno))
    return sites


def _neutral(name: str) -> Callable[..., Any]:
    if name == "scope_queryset":
        return lambda user, qs, *args, **kwargs: qs
    return lambda *args, **kwargs: None


@cache
def _cells_holding(real: Any) -> list[Any]:
    """Closure cells of project functions that hold ``real`` (found once: the heap is large)."""
    cells = []
    for obj in gc.get_objects():
        if isinstance(obj, FunctionType) and obj.__closure__ and (obj.__module__ or "").startswith("cchc"):
            cells += [c for c in obj.__closure__ if _content(c) is real]
    return cells


def _content(cell: Any) -> Any:
    try:
        return cell.cell_contents
    except ValueError:  # an empty cell
        return None


@contextmanager
def patched(
    sites: list[Site], *, mutant: Site | None = None, seen: Callable[[Site], None] | None = None
) -> Iterator[None]:
    """Wrap the four checks everywhere they were imported: record each call's site (``seen``) and turn
    the call at ``mutant`` into a no-op."""
    by_file: dict[tuple[str, str], list[Site]] = {}
    for s in sites:
        by_file.setdefault((s.function, s.file), []).append(s)
    replaced: list[tuple[Any, str, Any]] = []
    for name in CHECKS:
        real = getattr(access, name)
        neutral = _neutral(name)

        def wrapper(
            *args: Any, __real: Any = real, __name: str = name, __neutral: Any = neutral, **kwargs: Any
        ) -> Any:
            frame = sys._getframe(1)
            code = frame.f_code.co_filename
            site = next(
                (s for s in by_file.get((__name, code), ()) if s.line <= frame.f_lineno <= s.end_line), None
            )
            if site is not None:
                if seen is not None:
                    seen(site)
                if site == mutant:
                    return __neutral(*args, **kwargs)
            return __real(*args, **kwargs)

        for module in list(sys.modules.values()):
            namespace = getattr(module, "__dict__", None)
            if not namespace or not getattr(module, "__name__", "").startswith("cchc"):
                continue
            for attr, value in list(namespace.items()):
                if value is real and not (module is access and attr == name):
                    replaced.append((module, attr, value))
                    setattr(module, attr, wrapper)
        # Functions that imported the check locally and closed over it (a lambda in AppConfig.ready).
        for cell in _cells_holding(real):
            replaced.append((cell, "cell_contents", real))
            cell.cell_contents = wrapper
        # Calls through the module (access.require_capability) and check_object → check_unit inside
        # access.py itself: check_object's own call of check_unit must stay real.
        replaced.append((access, name, real))
        setattr(access, name, wrapper)
    try:
        yield
    finally:
        for module, attr, value in reversed(replaced):
            setattr(module, attr, value)


def enclosing(site: Site) -> str:
    """``file::function::check`` — the site named so that unrelated edits do not rename it; ``#n`` is added
    when the function makes more than one call of that check (the n-th in source order), so that documenting
    one of them does not excuse the other."""
    tree = ast.parse(Path(site.file).read_text(encoding="utf-8"))
    owner: ast.AST = tree
    name = "<module>"
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.lineno <= site.line <= (
            node.end_lineno or 0
        ):
            owner, name = node, node.name  # the innermost wins: ast.walk visits outer functions first
    rel = Path(site.file).relative_to(SRC.parent).as_posix()
    lines = sorted(
        n.lineno
        for n in ast.walk(owner)
        if isinstance(n, ast.Call) and _called(n) == site.function and _owner_of(tree, n.lineno) is owner
    )
    suffix = f"#{lines.index(site.line) + 1}" if len(lines) > 1 and site.line in lines else ""
    return f"{rel}::{name}::{site.function}{suffix}"


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _owner_of(tree: ast.AST, line: int) -> ast.AST:
    owner: ast.AST = tree
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.lineno <= line <= (
            node.end_lineno or 0
        ):
            owner = node
    return owner


@dataclass
class Outcome:
    sites: list[Site]
    killed: list[Site]
    survivors: dict[Site, int]  # site → cases that reached it
    replays: int


def play_and_mutate(
    client: Any, world: Any, todo: list[Any], run: Callable[..., list[str]], probes: dict[str, Any]
) -> tuple[list[str], Outcome]:
    """Play every case and probe once, recording which check sites each reaches, then replay for each
    mutant the cases and probes that reached its site until one answers differently. Probes run inside
    a savepoint rolled back afterwards, like the writes of the matrix."""
    from django.db import transaction

    def probe(name: str) -> list[str]:
        with transaction.atomic():
            problems = [f"{name}: {p}" for p in probes[name](client, world)]
            transaction.set_rollback(True)
        client.signed_in_as = None
        return problems

    steps: list[Callable[[], list[str]]] = [lambda case=case: run(client, world, [case]) for case in todo]
    steps += [lambda name=name: probe(name) for name in probes]
    expect_allowed = [case.expect == "allowed" for case in todo] + [False] * len(probes)
    sites = call_sites()
    reached: dict[Site, dict[int, None]] = {}
    failures: list[str] = []
    failing: set[int] = set()
    current = [0]
    with patched(sites, seen=lambda site: reached.setdefault(site, {}).setdefault(current[0], None)):
        for i, step in enumerate(steps):
            current[0] = i
            problems = step()
            if problems:
                failing.add(i)
                failures += problems
    outcome = Outcome(sites, [], {}, 0)
    for site in sites:
        indexes = [i for i in reached.get(site, {}) if i not in failing]
        indexes.sort(key=lambda i: expect_allowed[i])  # refusals are what a removed check flips
        with patched(sites, mutant=site):
            for i in indexes:
                outcome.replays += 1
                if steps[i]():
                    outcome.killed.append(site)
                    break
            else:
                outcome.survivors[site] = len(indexes)
    return failures, outcome
