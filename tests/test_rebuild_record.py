"""Rebuilds from the incremental record: exactly what a full build of the same inputs gives.

Every test edits a built site, rebuilds it, and compares the result with a
full build of a clean copy of the same inputs (:func:`full_build_of`):
every byte of site/, the findings as JSON and whether the build passed.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import pytest

from conftest import ScratchSite
from sitekit import PRODUCTS, write_valid_site

NOW = "2026-11-11T10:00"
COPY = "content/products/100012.md"


def tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (the report included) by its hash."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def full_build_of(site: ScratchSite, tmp_path: Path, language: str = "en") -> tuple[bool, list[dict], dict]:
    """A full build of a clean copy of ``site``'s inputs: (ok, findings as JSON, site/ by hash)."""
    clean = ScratchSite(tmp_path / "clean")
    shutil.rmtree(clean.root)
    clean.root.mkdir()
    for name in ("content", "assets", "themes"):
        if (site.root / name).is_dir():
            shutil.copytree(site.root / name, clean.root / name)
    if (site.root / "pyproject.toml").is_file():
        shutil.copy(site.root / "pyproject.toml", clean.root / "pyproject.toml")
    result = clean.build(now=NOW, language=language)
    assert "incremental" not in result.timings
    return result.ok, [f.to_json() for f in result.findings], tree(clean.root / "site") if result.ok else {}


def assert_same_as_full(site: ScratchSite, result, tmp_path: Path, language: str = "en") -> None:  # type: ignore[no-untyped-def]
    ok, findings, files = full_build_of(site, tmp_path, language)
    assert [f.to_json() for f in result.findings] == findings
    assert result.ok == ok
    if ok:
        assert tree(site.root / "site") == files


#: The warning of a damaged record, in each language.
DAMAGED = {"en": "dacu: .dacu/incremental.pickle was damaged: it was deleted and the site is built in full",
           "zh": "dacu：.dacu/incremental.pickle 已损坏：已删除，站点将完整重新构建"}


def assert_rebuilt_in_full_after_damage(scratch: ScratchSite, caplog, tmp_path: Path, edit: str,  # type: ignore[no-untyped-def]
                                        language: str = "en"):
    """After the record was damaged, ``edit`` of the long copy is built in full, with one warning."""
    scratch.write(COPY, edit)
    with caplog.at_level(logging.WARNING, logger="dacu"):
        result = scratch.build(now=NOW, language=language)
    assert DAMAGED[language] in caplog.text
    assert "incremental" not in result.timings and result.ok
    assert_same_as_full(scratch, result, tmp_path, language)
    return result


def built(scratch: ScratchSite) -> ScratchSite:
    write_valid_site(scratch)
    scratch.write(COPY, "## 细节\n第一版，[说明](https://help.example.com/a.html)\n")
    assert scratch.build(now=NOW).ok
    return scratch


