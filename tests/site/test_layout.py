"""The layout holds: every name has one address, and the import contracts of
pyproject.toml (layers, no circles) are kept."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "assessments"
# Packages whose __init__ is their public API (Django's models, the two libraries),
# and the admin's, which Django's autodiscovery imports to register the ModelAdmins.
FACADES = {
    "assessments.models",
    "assessments.scoring",
    "assessments.charts",
    "assessments.admin",
}


def _modules():
    for path in sorted(APP.rglob("*.py")):
        if "migrations" not in path.parts:
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def _statements(path):
    body = ast.parse(path.read_text()).body
    return [
        node
        for node in body
        if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
    ]


def _only_imports(statements) -> bool:
    return all(
        isinstance(node, ast.Import | ast.ImportFrom)
        or (
            isinstance(node, ast.Assign)
            and any(getattr(t, "id", "") == "__all__" for t in node.targets)
        )
        for node in statements
    )


def test_no_module_only_re_exports_another_modules_names():
    shims = [
        name
        for name, path in _modules()
        if name not in FACADES
        and (statements := _statements(path))
        and _only_imports(statements)
        # A package's __init__ may hold nothing but its docstring.
        and not (path.name == "__init__.py" and not statements)
    ]
    assert shims == []


def test_feature_packages_say_what_they_hold_and_export_nothing():
    packages = [
        (name, path)
        for name, path in _modules()
        if path.name == "__init__.py"
        and name.count(".") >= 1
        and name not in FACADES
        and not name.startswith(("assessments.migrations",))
    ]
    assert len(packages) > 10
    for name, path in packages:
        assert _statements(path) == [], f"{name} runs code or imports"
    features = [
        name
        for name, path in packages
        if name.count(".") == 1
        and name.split(".")[1] not in {"admin", "views", "management", "templatetags"}
    ]
    for name in features:
        assert ast.get_docstring(
            ast.parse((APP / name.split(".")[1] / "__init__.py").read_text())
        )


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    assert "0 broken" in done.stdout
