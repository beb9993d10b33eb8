"""The cache is a cache: nothing in .dacu/ can crash a build or publish wrong bytes (issue 13, item 6)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dacu.build import build_site
from dacu.core import Cache
from sitekit import REPO_ROOT, write_valid_site

NOW = None


def _site_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}


def _edit_copy(root: Path, n: int) -> None:
    """A change, so the next build does not replay the last one."""
    (root / "content/double11/smart-life.md").write_text(f"---\ntitle: 智能生活馆{n}\n---\n", encoding="utf-8")


@pytest.fixture
def built(scratch):  # type: ignore[no-untyped-def]
    write_valid_site(scratch)
    assert build_site(scratch.root).ok
    return scratch.root


@pytest.mark.parametrize("damage", [
    lambda w: (w / "last-run.json").write_text("[1, 2"),
    lambda w: (w / "last-run.json").write_text('["not", "an", "object"]'),
    lambda w: (w / "last-run.json").write_text('{"inputs": 5, "boundaries": [3], "findings": "x"}'),
    lambda w: (w / "manifest.json").write_text('{"site": 1, "files": {"index.html": 7}}'),
    lambda w: (w / "manifest.json").write_text("\x00\x01garbage"),
    lambda w: (w / "cache.sqlite").write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000),
    lambda w: _replace_table(w / "cache.sqlite"),
    lambda w: _poison_values(w / "cache.sqlite"),
    lambda w: _file_for_folder(w / "variants"),
    lambda w: _file_for_folder(w / "templates"),
])
def test_damaged_cache_is_rebuilt(built: Path, damage, caplog) -> None:  # type: ignore[no-untyped-def]
    good = _site_bytes(built)
    _edit_copy(built, 1)
    assert build_site(built).ok
    expected = _site_bytes(built)
    damage(built / ".dacu")
    _edit_copy(built, 1)  # the same content again: the same output is expected
    (built / "content/double11/smart-life.md").touch()
    result = build_site(built)
    assert result.ok, [f.message for f in result.findings]
    assert _site_bytes(built) == expected
    assert good  # the first build published too


def _replace_table(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("DROP TABLE kv")
    db.execute("CREATE TABLE kv (k INTEGER, other BLOB)")
    db.commit()
    db.close()


def _poison_values(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE kv SET v = CASE WHEN rowid % 3 = 0 THEN 'not json' WHEN rowid % 3 = 1 THEN '[1, {}]' "
               "ELSE '{\"w\": \"x\", \"links\": 5}' END")
    db.commit()
    db.close()


def _file_for_folder(path: Path) -> None:
    import shutil
    shutil.rmtree(path, ignore_errors=True)
    path.write_text("not a folder")


def _flip_bytecode(folder: Path) -> None:
    for path in folder.iterdir():
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))


def _build_in_a_new_process(root: Path) -> subprocess.CompletedProcess[str]:
    # Compiled templates are kept per process: only a new process reads them from .dacu/templates.
    return subprocess.run([sys.executable, "-m", "dacu.cli.main", "--source", str(root), "--lang", "en", "build"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})


def test_damaged_compiled_templates_are_compiled_again(built: Path) -> None:
    _edit_copy(built, 3)
    assert _build_in_a_new_process(built).returncode == 0
    expected = _site_bytes(built)
    assert any((built / ".dacu/templates").iterdir())
    _flip_bytecode(built / ".dacu/templates")
    _edit_copy(built, 3)
    (built / "content/double11/smart-life.md").touch()
    run = _build_in_a_new_process(built)
    assert run.returncode == 0, run.stdout + run.stderr
    assert _site_bytes(built) == expected


def test_a_truncated_or_swapped_variant_is_never_published(built: Path) -> None:
    variants = sorted((built / ".dacu/variants").rglob("*.webp"))
    expected = _site_bytes(built)
    a, b = variants[0], variants[1]
    data_a, data_b = a.read_bytes(), b.read_bytes()
    # The site's copies are hard links of these files: edit through new inodes, as a copy tool would.
    a.unlink(), b.unlink()
    a.write_bytes(data_b)
    b.write_bytes(data_a[: len(data_a) // 2])
    (built / "site").rename(built / "old-site")   # nothing to reuse: every variant is published again
    import shutil
    shutil.rmtree(built / "old-site")
    _edit_copy(built, 2)
    result = build_site(built)
    assert result.ok
    site = _site_bytes(built)
    for name, data in expected.items():
        if name.endswith(".webp"):
            assert site[name] == data, name


def test_values_of_the_wrong_shape_are_dropped(tmp_path: Path) -> None:
    warnings = []
    cache = Cache(tmp_path, warn=warnings.append)
    cache.put("k", {"w": "wide"})
    assert cache.get("k", lambda v: isinstance(v.get("w"), int)) is None
    assert cache.get("k") is None  # dropped
    assert len(warnings) == 1


def test_a_folder_where_the_cache_file_should_be(tmp_path: Path) -> None:
    (tmp_path / "cache.sqlite").mkdir()
    (tmp_path / "cache.sqlite/x").write_text("x")
    warnings = []
    cache = Cache(tmp_path, warn=warnings.append)
    cache.put("k", 1)
    assert cache.get("k") == 1 and warnings


def test_checking_twice_never_touches_the_source_images(scratch) -> None:  # type: ignore[no-untyped-def]
    write_valid_site(scratch)
    before = {p: p.read_bytes() for p in (scratch.root / "assets").rglob("*") if p.is_file()}
    for n in range(2):
        _edit_copy(scratch.root, n)
        assert build_site(scratch.root, write=False).ok
    assert {p: p.read_bytes() for p in (scratch.root / "assets").rglob("*") if p.is_file()} == before
