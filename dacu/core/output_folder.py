"""Where a build may write: a folder of its own inside the site root.

dacu replaces its output folder whole on every build, so the folder must hold
nothing but what dacu wrote. ``output`` is refused (a usage problem, exit 2)
when it is the site root itself, leaves it (absolute, ``..``, a symlink out),
or is or lies inside an input folder (content/, assets/, themes/, .dacu/).
A folder that already exists is taken over only when dacu wrote it: it holds
the marker file :data:`MARKER`, or it is the one the last build's manifest
names (sites built before the marker existed).
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath, PureWindowsPath

from dacu.core.i18n import msg
from dacu.core.usage import UsageProblem

#: The file in the output folder that says dacu owns it (written on every swap).
MARKER = ".dacu-output"
MARKER_TEXT = "This folder is written by dacu and replaced whole on every build; do not keep files here.\n"
#: Top-level names of a site that hold input (or dacu's own work).
INPUT_FOLDERS = ("content", "assets", "themes", ".dacu", "pyproject.toml")


def check_output_setting(root: Path, output: str) -> None:
    """Refuse an ``output`` setting that is not a folder of its own inside ``root``."""
    text = output.strip()
    if not text or PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or text.startswith("~"):
        raise _refused(output)
    parts = [p for p in text.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or parts[0].casefold() in {name.casefold() for name in INPUT_FOLDERS}:
        raise _refused(output)
    real_root = root.resolve()
    real = (root / text).resolve()   # a symlinked folder counts where it points
    if real == real_root or not real.is_relative_to(real_root):
        raise _refused(output)
    for name in INPUT_FOLDERS:
        folder = (root / name).resolve()
        if real == folder or real.is_relative_to(folder) or folder.is_relative_to(real):
            raise _refused(output)


def _refused(output: str) -> UsageProblem:
    return UsageProblem(msg('output = "{output}" is not allowed: use a folder of its own inside the site root, such as '
                            '"site", that is not content, assets, themes or .dacu', output=output))


def check_output_owned(target: Path, manifest: Path | None) -> None:
    """Refuse to replace an existing ``target`` that dacu did not write."""
    if not os.path.lexists(target):
        return
    if target.is_symlink() or not target.is_dir():
        raise UsageProblem(msg("{folder} is not a folder dacu wrote: move it away or set output to another folder name",
                               folder=target.name))
    if (target / MARKER).is_file() or _named_by_manifest(target, manifest):
        return
    try:
        empty = next(os.scandir(target), None) is None
    except OSError:
        empty = False
    if not empty:
        raise UsageProblem(msg("{folder}/ holds files dacu did not write, and dacu replaces its output folder whole: "
                               "move them away or set output to another folder name", folder=target.name))


def _named_by_manifest(target: Path, manifest: Path | None) -> bool:
    """The folder the last build recorded (a site built before the marker existed)."""
    if manifest is None:
        return False
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        stat = target.stat()
        return isinstance(data, dict) and data.get("site") == [stat.st_ino, stat.st_mtime_ns]
    except (OSError, ValueError, RecursionError):
        return False


def write_marker(folder: Path) -> None:
    """Mark ``folder`` as dacu's output."""
    (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
