"""One list of capabilities (access.CAPABILITY_NAMES): what the code checks, what the roles are granted and
what is listed agree — except the capabilities reserved for modules being built."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cchc.apps.org import access
from cchc.apps.org.models import User

SRC = Path(access.__file__).resolve().parents[2]  # src/cchc
CAPABILITY = re.compile(r"^[a-z_]+\.[a-z_]+(\|[a-z_]+\.[a-z_]+)*(@[a-z]+)?$")
# Functions whose string arguments name capabilities (the checks and the declarations of views).
CHECKS = {"has_capability", "require_capability", "_require", "allows", "declare", "deciders", "_decides"}


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _strings(node: ast.AST) -> list[str]:
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _names(text: str) -> set[str]:
    return set(text.partition("@")[0].split("|"))


def checked_capabilities() -> dict[str, set[str]]:
    """capability → files that check it: arguments of the checks above, the capability of each
    navigation item, and constants that name a capability (access.ORGANISATION_MANAGER)."""
    modules = {name.split(".")[0] for name in access.CAPABILITY_NAMES}
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        texts: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in CHECKS:
                for arg in [*node.args, *(k.value for k in node.keywords)]:
                    texts += _strings(arg)
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "nav_items" for t in node.targets
            ):
                texts += [s for s in _strings(node.value) if CAPABILITY.match(s)]
            elif (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Constant)
                and isinstance(node.value.value, str)
                and all(isinstance(t, ast.Name) and t.id.isupper() for t in node.targets)
                and CAPABILITY.match(node.value.value)
                and node.value.value.split(".")[0] in modules
            ):
                texts.append(node.value.value)
        for text in texts:
            if CAPABILITY.match(text):
                for name in _names(text):
                    found.setdefault(name, set()).add(str(path.relative_to(SRC)))
    return found


def test_the_scan_finds_the_checks_it_is_meant_to_find():
    checked = checked_capabilities()
    assert "apps/documents/api.py" in checked["documents.view"]  # _require(request, "documents.view")
    assert "apps/org/access.py" in checked["procedures.manage"]  # ORGANISATION_MANAGER
    assert "apps/dossiers/apps.py" in checked["dossiers.import"]  # a navigation item
    assert "apps/directives/services/tasks.py" in checked["tasks.extend"]  # deciders(…, "tasks.extend")


def test_every_capability_checked_in_the_code_is_listed_and_granted_to_some_role():
    granted = {c for caps in access.CAPABILITIES.values() for c in caps}
    checked = checked_capabilities()
    unlisted = {c: sorted(files) for c, files in checked.items() if c not in access.CAPABILITY_NAMES}
    assert not unlisted, f"checked but not in access.CAPABILITY_NAMES: {unlisted}"
    ungranted = {c: sorted(files) for c, files in checked.items() if c not in granted}
    assert not ungranted, f"checked but granted to no role (only the administrator passes): {ungranted}"


def test_every_capability_granted_or_listed_is_checked_somewhere_except_the_reserved_ones():
    checked = set(checked_capabilities())
    granted = {c for caps in access.CAPABILITIES.values() for c in caps}
    assert not (granted | set(access.CAPABILITY_NAMES)) - checked - access.RESERVED_CAPABILITIES
    # A reserved capability that a module now checks leaves the allowlist (the module is built).
    assert not access.RESERVED_CAPABILITIES & checked
    assert access.RESERVED_CAPABILITIES == set()  # reports.create is checked by the periodic reports


def test_an_unknown_capability_is_a_programming_error_not_a_silent_denial():
    with pytest.raises(ImproperlyConfigured):
        access.has_capability(User(role="admin", is_superuser=True), "documents.sing")
