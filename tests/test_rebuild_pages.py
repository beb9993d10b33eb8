"""Rebuilds from the record after a campaign's or venue's Markdown text changed: what a full build gives.

Each test edits a built site, rebuilds it, checks that the rebuild came from
the record ("incremental" in the timings) and compares findings, exit
status and every byte of site/ with a full build of a clean copy.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_rebuild_record import COPY, NOW, assert_same_as_full, built, tree

CAMPAIGN = "content/double11/index.md"
VENUE = "content/double11/smart-life.md"
REPO = Path(__file__).resolve().parent.parent


def append(site, rel: str, text: str) -> None:  # type: ignore[no-untyped-def]
    path = site.root / rel
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("rel, page, pages", [
    (CAMPAIGN, "double11/index.html", {"double11/index.html"}),
    (VENUE, "double11/smart-life/index.html", {"double11/index.html", "double11/smart-life/index.html"}),
])
def test_a_page_text_edit_is_rebuilt_from_the_record_as_a_full_build_would(scratch, tmp_path, rel, page, pages):
    built(scratch)
    before = tree(scratch.root / "site")
    append(scratch, rel, "\n8. 活动规则补充一条：latency-marker-1\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and result.ok
    assert 1 <= result.rendered <= len(pages)
    changed = {name for name, digest in tree(scratch.root / "site").items() if before.get(name) != digest}
    assert changed and changed <= pages | {name for name in changed if name.startswith("_report/")}
    assert "latency-marker-1" in (scratch.root / "site" / page).read_text(encoding="utf-8")
    assert_same_as_full(scratch, result, tmp_path)


def test_edits_one_after_another_keep_each_page_text(scratch, tmp_path):
    """The record's site model is not rewritten by a rebuild: each text a rebuild changed must be kept."""
    built(scratch)
    for n, rel in enumerate([VENUE, CAMPAIGN, VENUE, CAMPAIGN]):
        append(scratch, rel, f"\n- 第 {n} 次修改\n")
        result = scratch.build(now=NOW)
        assert "incremental" in result.timings and result.ok
        assert_same_as_full(scratch, result, tmp_path / str(n))


