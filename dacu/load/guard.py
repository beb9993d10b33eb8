"""The one gate every input file passes: inside the site, a real file, not too big.

Content, sheets, long copy, venue files and theme files are read through
:func:`read_input` (images through :func:`dacu.load.image_file.resolve_asset`,
which keeps them inside assets/). A symbolic link is followed only while it
stays inside the site root: one leading elsewhere (``/etc/passwd``) or to
nothing is refused with a finding, so no file from outside the site is ever
read, shown in a message or published. A FIFO or device is refused (reading
one would block), and a file over the size limit is refused before it is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from dacu.core.i18n import Message, msg
from dacu.core.limits import PATH_CHARS


class Refused(Exception):
    """An input file dacu will not read; ``message`` says what to change."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class RealPaths:
    """Real paths of files, each folder's resolved once.

    A ``realpath`` walks every component of a path with one ``lstat`` each,
    which was most of reading 4,000 long copies (and of hashing a campaign's
    2,000 images). A file that is not itself a link resolves to its folder's
    real path plus its name, which is exactly what the full ``realpath`` gives.
    """

    def __init__(self) -> None:
        self._folders: dict[Path, str] = {}

    def folder(self, path: Path) -> str:
        """The real path of the folder ``path``, resolved once."""
        real = self._folders.get(path)
        if real is None:
            real = self._folders[path] = os.path.realpath(path)
        return real

    def real(self, path: Path) -> tuple[str, os.stat_result]:
        """``path``'s real path and its status (OSError and ValueError as ``realpath`` and ``stat`` raise them)."""
        if path.name not in ("", ".", ".."):
            info = os.lstat(path)
            if not stat.S_ISLNK(info.st_mode):
                return os.path.join(self.folder(path.parent), path.name), info
        real = os.path.realpath(path, strict=False)
        return real, os.stat(real)


class InputGuard:
    """:func:`check_input` and :func:`read_input` for many files below one root.

    The root's real path, and that of each folder, is resolved once (:class:`RealPaths`): a file is inside
    the root exactly when the full ``realpath`` would say so.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._real_root: str | None = None
        self._paths = RealPaths()

    def check(self, path: Path) -> Path:
        """``path`` (below the root) resolved, or :class:`Refused` when it must not be read."""
        root = self.root
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = path.name
        if len(shown) > PATH_CHARS or any(len(part.encode("utf-8", "surrogateescape")) > 255 for part in path.parts):
            raise Refused(msg("{path}: the path is over {limit} characters (or a name over 255 bytes): "
                              "use shorter folder and file names", path=shown[:120] + "…", limit=PATH_CHARS))
        try:
            if self._real_root is None:
                self._real_root = os.path.realpath(root)
            real, info = self._paths.real(path)
            inside = real == self._real_root or real.startswith(self._real_root.rstrip(os.sep) + os.sep)
        except FileNotFoundError:
            raise Refused(msg("{path} is a symbolic link to a file that does not exist: remove the link or "
                              "restore its target", path=shown)) from None
        except (OSError, ValueError) as exc:  # a link loop, a NUL byte, no permission
            raise Refused(msg("{path} cannot be read ({error}): check the file and its permissions",
                              path=shown, error=exc.strerror or type(exc).__name__
                              if isinstance(exc, OSError) else str(exc))) from None
        if not inside:
            raise Refused(msg("{path} is a symbolic link to a file outside the site folder: copy the file into "
                              "the site instead of linking to it", path=shown))
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            raise Refused(msg("{path} is not a regular file (a pipe, socket or device): replace it with a file",
                              path=shown))
        return Path(real)

    def read(self, path: Path, max_bytes: int) -> bytes:
        """The bytes of an input file, through :meth:`check` and the size limit."""
        real = self.check(path)
        root = self.root
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        try:
            with open(real, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except IsADirectoryError:
            raise Refused(msg("{path} is a folder, not a file: rename it", path=shown)) from None
        except OSError as exc:
            raise Refused(msg("{path} cannot be read ({error}): check the file and its permissions",
                              path=shown, error=exc.strerror or type(exc).__name__)) from None
        if len(data) > max_bytes:
            raise Refused(msg("{path} is over {limit} MB: split it, or raise limits.file_mb in [tool.dacu] if it "
                              "really is that big", path=shown, limit=max_bytes // 1_000_000))
        return data


def check_input(root: Path, path: Path) -> Path:
    """``path`` (below ``root``) resolved, or :class:`Refused` when it must not be read."""
    return InputGuard(root).check(path)


def read_input(root: Path, path: Path, max_bytes: int) -> bytes:
    """The bytes of an input file, through :func:`check_input` and the size limit."""
    return InputGuard(root).read(path, max_bytes)


def listed(path: Path) -> bool:
    """A directory entry to read as a file: a file, or a symbolic link (the guard judges it)."""
    return path.is_symlink() or path.is_file()