def test_a_long_copy_edit_is_rebuilt_from_the_record_as_a_full_build_would(scratch, tmp_path):
    built(scratch)
    scratch.write(COPY, "## 细节\n第二版\n\n追加一句：本周下单再送运费险。\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and result.rendered == 1 and result.files_written == 1
    assert "第二版" in (scratch.root / "site/products/100012/index.html").read_text(encoding="utf-8")
    assert_same_as_full(scratch, result, tmp_path)
    again = scratch.build(now=NOW)  # nothing changed since: replayed
    assert again.ok and "unchanged" in again.timings


@pytest.mark.parametrize("limit, expected", [(16, "rebuild from the record"), (1, "full build")])
def test_many_edited_copies_take_the_full_build_which_shares_them_among_the_cores(scratch, tmp_path, monkeypatch,
                                                                                 limit, expected):
    from dacu.incremental import rebuild

    built(scratch)
    scratch.write("content/products/100013.md", "## 耳机\n第一版\n")
    assert scratch.build(now=NOW).ok
    monkeypatch.setattr(rebuild, "QUICK_FILES", limit)
    monkeypatch.setattr(rebuild, "QUICK_SHARE", 1_000_000)   # a page count's share below one file
    scratch.write(COPY, "## 细节\n第二版\n")
    scratch.write("content/products/100013.md", "## 耳机\n第二版\n")
    result = scratch.build(now=NOW)
    assert ("incremental" in result.timings) == (expected == "rebuild from the record")
    assert "第二版" in (scratch.root / "site/products/100013/index.html").read_text(encoding="utf-8")
    assert_same_as_full(scratch, result, tmp_path)


@pytest.mark.parametrize("edit", ["text", "same fields"])
def test_a_copy_with_front_matter_is_rebuilt_from_the_record_while_its_fields_stay(scratch, tmp_path, edit):
    write_valid_site(scratch)
    scratch.write(COPY, "---\nwhy_now: 今晚截止\nreview_rate: 0.9\n---\n## 细节\n第一版\n")
    assert scratch.build(now=NOW).ok
    if edit == "text":
        scratch.write(COPY, "---\nwhy_now: 今晚截止\nreview_rate: 0.9\n---\n## 细节\n第二版\n")
    else:
        scratch.write(COPY, "---\nreview_rate: 0.90\nwhy_now: 今晚截止\n---\n## 细节\n第一版\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings
    assert_same_as_full(scratch, result, tmp_path)


def test_the_rebuild_reads_only_the_changed_file(scratch, monkeypatch):
    from dacu.load import guard
    from dacu.model import products

    built(scratch)
    scratch.write(COPY, "## 细节\n第二版\n")
    read: list[str] = []

    original = guard.InputGuard.read

    def counted(self, path, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.append(Path(path).relative_to(self.root).as_posix())
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(guard.InputGuard, "read", counted)
    monkeypatch.setattr(products, "read_sheet", lambda *a, **k: pytest.fail("a sheet was read"))
    assert "incremental" in scratch.build(now=NOW).timings
    assert read == [COPY]


@pytest.mark.parametrize("edit", ["row", "removed", "added", "front matter", "unreadable",
                                  "invalid field"])
def test_other_edits_give_what_a_full_build_gives(scratch, tmp_path, edit):
    built(scratch)
    if edit == "row":
        scratch.write("content/products.csv", PRODUCTS.replace(",69,99,", ",59,99,"))
    elif edit == "removed":
        (scratch.root / COPY).unlink()
    elif edit == "added":
        scratch.write("content/products/100013.md", "## 耳机\n新的长文案\n")
    elif edit == "front matter":
        scratch.write(COPY, "---\nwhy_now: 今晚截止\n---\n## 细节\n第二版\n")
    elif edit == "invalid field":
        scratch.write(COPY, "---\nwhy_now: 今晚截止\nreview_rate: 很多\n---\n## 细节\n第二版\n")
    else:
        scratch.write(COPY, b"\xff\xfe not UTF-8")
    result = scratch.build(now=NOW)
    assert "incremental" not in result.timings
    assert_same_as_full(scratch, result, tmp_path)


def test_an_edit_that_brings_an_error_leaves_site_untouched_and_the_fix_is_rebuilt(scratch, tmp_path):
    built(scratch)
    before = tree(scratch.root / "site")
    scratch.write(COPY, "## 细节\n[坏链接](../../nowhere/index.html)\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and not result.ok
    assert any(f.rule == "broken-link" and f.file == COPY and f.line == 2 for f in result.findings)
    assert tree(scratch.root / "site") == before
    assert_same_as_full(scratch, result, tmp_path)
    scratch.write(COPY, "## 细节\n修好了\n")
    fixed = scratch.build(now=NOW)
    assert "incremental" in fixed.timings and fixed.ok
    assert_same_as_full(scratch, fixed, tmp_path / "fixed")


def test_a_finding_in_the_copy_comes_and_goes_with_the_report(scratch, tmp_path):
    built(scratch)
    scratch.write(COPY, "## 细节\n[点我](javascript:alert(1))\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and any(f.file == COPY for f in result.findings)
    assert_same_as_full(scratch, result, tmp_path)
    scratch.write(COPY, "## 细节\n正常\n")
    result = scratch.build(now=NOW)
    assert "incremental" in result.timings and not any(f.file == COPY for f in result.findings)
    assert_same_as_full(scratch, result, tmp_path / "again")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_damaged_record_is_dropped_with_a_warning_and_the_site_built_in_full(scratch, tmp_path, caplog, language):
    built(scratch)
    (scratch.root / ".dacu/incremental.pickle").write_bytes(b"\x80\x05not a record")
    assert_rebuilt_in_full_after_damage(scratch, caplog, tmp_path, "## 细节\n第二版\n", language)


def test_a_record_cannot_run_code(scratch):
    import pickle

    from dacu.incremental import record

    built(scratch)
    evil = pickle.dumps(print)  # a function: refused by the record's unpickler
    (scratch.root / ".dacu/incremental.pickle").write_bytes(evil)
    assert record.load(scratch.root / ".dacu", "en") is None
    assert not (scratch.root / ".dacu/incremental.pickle").exists()


def test_an_edited_output_file_means_a_full_build(scratch, tmp_path):
    built(scratch)
    page = scratch.root / "site/products/100013/index.html"
    page.write_text("edited by hand", encoding="utf-8")
    scratch.write(COPY, "## 细节\n第二版\n")
    result = scratch.build(now=NOW)
    assert "incremental" not in result.timings
    assert_same_as_full(scratch, result, tmp_path)


def test_the_preview_session_rebuilds_a_saved_copy_from_the_record(scratch, tmp_path):
    """The preview keeps one session across builds: a saved long copy takes the same way."""
    from zoneinfo import ZoneInfo

    from dacu.build import build_site
    from dacu.load.schema import parse_time
    from dacu.session import Session

    write_valid_site(scratch)
    session, moment = Session(), parse_time(NOW, ZoneInfo("Asia/Shanghai"))
    assert build_site(scratch.root, now=moment, session=session, language="en").ok
    scratch.write(COPY, "## 细节\n第一版\n")   # a new file: the full pipeline
    assert "incremental" not in build_site(scratch.root, now=moment, session=session, language="en").timings
    scratch.write(COPY, "## 细节\n第二版\n")
    result = build_site(scratch.root, now=moment, session=session, language="en")
    assert result.ok and result.rendered == 1 and "incremental" in result.timings
    assert_same_as_full(scratch, result, tmp_path)
