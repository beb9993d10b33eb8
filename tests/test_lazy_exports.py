"""Every package whose exports are imported on first use (dacu.core.lazy) says the same thing three times.

A package ``__init__`` lists its names in ``__all__``, maps each to its module for
``exports(...)``, and imports them under ``if TYPE_CHECKING:``. The lazy map is a
dictionary of strings: mypy and lint-imports see only the TYPE_CHECKING imports. So
the three must agree, and every mapped module must lie inside the package, or the
layering contract (pyproject.toml) would no longer cover what the package imports.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dacu

ROOT = Path(dacu.__file__).parent


def _lazy_packages() -> list[Path]:
    return sorted(path for path in ROOT.rglob("__init__.py") if "exports(__name__" in path.read_text(encoding="utf-8"))


def _package(init: Path) -> str:
    return ".".join(init.parent.relative_to(ROOT.parent).parts)


def _declared(init: Path) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """``__all__``, the lazy map (name -> module) and the TYPE_CHECKING imports (name -> module) of ``init``."""
    tree = ast.parse(init.read_text(encoding="utf-8"))
    names: list[str] = []
    lazy: dict[str, str] = {}
    typed: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            target = node.targets[0].id
            if target == "__all__":
                names = ast.literal_eval(node.value)
            elif target == "__getattr__":
                assert isinstance(node.value, ast.Call) and len(node.value.args) == 2
                for module, exported in ast.literal_eval(node.value.args[1]).items():
                    for name in exported:
                        assert name not in lazy, f"{init}: {name} mapped twice"
                        lazy[name] = module
        elif isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom) and statement.module, ast.dump(statement)
                for alias in statement.names:
                    typed[alias.asname or alias.name] = statement.module
    return names, lazy, typed


PACKAGES = _lazy_packages()


def test_the_lazy_packages_are_found() -> None:
    assert {_package(p) for p in PACKAGES} >= {"dacu.load", "dacu.model", "dacu.checks", "dacu.checks.content",
                                                  "dacu.checks.rendered", "dacu.images", "dacu.render"}


@pytest.mark.parametrize("init", PACKAGES, ids=_package)
def test_all_the_lazy_map_and_the_type_checking_imports_agree(init: Path) -> None:
    package = _package(init)
    names, lazy, typed = _declared(init)
    assert len(names) == len(set(names)), f"{package}.__all__ lists a name twice"
    assert sorted(names) == sorted(lazy), f"{package}: __all__ and the lazy map differ"
    assert typed == lazy, f"{package}: the TYPE_CHECKING imports and the lazy map differ"
    for name, module in lazy.items():
        # lint-imports sees only the TYPE_CHECKING import: a module outside the package would escape the layers
        assert module.startswith(package + "."), f"{package}.{name} comes from {module}, outside the package"
        # a submodule of that name would replace the export on the package once imported
        assert not (init.parent / name).exists() and not (init.parent / f"{name}.py").exists(), f"{package}.{name}"


_RESOLVE = """
import importlib, json, sys
package, lazy = sys.argv[1], json.loads(sys.argv[2])
p = importlib.import_module(package)
namespace = {}
exec("from " + package + " import *", namespace)
for name, module in lazy.items():
    value = getattr(p, name)
    assert value is getattr(importlib.import_module(module), name), name
    assert namespace[name] is value, name
try:
    getattr(p, "no_such_export")
except AttributeError as error:
    assert "no_such_export" in str(error)
else:
    raise AssertionError("a missing name must raise AttributeError")
print("ok")
"""


@pytest.mark.parametrize("init", PACKAGES, ids=_package)
def test_every_export_resolves_to_its_modules_object(init: Path) -> None:
    # a fresh interpreter: in this one, other tests have imported the modules already
    _, lazy, _ = _declared(init)
    env = dict(os.environ, PYTHONPATH=str(ROOT.parent))
    done = subprocess.run([sys.executable, "-c", _RESOLVE, _package(init), json.dumps(lazy)], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
