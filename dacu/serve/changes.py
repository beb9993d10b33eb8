"""What a changed file means for the preview: a pure function over its path.

The preview server sees paths, not meaning. :func:`classify` turns one
changed path (relative to the site root, POSIX separators) into a
:class:`Change`: whether the build reads it at all, and how the browser
refreshes afterwards. :func:`plan` merges the changes of one batch of saves
into a single :class:`Plan`, so five files saved at once cost one build and
one reload.

The engine decides itself what a rebuild redoes (every page, image and
Markdown text is keyed by what it depends on, see docs/architecture.md), so
the preview only says *whether* to build:

==========  ==================================================================
kind        meaning
==========  ==================================================================
ignore      not read by the build (output, cache, VCS, editor temp files,
            other themes): no build
settings    pyproject.toml: the theme or the output folder may have moved,
            so the server reads them again; the pages reload
css         a stylesheet of the theme: rebuilt (it feeds the colour checks),
            and the browser swaps it without a page reload
input       anything else the build reads: rebuilt, the pages reload
==========  ==================================================================

A new file is classified like a modified one: a save through a rename
(``vim``, most IDEs) looks exactly like a new file to the watcher. A deleted
stylesheet reloads the page (its link breaks), so the caller says when a
file is gone.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Iterable

from dacu.core.settings import ASSETS_DIR, CONTENT_DIR, SETTINGS_FILE, THEMES_DIR
from dacu.load.sheets import SHEET_SUFFIXES


class Kind(enum.Enum):
    """What a changed path means for the preview (see the module docstring)."""

    IGNORE = "ignore"
    SETTINGS = "settings"
    CSS = "css"
    INPUT = "input"


class Reload(enum.IntEnum):
    """How the browser refreshes after the rebuild; a larger value wins in a batch."""

    NONE = 0
    CSS = 1    # swap <link rel=stylesheet> in place: scroll position and state survive
    PAGE = 2


@dataclass(frozen=True)
class Layout:
    """The two settings that change how paths are read."""

    theme: str = "default"
    output: str = "site"


@dataclass(frozen=True)
class Change:
    """One changed path, what it means, and why (shown when debugging the watcher)."""

    kind: Kind
    path: str
    why: str = field(default="", compare=False)

    @property
    def reload(self) -> Reload:
        if self.kind is Kind.IGNORE:
            return Reload.NONE
        if self.kind is Kind.CSS:
            return Reload.CSS
        return Reload.PAGE


# Folders whose contents are never input: output and cache (by Layout), VCS,
# virtualenvs, tool caches. Any segment matching makes the path ignored.
IGNORED_DIRS = frozenset({
    ".dacu", ".git", ".hg", ".svn", ".venv", "venv", "__pycache__", "node_modules",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", ".idea", ".vscode", ".tox",
})

# Temporary files of editors, Office and browsers: they come and go around a
# real save and must not trigger a build of their own. (Hidden names such as
# .#emacs-lock, .foo.md.swp or .DS_Store are caught with hidden folders.)
_TEMP_NAME = re.compile(
    r"""^(?:
        ~\$.*           # Excel/WPS lock file beside an open products.xlsx
      | .*~             # backup copies (vim, gedit)
      | \#.*\#          # emacs auto-save
      | .*\.(?:sw[a-p]|tmp|temp|bak|part|crdownload|orig|rej)
      | 4913            # vim's probe file, written to test a folder is writable
      | Thumbs\.db | desktop\.ini
    )$""",
    re.IGNORECASE | re.VERBOSE,
)



def classify(rel_path: str, *, layout: Layout = Layout(), deleted: bool = False,
             folder: bool = False) -> Change:
    """What a change to ``rel_path`` (relative to the site root) means for the preview.

    ``deleted`` says the file is gone after the batch of events; ``folder``
    says the path is (or was) a folder, which matters only for telling input
    folders from others.
    """
    path = PurePosixPath(rel_path)
    parts = path.parts
    if not parts or path.is_absolute() or ".." in parts:
        return Change(Kind.IGNORE, rel_path, why="outside the site")
    if parts[0] == layout.output or any(p in IGNORED_DIRS or p.startswith(".") for p in parts):
        return Change(Kind.IGNORE, rel_path, why="output, cache or tool folder")
    if _TEMP_NAME.match(path.name):
        return Change(Kind.IGNORE, rel_path, why="temporary or hidden file")
    if rel_path == SETTINGS_FILE:
        return Change(Kind.SETTINGS, rel_path, why="site settings")
    top = parts[0]
    if top == THEMES_DIR and (len(parts) < 2 or parts[1] != layout.theme):
        return Change(Kind.IGNORE, rel_path, why="not the active theme")
    if top not in (CONTENT_DIR, ASSETS_DIR, THEMES_DIR):
        return Change(Kind.IGNORE, rel_path, why="not read by the build")
    if folder:
        return Change(Kind.INPUT, rel_path, why="folder added, moved or removed")
    if top == CONTENT_DIR and not _content_read(parts[1:]):
        return Change(Kind.IGNORE, rel_path, why="not read by the build")
    if top == THEMES_DIR and parts[2:3] == ("static",) and path.suffix.lower() == ".css" and not deleted:
        return Change(Kind.CSS, rel_path, why="stylesheet")
    return Change(Kind.INPUT, rel_path, why="read by the build")


def _content_read(parts: tuple[str, ...]) -> bool:
    """Whether the engine reads this file under content/: Markdown pages and product sheets."""
    name = parts[-1] if parts else ""
    suffix = PurePosixPath(name).suffix.lower()
    if len(parts) == 1 and suffix in SHEET_SUFFIXES and name.lower().startswith("products"):
        return True
    return suffix == ".md"


@dataclass(frozen=True)
class Plan:
    """The merged changes of one batch of saves: one build, one refresh."""

    changes: tuple[Change, ...] = ()

    @property
    def settings(self) -> bool:
        """pyproject.toml changed: the theme or the output folder may have moved."""
        return any(c.kind is Kind.SETTINGS for c in self.changes)

    @property
    def reload(self) -> Reload:
        return max((c.reload for c in self.changes), default=Reload.NONE)

    @property
    def css_paths(self) -> list[str]:
        """Stylesheets to swap, as paths inside the theme's static/ folder."""
        return [c.path.split("/static/", 1)[1] for c in self.changes if c.kind is Kind.CSS]

    def __bool__(self) -> bool:
        return bool(self.changes)

    def describe(self) -> str:
        """A short human summary for the terminal: the first path and a count."""
        if not self.changes:
            return "nothing"
        first = self.changes[0].path
        more = len(self.changes) - 1
        return first if not more else f"{first} and {more} more"


def plan(changes: Iterable[Change]) -> Plan:
    """Merge a batch: drop ignored paths and duplicates, keep the order of first sight."""
    seen: dict[tuple[Kind, str], Change] = {}
    for change in changes:
        if change.kind is not Kind.IGNORE:
            seen.setdefault((change.kind, change.path), change)
    return Plan(tuple(seen.values()))
