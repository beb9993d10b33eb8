"""The output folder: a folder of its own inside the site root, and dacu only replaces what it wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dacu.cli.main import main
from dacu.core.output_folder import MARKER
from sitekit import write_valid_site


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".dacu" not in p.parts}


@pytest.mark.parametrize("output", ["content", "assets", "themes", ".dacu", ".", "", "./", "content/site",
                                    "../elsewhere", "/tmp/dacu-out", "a/../../b", "CONTENT", "pyproject.toml"])
def test_output_that_is_not_a_folder_of_its_own_is_refused(scratch, capsys, output: str) -> None:
    write_valid_site(scratch, images=False)
    scratch.write("pyproject.toml", f'[tool.dacu]\noutput = "{output}"\n')
    scratch.write("themes/default/static/extra.css", "body{}")
    before = _tree(scratch.root)
    code = main(["--source", str(scratch.root), "--lang", "en", "build"])
    err = capsys.readouterr().err
    assert code == 2
    assert f'output = "{output}" is not allowed' in err
    assert err.count("\n") == 1  # one sentence
    assert _tree(scratch.root) == before


def test_output_symlinked_out_of_the_root_is_refused(scratch, tmp_path, capsys) -> None:
    write_valid_site(scratch, images=False)
    (tmp_path / "outside").mkdir()
    (scratch.root / "public").symlink_to(tmp_path / "outside")
    scratch.write("pyproject.toml", '[tool.dacu]\noutput = "public"\n')
    assert main(["--source", str(scratch.root), "--lang", "en", "build"]) == 2
    assert "is not allowed" in capsys.readouterr().err


def test_a_folder_dacu_did_not_write_is_never_replaced(scratch, capsys) -> None:
    write_valid_site(scratch)
    scratch.write("pyproject.toml", '[tool.dacu]\noutput = "docs"\n')
    scratch.write("docs/notes.txt", "the team's notes")
    assert main(["--source", str(scratch.root), "--lang", "en", "build"]) == 2
    assert "docs/ holds files dacu did not write" in capsys.readouterr().err
    assert (scratch.root / "docs/notes.txt").read_text() == "the team's notes"
    assert [p.name for p in (scratch.root / "docs").iterdir()] == ["notes.txt"]


def test_the_output_folder_carries_the_marker_and_is_rebuilt(scratch) -> None:
    write_valid_site(scratch)
    scratch.write("pyproject.toml", '[tool.dacu]\noutput = "public/www"\n')
    assert scratch.build().ok
    assert (scratch.root / "public/www" / MARKER).is_file()
    scratch.write("content/double11/smart-life.md", "---\ntitle: 新会场\n---\n")
    assert scratch.build().ok   # its own folder: replaced
    assert (scratch.root / "public/www" / MARKER).is_file()


def test_a_site_built_before_the_marker_is_still_taken_over(scratch) -> None:
    write_valid_site(scratch)
    assert scratch.build().ok
    (scratch.root / "site" / MARKER).unlink()
    manifest = scratch.root / ".dacu/manifest.json"   # as an older dacu recorded it: no marker in site/
    data = json.loads(manifest.read_text())
    stat = (scratch.root / "site").stat()
    manifest.write_text(json.dumps({**data, "site": [stat.st_ino, stat.st_mtime_ns]}))
    scratch.write("content/double11/smart-life.md", "---\ntitle: 新会场\n---\n")
    assert scratch.build().ok   # the manifest names this very folder
    assert (scratch.root / "site" / MARKER).is_file()
