"""Swapping a new output folder into place without a moment where it is missing.

On Linux, ``renameat2(RENAME_EXCHANGE)`` swaps two folders atomically: at
every instant ``site/`` is either the old tree or the new one. Where the OS
lacks it (macOS, other file systems, old kernels) two renames are used,
``site/`` → ``.site.old-*`` then ``.site.tmp-*`` → ``site/``; a crash between
them leaves no ``site/`` but the old tree beside it, and :func:`repair`
renames it back on the next run, before anything else happens, so the last
good output is never lost.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap the folders ``a`` and ``b``; False when the OS cannot."""
    if not sys.platform.startswith("linux"):
        return False   # renameat2 is Linux's; elsewhere ctypes.CDLL(None) may not even load (TypeError on Windows)
    import ctypes  # here, not at the top: a rebuild that swaps nothing does not pay its import

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False  # the kernel or the file system does not support the exchange
    raise OSError(code, os.strerror(code), str(a))


def swap_in(new: Path, target: Path, old: Path) -> bool:
    """Put ``new`` at ``target``; the previous tree (if any) ends at ``old``. True when there was one."""
    if not os.path.lexists(target):
        os.replace(new, target)
        return False
    if exchange(new, target):
        os.replace(new, old)  # ``new`` now holds the previous tree
        return True
    os.replace(target, old)
    os.replace(new, target)
    return True


def repair(target: Path) -> Path | None:
    """After a crash between the two renames: put the last good output back. Returns it, if restored."""
    if os.path.lexists(target) or not target.parent.is_dir():
        return None
    olds = sorted(target.parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in olds:
        if old.is_dir() and not old.is_symlink():
            os.replace(old, target)
            return target
    return None


def remove_leftovers(target: Path) -> None:
    """Temporary and old output folders of builds that were killed half-way (call under the site lock)."""
    if not target.parent.is_dir():
        return
    repair(target)
    for path in target.parent.glob(f".{target.name}.*-*"):
        if path.is_dir() and not path.is_symlink() and (".tmp-" in path.name or ".old-" in path.name):
            shutil.rmtree(path, ignore_errors=True)
