"""One build at a time per site: an exclusive lock on ``.dacu/lock``.

Two builds of one site at once would each delete the other's temporary
folder and race on the swap. Every build (``build``, ``check`` and every
rebuild of ``serve``, which builds through the same function) holds
``fcntl.flock`` on ``.dacu/lock`` from before it reads the previous output
until the swap is done. The holder writes its process id into the file, so a
second build says which process it waits for. The kernel releases the lock
when its holder exits, however it exits (a kill -9 leaves no stale lock).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import Callable

from dacu.core.i18n import Message, msg
from dacu.core.usage import UsageProblem

try:
    import fcntl
except ImportError:  # Windows: no flock; builds are not serialised there (docs/cli.md)
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "lock"


class SiteLock:
    """``with SiteLock(work_dir, notify):`` holds the site's build lock, waiting for it if needed."""

    def __init__(self, work_dir: Path, notify: Callable[[Message], None] | None = None) -> None:
        self.path = work_dir / LOCK_FILE
        self._notify = notify or (lambda message: print(f"dacu: {message}", file=sys.stderr, flush=True))
        self._fd: int | None = None

    def __enter__(self) -> SiteLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise UsageProblem(msg("cannot write dacu's work folder {folder} ({error}): make the site folder "
                                   "writable, or run dacu as its owner", folder=str(self.path.parent),
                                   error=exc.strerror or str(exc))) from None
        self._fd = fd
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                self._notify(msg("another dacu build of this site is running (process {pid}): waiting for it "
                                 "to finish", pid=_holder(fd)))
                fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # the pid is only a courtesy to the next build
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the flock
            self._fd = None


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        text = ""
    return text if text.isdigit() else "?"
