"""The engine's shape: docs/architecture.md's layer table is the import contract, modules stay small."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAX_LINES = 400


def contract_layers() -> list[str]:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    [contract] = [c for c in config["contracts"] if c["type"] == "layers"]
    return list(contract["layers"])


def documented_layers() -> list[str]:
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    return re.findall(r"^\| \d+ \| `([\w.]+)` \|", text, re.M)


def test_the_layer_table_is_the_import_contract():
    assert documented_layers() == contract_layers()


def test_every_package_of_the_engine_is_in_a_layer():
    packages = {f"dacu.{p.name}" for p in (REPO / "dacu").iterdir() if (p / "__init__.py").is_file()}
    modules = {f"dacu.{p.stem}" for p in (REPO / "dacu").glob("*.py") if p.name != "__init__.py"}
    assert packages - {"dacu.themes", "dacu.locale"} | modules == set(contract_layers())


def test_no_module_is_longer_than_400_lines():
    long = {str(p.relative_to(REPO)): n for p in (REPO / "dacu").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
