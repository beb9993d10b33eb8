"""Images that pages show: their sizes and the files published for them.

Rendering asks for an :class:`ImageRef` per image; the writer then publishes
exactly the images that were asked for, so only used assets reach site/.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image


@dataclass(frozen=True)
class ImageRef:
    """One image as a page embeds it: published path and intrinsic size."""

    rel: str                 # relative to assets/
    path: str                # output path inside site/
    width: int
    height: int
    srcset: tuple[tuple[str, int], ...] = ()    # (output path, width) of smaller variants
    sources: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()  # (mime type, srcset) for <source>


@dataclass
class ImageSet:
    """The images of one build: resolved on demand, published by the writer."""

    assets_dir: Path
    used: dict[str, ImageRef] = field(default_factory=dict)
    _sizes: dict[str, tuple[int, int]] = field(default_factory=dict)

    def inside(self, rel: str) -> Path | None:
        """The file for ``rel`` if it lies inside assets/ (symlinks resolved), else None."""
        base = self.assets_dir.resolve()
        path = (self.assets_dir / rel).resolve()
        return path if path.is_relative_to(base) and path.is_file() else None

    def size(self, rel: str) -> tuple[int, int]:
        """Pixel size, read from the header only (the checks decode the pixels)."""
        if rel not in self._sizes:
            path = self.inside(rel)
            try:
                with Image.open(path) as im:  # type: ignore[arg-type]
                    width, height = im.size
                    if im.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # EXIF says: rotated by 90°
                        width, height = height, width
            except (OSError, TypeError, ValueError, Image.DecompressionBombError):
                width, height = 0, 0  # reported as image-unreadable by the checks
            self._sizes[rel] = (width, height)
        return self._sizes[rel]

    def ref(self, rel: str) -> ImageRef:
        """The image as a page embeds it; marks it as used."""
        if rel not in self.used:
            width, height = self.size(rel)
            self.used[rel] = ImageRef(rel=rel, path=f"assets/{rel}", width=width, height=height)
        return self.used[rel]
