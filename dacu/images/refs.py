"""The images of a build as pages embed them: the refs and the set the image stage fills.

Kept apart from the stage (:mod:`dacu.images.stage`, which imports the
decoders, the image rules and the variants): a rebuild from the incremental
record reads these back and renders pages with them, and needs nothing else
of the stage.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable



@dataclass(frozen=True)
class ImageRef:
    """One image as a page embeds it: the ``<img>`` file, its size and its variants."""

    rel: str                 # relative to assets/
    path: str                # output path inside site/ of the <img src> (fallback) file
    width: int
    height: int
    srcset: tuple[tuple[str, int], ...] = ()    # (output path, width) of the fallback format
    sources: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()  # (mime type, srcset) for <source>


@dataclass
class ImageSet:
    """The images of one build: refs by source, and the files to publish."""

    assets_dir: Path
    refs: dict[str, ImageRef] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)        # output path -> file to copy
    used: dict[str, ImageRef] = field(default_factory=dict)
    fallback: Callable[[str], ImageRef] | None = None
    page_used: set[str] = field(default_factory=set)          # what the page being rendered shows
    problems: set[str] = field(default_factory=set)           # sources reported as image-unreadable
    cache_dir: Path | None = None                              # where variants are kept

    def ref(self, rel: str) -> ImageRef:
        """The image as a page embeds it; marks its files for publishing."""
        ref = self.refs.get(rel)
        if ref is None:
            ref = self.fallback(rel) if self.fallback else ImageRef(rel, _shown(rel), 0, 0)
            self.refs[rel] = ref
        self.used[rel] = ref
        self.page_used.add(rel)
        return ref

    def peek(self, rel: str) -> ImageRef | None:
        """The ref of ``rel`` if the stage made one, without marking it used."""
        return self.refs.get(rel)

    def unreadable_paths(self) -> set[str]:
        """Output paths of images already reported unreadable (a link to them is no second finding)."""
        return {posixpath.normpath(_shown(rel)) for rel in self.problems}

    def published(self) -> dict[str, Path]:
        """Output path → source file of every file the used refs point at."""
        out: dict[str, Path] = {}
        for ref in self.used.values():
            out.update({p: self.files[p] for p in self.outputs(ref)})
        return out

    def outputs(self, ref: ImageRef) -> list[str]:
        """The output paths of the files ``ref`` points at (those :meth:`published` publishes once it is used)."""
        paths = [ref.path, *(p for p, _ in ref.srcset), *(p for _, s in ref.sources for p, _ in s)]
        return [p for p in paths if p in self.files]


def _shown(rel: str) -> str:
    """:func:`dacu.load.shown_path`, whose module (the image decoding) a rebuild from the record, which
    unpickles this module's classes, need not import."""
    from dacu.load import shown_path

    return shown_path(rel)