def test_a_text_and_a_long_copy_edited_together(scratch, tmp_path):
    built(scratch)
    append(scratch, CAMPAIGN, "\n活动规则补充一条。\n")
    scratch.write(COPY, "## 细节\n第二版\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and result.ok and result.rendered == 2
    assert_same_as_full(scratch, result, tmp_path)


def test_a_broken_link_in_the_rules_fails_at_its_line_and_the_fix_is_rebuilt(scratch, tmp_path):
    built(scratch)
    before = tree(scratch.root / "site")
    append(scratch, CAMPAIGN, "\n详见[规则](../nowhere/index.html)\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and not result.ok
    lines = (scratch.root / CAMPAIGN).read_text(encoding="utf-8").splitlines()
    assert any(f.rule == "broken-link" and f.file == CAMPAIGN and f.line == len(lines) for f in result.findings)
    assert tree(scratch.root / "site") == before
    assert_same_as_full(scratch, result, tmp_path)
    path = scratch.root / CAMPAIGN
    path.write_text(path.read_text(encoding="utf-8").replace("../nowhere/index.html", "smart-life/"), encoding="utf-8")
    fixed = scratch.build(now=NOW)
    assert "incremental" in fixed.timings and fixed.ok
    assert_same_as_full(scratch, fixed, tmp_path / "fixed")


def test_a_markdown_problem_in_a_venue_text_comes_and_goes(scratch, tmp_path):
    built(scratch)
    append(scratch, VENUE, "\n[点我](javascript:alert(1))\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and any(f.file == VENUE for f in result.findings)
    assert_same_as_full(scratch, result, tmp_path)
    path = scratch.root / VENUE
    path.write_text(path.read_text(encoding="utf-8").replace("javascript:alert(1)", "https://example.com/"),
                    encoding="utf-8")
    again = scratch.build(now=NOW)
    assert "incremental" in again.timings and not any(f.file == VENUE for f in again.findings)
    assert_same_as_full(scratch, again, tmp_path / "again")


@pytest.mark.parametrize("rel", [CAMPAIGN, VENUE])
def test_a_front_matter_edit_runs_the_full_build(scratch, tmp_path, rel):
    """A title is shown on other pages (the venue's on the landing page, the campaign's everywhere)."""
    built(scratch)
    path = scratch.root / rel
    text = path.read_text(encoding="utf-8")
    assert "\ntitle: " in text
    path.write_text(text.replace("\ntitle: ", "\ntitle: 新", 1) + "\n活动规则补充一条。\n", encoding="utf-8")
    result = scratch.build(now=NOW)
    assert "incremental" not in result.timings
    assert_same_as_full(scratch, result, tmp_path)


def test_the_command_line_rebuilds_a_text_edit_without_importing_the_pipeline(scratch, tmp_path):
    """A fresh process (an editor's save hook, CI) answers from the record before it imports dacu.build."""
    built(scratch)
    append(scratch, CAMPAIGN, "\n活动规则补充一条。\n")
    probe = ("import json, sys\nfrom dacu.cli.main import main\n"
             f"code = main(['--source', {str(scratch.root)!r}, '--now', {NOW!r}, '--lang', 'en', 'build', '--format', 'json'])\n"
             "print(json.dumps({'code': code, 'pipeline': 'dacu.build' in sys.modules,"
             " 'pillow': 'PIL.Image' in sys.modules, 'yaml': 'yaml' in sys.modules}))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer == {"code": 0, "pipeline": False, "pillow": False, "yaml": True}  # the edited page's YAML only
    assert json.loads("\n".join(done.stdout.strip().splitlines()[:-1]))["ok"]  # built without the pipeline
    full = scratch.build(now=NOW)  # replayed: the rebuild recorded its result
    assert "unchanged" in full.timings
    assert_same_as_full(scratch, full, tmp_path)


def test_the_command_line_rebuilds_a_long_copy_edit_with_only_the_modules_it_runs(scratch, tmp_path):
    """No sheets' loader, hero measure, progress line, image decoding or pipeline for one detail page."""
    built(scratch)
    append(scratch, COPY, "\n第二版\n")
    unused = ["dacu.build", "dacu.model.products", "dacu.checks.text_fit", "dacu.core.progress", "dacu.load.image_file"]
    probe = ("import json, sys\nfrom dacu.cli.main import main\n"
             f"code = main(['--source', {str(scratch.root)!r}, '--now', {NOW!r}, '--lang', 'en', 'build', '-q'])\n"
             f"print(json.dumps([code, [name for name in {unused!r} if name in sys.modules]]))\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [0, []]
    full = scratch.build(now=NOW)  # replayed: the rebuild recorded its result
    assert "unchanged" in full.timings
    assert_same_as_full(scratch, full, tmp_path)


def test_a_discount_claim_added_to_the_rules_is_judged_as_a_full_build_would(scratch, tmp_path):
    """The rules are copy: price-claim reads them (checks/content/claims.py), so a rules edit can add a claim."""
    built(scratch)
    before = tree(scratch.root / "site")
    append(scratch, CAMPAIGN, "\n全场低至1折，错过再等一年。\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings
    assert_same_as_full(scratch, result, tmp_path)
    assert any(f.rule == "price-claim" and f.file == CAMPAIGN for f in result.findings)
    if not result.ok:
        assert tree(scratch.root / "site") == before   # an error leaves site/ as it was
    path = scratch.root / CAMPAIGN
    path.write_text(path.read_text(encoding="utf-8").replace("全场低至1折，", "")[:-1] + "\n\n", encoding="utf-8")
    fixed = scratch.build(now=NOW)
    assert not any(f.rule == "price-claim" for f in fixed.findings)
    assert_same_as_full(scratch, fixed, tmp_path / "fixed")


def test_a_line_added_above_a_claim_in_the_rules_moves_its_finding(scratch, tmp_path):
    """A claim no product backs stays a finding; lines added above it move it, as a full build says."""
    built(scratch)
    scratch.write("pyproject.toml", '[tool.dacu.rules]\nprice-claim = "warning"\n')
    append(scratch, CAMPAIGN, "\n全场低至1折。\n")
    first = scratch.build(now=NOW)
    assert first.ok and any(f.rule == "price-claim" for f in first.findings)
    path = scratch.root / CAMPAIGN
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\n全场低至1折。", "\n补充一行。\n\n全场低至1折。"), encoding="utf-8")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and result.ok
    assert_same_as_full(scratch, result, tmp_path)


@pytest.mark.parametrize("rel", [CAMPAIGN, VENUE, COPY])
def test_a_deleted_page_file_builds_as_a_full_build_would(scratch, tmp_path, rel):
    built(scratch)
    (scratch.root / rel).unlink()
    result = scratch.build(now=NOW)
    assert_same_as_full(scratch, result, tmp_path)


def test_a_text_edited_twice_within_one_mtime_tick_with_the_same_size(scratch, tmp_path):
    built(scratch)
    append(scratch, VENUE, "\n- 第一版\n")
    path = scratch.root / VENUE
    stat = path.stat()
    assert scratch.build(now=NOW).ok
    path.write_text(path.read_text(encoding="utf-8").replace("第一版", "第二版"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))   # the same tick: a coarse clock, or 1 s on FAT
    assert path.stat().st_size == stat.st_size
    result = scratch.build(now=NOW)
    assert_same_as_full(scratch, result, tmp_path)


def test_a_record_of_an_older_version_builds_in_full_without_calling_it_damaged(scratch, tmp_path, caplog):
    """Version 1 had no texts kept by rebuilds (``bodies``): valid, but not this engine's to trust."""
    import logging
    import pickle

    from dacu.incremental import record

    built(scratch)
    path = scratch.root / ".dacu/incremental.pickle"
    old = record.load(scratch.root / ".dacu", "en")
    assert old is not None
    old.version = 1
    del old.__dict__["bodies"]
    path.write_bytes(pickle.dumps(old))
    append(scratch, CAMPAIGN, "\n活动规则补充一条。\n")
    with caplog.at_level(logging.WARNING, logger="dacu"):
        result = scratch.build(now=NOW)
    assert "incremental" not in result.timings and "damaged" not in caplog.text
    assert_same_as_full(scratch, result, tmp_path)
