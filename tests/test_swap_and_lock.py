"""One build at a time, and site/ is never missing (issue 13, items 7 and 9)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

from dacu.build import build_site
from dacu.output.lock import SiteLock
from dacu.output.swap import exchange, repair, swap_in
from sitekit import write_valid_site


def test_exchange_swaps_two_folders_atomically(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/x").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b/x").write_text("b")
    if not exchange(tmp_path / "a", tmp_path / "b"):
        return  # this kernel or file system cannot: swap_in falls back to two renames (tested below)
    assert (tmp_path / "a/x").read_text() == "b" and (tmp_path / "b/x").read_text() == "a"


def test_swap_in_falls_back_to_two_renames_off_linux(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Elsewhere renameat2 does not exist, and on Windows ctypes.CDLL(None) raises TypeError: never reach it.
    import ctypes
    import sys

    def no_libc(*args: object, **kwargs: object) -> None:
        raise TypeError("LoadLibrary() argument 1 must be str, not None")

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    target, new, old = tmp_path / "site", tmp_path / ".site.tmp-1", tmp_path / ".site.old-1"
    for folder, text in ((target, "old"), (new, "new")):
        folder.mkdir()
        (folder / "v").write_text(text)
    assert exchange(new, target) is False
    assert swap_in(new, target, old) is True
    assert (target / "v").read_text() == "new" and (old / "v").read_text() == "old" and not new.exists()


def test_swap_in_never_leaves_the_target_missing(tmp_path: Path) -> None:
    target, new, old = tmp_path / "site", tmp_path / ".site.tmp-1", tmp_path / ".site.old-1"
    target.mkdir()
    (target / "v").write_text("1")
    seen: list[bool] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            seen.append(target.is_dir())

    watcher = threading.Thread(target=watch)
    watcher.start()
    for n in range(2, 200):
        new.mkdir()
        (new / "v").write_text(str(n))
        swap_in(new, target, old)
        import shutil
        shutil.rmtree(old)
    stop.set()
    watcher.join()
    if exchange.__module__ and os.uname().sysname == "Linux":
        assert all(seen), f"site/ was missing {seen.count(False)} times"
    assert (target / "v").read_text() == "199"


def test_a_crash_between_the_renames_is_repaired(scratch) -> None:  # type: ignore[no-untyped-def]
    write_valid_site(scratch)
    assert build_site(scratch.root).ok
    good = {p.relative_to(scratch.root / "site"): p.read_bytes() for p in (scratch.root / "site").rglob("*")
            if p.is_file()}
    # Killed after site/ → .site.old-* and before .site.tmp-* → site/:
    os.replace(scratch.root / "site", scratch.root / ".site.old-deadbeef")
    (scratch.root / ".site.tmp-cafebabe").mkdir()
    # The next build fails (an error finding): the last good output must still be there.
    (scratch.root / "content/double11/index.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    result = build_site(scratch.root)
    assert not result.ok
    now = {p.relative_to(scratch.root / "site"): p.read_bytes() for p in (scratch.root / "site").rglob("*")
           if p.is_file()}
    assert now == good
    assert not list(scratch.root.glob(".site.*"))


def test_repair_keeps_an_existing_site(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / ".site.old-1").mkdir()
    assert repair(tmp_path / "site") is None and (tmp_path / ".site.old-1").exists()


def _build_in_child(root: str, queue) -> None:  # type: ignore[no-untyped-def]
    try:
        queue.put(build_site(Path(root)).ok)
    except BaseException as exc:  # the test reports what crashed
        queue.put(repr(exc))


def test_concurrent_builds_wait_for_each_other(scratch) -> None:  # type: ignore[no-untyped-def]
    write_valid_site(scratch)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    children = []
    for n in range(4):
        (scratch.root / "content/double11/smart-life.md").write_text(f"---\ntitle: 会场{n}\n---\n", encoding="utf-8")
        child = context.Process(target=_build_in_child, args=(str(scratch.root), queue))
        child.start()
        children.append(child)
    results = [queue.get(timeout=600) for _ in children]
    for child in children:
        child.join()
    assert results == [True] * 4
    assert (scratch.root / "site/index.html").is_file()
    assert not list(scratch.root.glob(".site.*"))


def test_a_waiting_build_says_who_holds_the_lock(tmp_path: Path) -> None:
    said: list[str] = []
    with SiteLock(tmp_path):
        waiter = threading.Thread(target=lambda: SiteLock(tmp_path, lambda m: said.append(str(m))).__enter__())
        waiter.start()
        while not said:
            waiter.join(0.01)
    waiter.join()
    assert said == [f"another dacu build of this site is running (process {os.getpid()}): waiting for it to finish"]


def test_a_read_only_work_folder_is_a_usage_error(scratch, capsys) -> None:  # type: ignore[no-untyped-def]
    from dacu.cli.main import main
    if os.geteuid() == 0:
        return  # root writes anywhere: the refusal cannot be provoked
    write_valid_site(scratch, images=False)
    (scratch.root / ".dacu").mkdir()
    (scratch.root / ".dacu").chmod(0o500)
    try:
        assert main(["--source", str(scratch.root), "--lang", "en", "build"]) == 2
        assert "cannot write dacu's work folder" in capsys.readouterr().err
    finally:
        (scratch.root / ".dacu").chmod(0o700)


def test_a_full_disk_is_a_usage_error_and_site_stays(scratch, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno
    from dacu.cli.main import main
    write_valid_site(scratch)
    assert build_site(scratch.root).ok
    before = {p: p.read_bytes() for p in (scratch.root / "site").rglob("*") if p.is_file()}

    def full(folder: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / ".dacu-output"))

    monkeypatch.setattr("dacu.output.write.write_marker", full)
    (scratch.root / "content/double11/smart-life.md").write_text("---\ntitle: 新会场\n---\n", encoding="utf-8")
    assert main(["--source", str(scratch.root), "--lang", "en", "build"]) == 2
    err = capsys.readouterr().err
    assert "the disk is full while writing" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in (scratch.root / "site").rglob("*") if p.is_file()} == before
    assert not list(scratch.root.glob(".site.*"))


def test_a_read_only_output_is_a_usage_error(scratch, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import errno
    from dacu.cli.main import main
    write_valid_site(scratch)

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(scratch.root / "site"))

    monkeypatch.setattr("dacu.output.write.swap_in", refused)
    assert main(["--source", str(scratch.root), "--lang", "en", "build"]) == 2
    assert "dacu may not write" in capsys.readouterr().err
