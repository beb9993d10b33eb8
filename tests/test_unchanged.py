"""Replaying the last run when nothing changed: inputs, output and moment all count."""

import importlib
import json
import os
import subprocess
import sys
import time

import pytest

from sitekit import PRODUCTS, REPO_ROOT, write_valid_site

NOW = "2026-11-11T10:00"


def replayed(result):
    return "unchanged" in result.timings


def test_nothing_changed_replays_the_findings(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",50,曲面屏", ",0,曲面屏"))  # an out-of-stock warning
    first = scratch.build(now=NOW)
    again = scratch.build(now=NOW)
    assert replayed(again) and again.ok and again.pages == first.pages
    assert again.findings == first.findings
    strict = scratch.build(now=NOW, strict=True)
    assert replayed(strict) and not strict.ok   # the warning fails a strict run, replayed or not


def test_any_change_is_built(scratch):
    write_valid_site(scratch)
    scratch.build(now=NOW)
    scratch.write("content/products.csv", PRODUCTS.replace(",69,99,", ",59,99,"))
    result = scratch.build(now=NOW)
    assert not replayed(result) and result.rendered == 4


def test_a_save_within_the_same_tick_of_the_clock_is_built(scratch):
    """Saved again right after a build, with the same size and (on a coarse clock) the same time."""
    write_valid_site(scratch)
    sheet = scratch.root / "content/products.csv"
    stat = sheet.stat()
    assert scratch.build(now=NOW).ok
    sheet.write_text(PRODUCTS.replace(",69,99,", ",59,99,"), encoding="utf-8")
    os.utime(sheet, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert sheet.stat().st_size == stat.st_size
    result = scratch.build(now=NOW)
    assert not replayed(result) and result.rendered == 4
    again = scratch.build(now=NOW)   # the new content is recorded: nothing changed since
    assert replayed(again)


def test_a_file_saved_long_before_the_build_replays_without_reading_it(scratch, monkeypatch):
    """Only files saved within RACY_NS of a run have their content digested."""
    replay = importlib.import_module("dacu.output.replay")   # the package's own ``replay`` is the function

    write_valid_site(scratch)
    long_ago = 1_700_000_000_000_000_000
    inputs = [p for top in ("content", "assets", "themes") for p in (scratch.root / top).rglob("*")]
    for path in [*inputs, scratch.root / "pyproject.toml"]:
        if path.exists():
            os.utime(path, ns=(long_ago, long_ago))
    assert scratch.build(now=NOW).ok
    record = json.loads((scratch.root / ".dacu/last-run.json").read_text(encoding="utf-8"))
    assert not any(name.startswith(("content/", "assets/", "themes/")) for name in record["racy"])
    digested = []
    monkeypatch.setattr(replay, "content_digest", lambda path: digested.append(path) or 0)
    assert replayed(scratch.build(now=NOW))
    assert not any(str(scratch.root) in str(path) for path in digested)


def test_a_change_inside_site_is_repaired(scratch):
    write_valid_site(scratch)
    scratch.build(now=NOW)
    page = scratch.root / "site/products/100013/index.html"
    page.write_text("edited by hand", encoding="utf-8")
    result = scratch.build(now=NOW)
    assert not replayed(result) and "edited by hand" not in page.read_text(encoding="utf-8")


def test_another_moment_between_the_same_boundaries_replays_and_a_new_state_does_not(scratch):
    write_valid_site(scratch)
    scratch.build(now="2026-11-11T10:00")
    assert replayed(scratch.build(now="2026-11-11T11:00"))
    assert not replayed(scratch.build(now="2026-11-11T00:30"))   # the flash sale runs


def test_a_check_replays_but_does_not_stand_in_for_a_build(scratch):
    write_valid_site(scratch)
    scratch.check(now=NOW)
    assert replayed(scratch.check(now=NOW))
    assert not replayed(scratch.build(now=NOW))


def test_another_language_builds_again_for_its_report(scratch):
    write_valid_site(scratch)
    scratch.write("content/products.csv", PRODUCTS.replace(",50,曲面屏", ",0,曲面屏"))  # a warning: a report
    scratch.build(now=NOW, language="zh")
    assert replayed(scratch.build(now=NOW, language="zh"))
    english = scratch.build(now=NOW, language="en")
    assert not replayed(english)
    assert 'lang="en"' in english.report.read_text(encoding="utf-8")
    assert replayed(scratch.build(now=NOW, language="en"))


def test_the_command_line_replays_without_loading_the_engine(scratch):
    write_valid_site(scratch)
    scratch.build(now=NOW, language=None)  # the site's language, as the command line uses it
    code = ("import sys; from dacu.cli.main import main; rc = main(['--source', sys.argv[1], '--now', '" + NOW + "', '-q']);"
            "print('engine loaded' if 'dacu.build' in sys.modules else 'engine not loaded'); sys.exit(rc)")
    proc = subprocess.run([sys.executable, "-c", code, str(scratch.root)], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "engine not loaded"


@pytest.mark.parametrize("count", [3, 40])   # a few files stat'ed one by one, many through the folder's descriptor
def test_the_input_walk_stamps_every_file_of_a_folder(tmp_path, count):

    from dacu.output.replay import RACY_NS, input_signature

    folder = tmp_path / "content" / "products"
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"{n:03}.md").write_text("x" * n, encoding="utf-8")
        os.utime(folder / f"{n:03}.md", ns=(10**18, 10**18 + n))   # long before: not racy
    (folder / "zz.md").symlink_to(tmp_path / "nowhere.md")   # dangling: stamped (-1, -1), still an input
    (folder / "new.md").write_text("saved just now", encoding="utf-8")   # racy: its digest in its stamp
    files = {}
    before = input_signature(tmp_path, files)
    stamps = {label: stamp for label, stamp in files.items() if label.startswith("content/")}
    expected = {f"content/products/{n:03}.md": (n, 10**18 + n) for n in range(count)}
    expected["content/products/zz.md"] = (-1, -1)
    assert {label: stamp for label, stamp in stamps.items() if label != "content/products/new.md"} == expected
    assert list(stamps) == sorted(stamps)
    new = stamps["content/products/new.md"]
    assert len(new) == 3 and new[1] >= time.time_ns() - 2 * RACY_NS
    os.utime(folder / "001.md", ns=(10**18, 10**18 + 7))
    assert input_signature(tmp_path, {}) != before
