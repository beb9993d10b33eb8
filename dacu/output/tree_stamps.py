"""Was site/ touched since the last build? One ``stat`` per recorded file and folder, not a walk.

The walk of site/ (:func:`dacu.output.replay.output_signature`) lists every
folder and sorts and hashes every entry: 100 ms for the corpus's 4,006
files in 4,035 folders, the largest step of a one-file rebuild. A build
that records, beside the signature, each file's size and modification time
and each folder's modification time lets the next rebuild ``stat`` them
instead: a file added, removed or renamed in a folder changes the folder's
time, an edit the file's. A folder whose time is as recent as the moment it
was recorded could change again within the same tick of the file system's
clock, so its stamp also holds a digest of its entries' names, and a later
run lists it (as git does for "racily clean" files); once that moment is
old enough, the digest is dropped. How recent is too recent depends on the
clock (:func:`racy`): 2 s (:data:`dacu.output.replay.RACY_NS`, FAT's tick)
for a time in whole milliseconds, :data:`FINE_RACY_NS` for a finer one.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from pathlib import Path

#: A folder's stamp: its modification time (ns), and for a racy one the digest of its entries' names.
FolderStamp = tuple[int, ...]

#: How recent a folder's time is racy when it is not in whole milliseconds. A file system that keeps
#: finer times (ext4, XFS, Btrfs, APFS, NTFS) takes them from a clock that ticks every 1-16 ms (Linux's
#: jiffy, Windows' timer); coarse ones (FAT's 2 s, HFS+'s and old ext's 1 s, exFAT's 10 ms) keep whole
#: milliseconds and get the whole window. A full build writes the corpus's 4,000 folders within its last
#: 2 s: with the one window for all, the next rebuild listed every one of them (20 ms of its 150). As
#: with the 2 s, the times are taken to be by this machine's clock (a share whose server's clock is
#: behind by more than the window could hide an entry added within it).
FINE_RACY_NS = 100_000_000


def racy(mtime: int, now: int, racy_ns: int) -> bool:
    """Whether a folder modified at ``mtime`` (ns) could still change without a new time, seen at ``now``."""
    window = racy_ns if mtime % 1_000_000 == 0 else min(racy_ns, FINE_RACY_NS)
    return mtime >= now - window


def names_digest(names: Iterable[str]) -> int:
    """A digest of a folder's entry names, in any order."""
    text = "\0".join(sorted(names)).encode("utf-8", "surrogateescape")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def folder_stamp(path: str, mtime: int, names: Iterable[str] | None, now: int, racy_ns: int) -> FolderStamp:
    """The stamp of the folder at ``path`` modified at ``mtime``, seen at ``now`` (ns); ``names`` its entries
    when already listed."""
    if not racy(mtime, now, racy_ns):
        return (mtime,)
    return (mtime, names_digest(os.listdir(path) if names is None else names))


def folder_path(output: Path | str, label: str) -> str:
    """The path of the file or folder a ``site/...`` label of the output walk names."""
    return os.fspath(output) + label[4:]   # "site/./index.html" -> "<output>/./index.html"


def unchanged_tree(output: Path, files: dict[str, tuple[int, ...]],
                   folders: dict[str, FolderStamp], racy_ns: int) -> dict[str, FolderStamp] | None:
    """The folders' stamps now when every recorded file and folder of ``output`` is as recorded, else None.

    A racy folder is listed; it is no longer racy when its time is old enough (:func:`racy`).
    """
    base = os.fspath(output)
    if os.stat not in os.supports_dir_fd:
        return _unchanged(base, 4, base, None, files, folders, racy_ns)
    try:
        fd = os.open(base, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None
    try:
        # each path relative to site/'s descriptor: the kernel resolves 3 names a page, not the 8 or more
        # of the absolute path (8,000 stat calls in the corpus, about a tenth quicker)
        return _unchanged("", 5, base, fd, files, folders, racy_ns)
    finally:
        os.close(fd)


def _unchanged(base: str, cut: int, listed: str, fd: int | None, files: dict[str, tuple[int, ...]],
               folders: dict[str, FolderStamp], racy_ns: int) -> dict[str, FolderStamp] | None:
    """:func:`unchanged_tree` with each label's path as ``base`` + the label from ``cut`` on (below ``fd``
    when given: "site/./index.html" -> "./index.html"); ``listed`` is site/'s path."""
    stat = os.stat
    for label, stamp in files.items():
        try:
            found = stat(base + label[cut:], dir_fd=fd)
            if (found.st_size, found.st_mtime_ns) != stamp:
                return None
        except OSError:  # gone, or a dangling symlink (the walk stamps it so)
            if stamp != (-1, -1):
                return None
    seen = time.time_ns()
    current: dict[str, FolderStamp] = {}
    for label, stamp in folders.items():
        try:
            mtime = stat(base + label[cut:], dir_fd=fd).st_mtime_ns
            if mtime != stamp[0] or (len(stamp) > 1 and names_digest(os.listdir(listed + label[4:])) != stamp[1]):
                return None
        except OSError:
            return None
        current[label] = stamp if len(stamp) > 1 and racy(mtime, seen, racy_ns) else (mtime,)
    return current


def restamp(output: Path, folders: dict[str, FolderStamp], paths: Iterable[str], racy_ns: int) -> bool:
    """Stamp again the folders of ``paths`` (relative to ``output``), written or removed; False when one is
    not a recorded folder (a new one: the walk must say where it goes)."""
    now = time.time_ns()
    for path in paths:
        folder = path.rpartition("/")[0]
        label = f"site/{folder}" if folder else "site/."
        if label not in folders:
            return False
        where = folder_path(output, label)
        try:
            folders[label] = folder_stamp(where, os.stat(where).st_mtime_ns, None, now, racy_ns)
        except OSError:
            return False
    return True
