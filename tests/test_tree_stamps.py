"""Which folders of site/ are racy (:mod:`dacu.output.tree_stamps`): listed by the next rebuild, not trusted
by their time alone."""

from __future__ import annotations

import os
import time
from pathlib import Path

from dacu.output.tree_stamps import FINE_RACY_NS, folder_stamp, racy, unchanged_tree

RACY_NS = 2_000_000_000
SECOND = 1_000_000_000


def test_a_time_in_whole_milliseconds_is_racy_for_the_whole_window() -> None:
    now = 1_800_000_000 * SECOND
    assert racy(now - SECOND, now, RACY_NS)            # a 1 s or 2 s clock (FAT, HFS+) may tick again
    assert racy(now - 1_990_000_000, now, RACY_NS)     # exFAT's 10 ms
    assert not racy(now - RACY_NS - SECOND, now, RACY_NS)


def test_a_finer_time_is_racy_for_the_fine_window_only() -> None:
    now = 1_800_000_000 * SECOND + 123_456_789
    assert racy(now - 5_000_001, now, RACY_NS)
    assert not racy(now - FINE_RACY_NS - 1_000_001, now, RACY_NS)
    assert not racy(now - 1_000_001, now, 0)           # never more than the window asked for


def _folder(tmp_path: Path, mtime: int) -> str:
    folder = tmp_path / "site" / "products"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("x", encoding="utf-8")
    os.utime(folder, ns=(mtime, mtime))
    return os.fspath(folder)


def test_a_folder_a_fine_clock_stamped_a_moment_ago_is_not_listed(tmp_path: Path) -> None:
    now = time.time_ns()
    whole = now - 3 * FINE_RACY_NS
    whole -= whole % 1_000_000
    mtime = whole + 7   # not whole milliseconds
    folder = _folder(tmp_path, mtime)
    assert folder_stamp(folder, mtime, None, now, RACY_NS) == (mtime,)
    assert len(folder_stamp(folder, whole, None, now, RACY_NS)) == 2   # whole ms: its names digested


def test_an_entry_added_under_a_racy_folders_unchanged_time_is_noticed(tmp_path: Path) -> None:
    now = time.time_ns()
    mtime = now - now % 1_000_000   # whole milliseconds, this moment: a coarse clock's
    folder = _folder(tmp_path, mtime)
    folders = {"site/products": folder_stamp(folder, mtime, None, now, RACY_NS)}
    assert unchanged_tree(tmp_path / "site", {}, folders, RACY_NS) == folders
    (Path(folder) / "notes.txt").write_text("mine", encoding="utf-8")
    os.utime(folder, ns=(mtime, mtime))   # within the same tick of the coarse clock
    assert unchanged_tree(tmp_path / "site", {}, folders, RACY_NS) is None


def test_each_recorded_file_and_folder_is_checked_with_or_without_a_descriptor_of_site(tmp_path: Path,
                                                                                       monkeypatch) -> None:
    from dacu.output.replay import output_signature

    site = tmp_path / "site"
    (site / "products" / "a").mkdir(parents=True)
    (site / "products" / "a" / "index.html").write_text("a", encoding="utf-8")
    (site / "index.html").write_text("home", encoding="utf-8")
    old = time.time_ns() - 3 * RACY_NS
    for path in (site / "products" / "a", site / "products", site):
        os.utime(path, ns=(old, old))
    for descriptor in (True, False):
        if not descriptor:
            monkeypatch.setattr(os, "supports_dir_fd", set())   # a system without stat(dir_fd=...)
        files: dict[str, tuple[int, ...]] = {}
        folders: dict[str, tuple[int, ...]] = {}
        output_signature(site, files, folders)
        assert set(files) == {"site/./index.html", "site/products/a/index.html"}
        assert unchanged_tree(site, files, folders, RACY_NS) == folders
        page = site / "products" / "a" / "index.html"
        page.write_text("edited", encoding="utf-8")
        assert unchanged_tree(site, files, folders, RACY_NS) is None
        page.unlink()
        assert unchanged_tree(site, files, folders, RACY_NS) is None
        page.write_text("a", encoding="utf-8")
        os.utime(page, ns=(files["site/products/a/index.html"][1],) * 2)
        os.utime(page.parent, ns=(old, old))
        assert unchanged_tree(site, files, folders, RACY_NS) == folders
        (site / "extra.html").write_text("mine", encoding="utf-8")
        assert unchanged_tree(site, files, folders, RACY_NS) is None   # site/'s time moved
        (site / "extra.html").unlink()
        os.utime(site, ns=(old, old))
