"""Which rebuild a changed file needs: a pure function over its path.

The dev server sees paths, not meaning. :func:`classify` turns one changed
path (relative to the site root, POSIX separators) into a :class:`Change`
that names the smallest rebuild that keeps the preview true, and how the
browser must refresh afterwards. :func:`plan` merges the changes of one batch
of saves into a single :class:`Plan`, so five files saved at once cost one
build and one reload.

What each kind means for the engine (it owns the site model, so it resolves
the scope to concrete pages):

==========  ==================================================================
kind        rebuild
==========  ==================================================================
ignore      nothing (output, cache, VCS, editor temp files, other themes)
full        everything (settings, unknown theme files, added/removed pages)
settings    everything: pyproject.toml can change the theme, URLs and rules
page        one campaign (landing page, its venues, which inherit its
            palette, and the detail pages that show its offers) or one venue
products    a product sheet: the detail pages of rows that changed and the
            pages that list them; with ``sku``: that one product
template    the pages whose templates use this one (extends/include)
css         the stylesheet only; the browser swaps it without a page reload
static      copy the file into site/; the pages reload
image       the image's variants, its image checks and the pages that show it
==========  ==================================================================

A new file is classified like a modified one: a save through a rename
(``vim``, most IDEs) looks exactly like a new file to the watcher. Deleted
files are the one case the path alone cannot settle, so the caller says so.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Iterable

from dacu.core.settings import SETTINGS_FILE
from dacu.load import IMAGE_SUFFIXES
from dacu.load.sheets import SHEET_SUFFIXES


class Kind(enum.Enum):
    """What changed, which decides what to rebuild (see the module docstring)."""

    IGNORE = "ignore"
    FULL = "full"
    SETTINGS = "settings"
    PAGE = "page"
    PRODUCTS = "products"
    TEMPLATE = "template"
    CSS = "css"
    STATIC = "static"
    IMAGE = "image"


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
    """One changed path and the smallest rebuild it needs.

    Only the fields that apply to ``kind`` are set: ``campaign``/``venue`` for
    pages, ``sku`` for a product (also for its images), ``template`` (relative
    to the theme's templates/), ``image`` (relative to assets/).
    """

    kind: Kind
    path: str
    campaign: str | None = None
    venue: str | None = None
    sku: str | None = None
    template: str | None = None
    image: str | None = None
    why: str = field(default="", compare=False)

    @property
    def reload(self) -> Reload:
        if self.kind is Kind.IGNORE:
            return Reload.NONE
        if self.kind is Kind.CSS:
            return Reload.CSS
        return Reload.PAGE

    @property
    def full(self) -> bool:
        return self.kind in (Kind.FULL, Kind.SETTINGS)


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
    """The smallest rebuild for a change to ``rel_path`` (relative to the site root).

    ``deleted`` says the file is gone after the batch of events; removing a
    page or a sheet changes the set of URLs and the lists that link them, so
    those fall back to a full build. ``folder`` says the path is (or was) a
    folder: one created, renamed or removed brings or takes files that no
    event names, so any input folder means a full build.
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
    if folder:
        inputs = top in ("content", "assets") or (top == "themes" and (len(parts) == 1 or parts[1] == layout.theme))
        if inputs:
            return Change(Kind.FULL, rel_path, why="folder added, moved or removed")
        return Change(Kind.IGNORE, rel_path, why="not an input folder")
    if top == "content":
        return _content(rel_path, parts[1:], deleted)
    if top == "assets":
        return _asset(rel_path, parts[1:])
    if top == "themes":
        return _theme(rel_path, parts[1:], layout, deleted)
    return Change(Kind.IGNORE, rel_path, why="not read by the build")


def _content(rel: str, parts: tuple[str, ...], deleted: bool) -> Change:
    name = parts[-1] if parts else ""
    suffix = PurePosixPath(name).suffix.lower()
    if len(parts) == 1 and suffix in SHEET_SUFFIXES and name.lower().startswith("products"):
        if deleted:
            return Change(Kind.FULL, rel, why="product sheet removed: its SKUs leave every page")
        return Change(Kind.PRODUCTS, rel, why="product sheet")
    if suffix != ".md":
        # The engine reads Markdown and the sheets above, nothing else in content/.
        return Change(Kind.IGNORE, rel, why="not read by the build")
    if len(parts) == 2 and parts[0] == "products":
        # Long copy: the detail page only, unless its front matter overrides a
        # sheet field shown in lists; the engine compares the product to know.
        return Change(Kind.PRODUCTS, rel, sku=PurePosixPath(name).stem, why="product long copy")
    if len(parts) == 2:
        if deleted:
            return Change(Kind.FULL, rel, why="page removed: links and lists change")
        campaign = parts[0]
        venue = None if name == "index.md" else PurePosixPath(name).stem
        return Change(Kind.PAGE, rel, campaign=campaign, venue=venue,
                      why="campaign page" if venue is None else "venue page")
    # Markdown elsewhere is not a page today; a full build is the safe answer.
    return Change(Kind.FULL, rel, why="Markdown outside content/<campaign>/")


def _asset(rel: str, parts: tuple[str, ...]) -> Change:
    image = "/".join(parts)
    if PurePosixPath(rel).suffix.lower() not in IMAGE_SUFFIXES:
        return Change(Kind.STATIC, rel, image=image, why="asset copied as is")
    sku = parts[1] if len(parts) >= 3 and parts[0] == "products" else None
    campaign = parts[1] if len(parts) >= 3 and parts[0] == "campaigns" else None
    return Change(Kind.IMAGE, rel, image=image, sku=sku, campaign=campaign, why="image")


def _theme(rel: str, parts: tuple[str, ...], layout: Layout, deleted: bool) -> Change:
    if len(parts) < 2 or parts[0] != layout.theme:
        return Change(Kind.IGNORE, rel, why="not the active theme")
    area, inner = parts[1], parts[2:]
    if area == "templates" and inner:
        if deleted:
            return Change(Kind.FULL, rel, why="template removed")
        return Change(Kind.TEMPLATE, rel, template="/".join(inner), why="template")
    if area == "static" and inner:
        if PurePosixPath(rel).suffix.lower() == ".css" and not deleted:
            # Theme CSS also feeds the palette checks, so it is still built.
            return Change(Kind.CSS, rel, why="stylesheet")
        return Change(Kind.STATIC, rel, why="theme file copied as is")
    return Change(Kind.FULL, rel, why="theme file outside templates/ and static/")


@dataclass(frozen=True)
class Plan:
    """The merged changes of one batch of saves: one build, one refresh."""

    changes: tuple[Change, ...] = ()

    @property
    def full(self) -> bool:
        return any(c.full for c in self.changes)

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
    """Merge a batch: drop ignored paths and duplicates, keep the order of first sight.

    A full change makes the rest moot, but they are kept so the engine and
    the terminal can still say which files triggered the build.
    """
    seen: dict[tuple[Kind, str], Change] = {}
    for change in changes:
        if change.kind is not Kind.IGNORE:
            seen.setdefault((change.kind, change.path), change)
    return Plan(tuple(seen.values()))
