"""Views of one app do not import another app's models: they go through that app's selectors, services or the
registry of measured sources (cchc.apps.core.measures). Imports for annotations only (``if TYPE_CHECKING``)
create no dependency at run time and are allowed."""

from __future__ import annotations

import ast
from pathlib import Path

import cchc.apps

APPS = Path(cchc.apps.__file__).resolve().parent


def _view_modules() -> list[Path]:
    found = []
    for app in sorted(p for p in APPS.iterdir() if p.is_dir()):
        found += sorted(app.glob("views*.py")) + sorted(app.glob("views/*.py"))
    return found


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                lines.update(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def foreign_model_imports(path: Path, root: Path = APPS) -> list[str]:
    app = path.relative_to(root).parts[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_lines(tree)
    bad = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in typing_only:
            continue
        modules: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.Call) and ast.unparse(node.func).endswith("get_model"):
            bad.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
        for module in modules:
            parts = module.split(".")
            if parts[:2] == ["cchc", "apps"] and len(parts) >= 4 and parts[3] == "models" and parts[2] != app:
                bad.append(f"{path.relative_to(root)}:{node.lineno} {module}")
                break
    return bad


def test_the_scan_sees_a_foreign_model_import(tmp_path):
    fake = tmp_path / "procedures" / "views" / "plans.py"
    fake.parent.mkdir(parents=True)
    fake.write_text(
        "from typing import TYPE_CHECKING\n"
        "from cchc.apps.directives.models import Target\nfrom cchc.apps.org import models\n"
        "from ..models import Procedure\nfrom cchc.apps.procedures.models import Decision\n"
        "if TYPE_CHECKING:\n    from cchc.apps.org.models import Unit\n",
        encoding="utf-8",
    )
    found = foreign_model_imports(fake, root=tmp_path)
    assert len(found) == 2 and "directives.models" in found[0] and "org.models" in found[1]


def test_no_view_imports_another_apps_models():
    modules = _view_modules()
    assert len(modules) >= 10  # every app's views were read
    offenders = [bad for path in modules for bad in foreign_model_imports(path)]
    assert not offenders
